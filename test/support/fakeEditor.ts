import { pathToFileURL } from 'node:url';
import type { DiffOutcome, DiffRequest, EditorPort, FileDiagnostics, OpenFileRequest, SelectionInfo } from '../../src/ide/editorPort';

/** An EditorPort with fixed answers, recording calls; openDiff waits for the test to answer it. */
export class FakeEditor implements EditorPort {
  readonly calls: { name: string; arg?: unknown }[] = [];
  readonly diffs: { request: DiffRequest; answer: (o: DiffOutcome) => void; signal: AbortSignal }[] = [];
  diagnosticsByFile = new Map<string, FileDiagnostics['diagnostics']>();
  constructor(readonly folders: string[]) {}
  workspaceFolders() {
    return this.folders.map((path) => ({ name: path.split('/').pop() ?? path, path }));
  }
  async diagnostics(filePath?: string): Promise<FileDiagnostics[]> {
    this.calls.push({ name: 'diagnostics', arg: filePath });
    const all = [...this.diagnosticsByFile].map(([file, diagnostics]) => ({ uri: pathToFileURL(file).href, diagnostics }));
    return filePath ? all.filter((d) => d.uri === pathToFileURL(filePath).href) : all;
  }
  openEditors() {
    return [];
  }
  currentSelection(): SelectionInfo | undefined {
    return undefined;
  }
  latestSelection(): SelectionInfo | undefined {
    return undefined;
  }
  async openFile(request: OpenFileRequest) {
    this.calls.push({ name: 'openFile', arg: request });
    return { languageId: 'plaintext', lineCount: 1 };
  }
  documentState(filePath: string) {
    this.calls.push({ name: 'documentState', arg: filePath });
    return { isDirty: false, isUntitled: false };
  }
  async saveDocument(filePath: string) {
    this.calls.push({ name: 'saveDocument', arg: filePath });
    return true;
  }
  openDiff(request: DiffRequest, signal: AbortSignal): Promise<DiffOutcome> {
    this.calls.push({ name: 'openDiff', arg: request });
    return new Promise((resolve) => {
      this.diffs.push({ request, answer: resolve, signal });
      signal.addEventListener('abort', () => resolve({ kind: 'closed' }));
    });
  }
  async closeTab(tabName: string) {
    this.calls.push({ name: 'closeTab', arg: tabName });
    const d = this.diffs.find((x) => x.request.tabName === tabName);
    d?.answer({ kind: 'closed' });
    return d !== undefined;
  }
  async closeAllDiffTabs() {
    return 0;
  }
}
