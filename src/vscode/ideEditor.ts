import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { DiffOutcome, DiffRequest, EditorPort, EditorTab, FileDiagnostics, OpenFileRequest, SelectionInfo, Severity } from '../ide/editorPort';
import { CONTEXT } from './constants';

/** Read when asked, not when the module loads: activation touches none of the IDE server. */
function severityName(severity: vscode.DiagnosticSeverity): Severity {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'Error';
    case vscode.DiagnosticSeverity.Warning:
      return 'Warning';
    case vscode.DiagnosticSeverity.Information:
      return 'Info';
    case vscode.DiagnosticSeverity.Hint:
      return 'Hint';
    default:
      return 'Info';
  }
}

interface PendingDiff {
  tabName: string;
  /** The editable right side: a file of ours in the extension's storage, holding the proposal. */
  right: vscode.Uri;
  settle: (outcome: DiffOutcome) => void;
}

const sameFile = (a: vscode.Uri, b: vscode.Uri) => a.scheme === b.scheme && a.fsPath === b.fsPath;

/**
 * The IDE server's view of VS Code (src/ide/editorPort.ts). openDiff shows a real diff whose
 * right side is a scratch copy the user may edit; "Accept" (editor title) answers with that
 * text, "Reject" or closing the tab rejects. The CLI writes the file itself from the answer.
 */
export class VscodeEditorPort implements EditorPort, vscode.Disposable {
  private latest: SelectionInfo | undefined;
  private readonly diffs = new Set<PendingDiff>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly storage: vscode.Uri) {
    this.subs.push(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const sel = this.selectionOf(e.textEditor);
        if (sel) this.latest = sel;
      }),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const d = this.diffOfTab(tab);
          // The user closed the diff without answering: that is a rejection.
          if (d) this.finish(d, { kind: 'rejected' }, false);
        }
        this.updateContext();
      }),
    );
  }

  workspaceFolders() {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
  }

  async diagnostics(filePath?: string): Promise<FileDiagnostics[]> {
    const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = filePath ? [[vscode.Uri.file(filePath), vscode.languages.getDiagnostics(vscode.Uri.file(filePath))]] : vscode.languages.getDiagnostics();
    return entries
      .filter(([uri, list]) => uri.scheme === 'file' && (filePath !== undefined || list.length > 0))
      .map(([uri, list]) => ({
        uri: uri.toString(),
        diagnostics: list.map((d) => ({
          message: d.message,
          severity: severityName(d.severity),
          source: d.source,
          code: d.code === undefined ? undefined : String(typeof d.code === 'object' ? d.code.value : d.code),
          range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
        })),
      }));
  }

  openEditors(): EditorTab[] {
    const out: EditorTab[] = [];
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (!(tab.input instanceof vscode.TabInputText)) continue;
        const doc = vscode.workspace.textDocuments.find((d) => sameFile(d.uri, (tab.input as vscode.TabInputText).uri));
        out.push({ uri: tab.input.uri.toString(), isActive: tab.isActive && group.isActive, label: tab.label, languageId: doc?.languageId, isDirty: tab.isDirty });
      }
    }
    return out;
  }

  currentSelection(): SelectionInfo | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor ? this.selectionOf(editor) : undefined;
  }

  latestSelection(): SelectionInfo | undefined {
    return this.latest ?? this.currentSelection();
  }

  async openFile(request: OpenFileRequest): Promise<{ languageId?: string; lineCount?: number }> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(request.filePath));
    let selection: vscode.Range | undefined;
    if (request.startText) {
      const text = doc.getText();
      const start = text.indexOf(request.startText);
      if (start >= 0) {
        const from = doc.positionAt(start);
        let to = doc.positionAt(start + request.startText.length);
        if (request.endText) {
          const end = text.indexOf(request.endText, start + request.startText.length);
          if (end >= 0) to = doc.positionAt(end + request.endText.length);
        }
        if (request.selectToEndOfLine) to = doc.lineAt(to.line).range.end;
        selection = new vscode.Range(from, to);
      }
    }
    await vscode.window.showTextDocument(doc, { preview: request.preview, preserveFocus: !request.makeFrontmost, selection });
    return { languageId: doc.languageId, lineCount: doc.lineCount };
  }

  documentState(filePath: string): { isDirty: boolean; isUntitled: boolean } | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === filePath);
    return doc ? { isDirty: doc.isDirty, isUntitled: doc.isUntitled } : undefined;
  }

  async saveDocument(filePath: string): Promise<boolean | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === filePath);
    return doc ? doc.save() : undefined;
  }

  async openDiff(request: DiffRequest, signal: AbortSignal): Promise<DiffOutcome> {
    const dir = vscode.Uri.joinPath(this.storage, 'ide-diffs', randomBytes(6).toString('hex'));
    await mkdir(dir.fsPath, { recursive: true, mode: 0o700 });
    const right = vscode.Uri.file(join(dir.fsPath, basename(request.filePath)));
    await writeFile(right.fsPath, request.proposed, { mode: 0o600 });
    let left = vscode.Uri.file(request.filePath);
    try {
      await vscode.workspace.fs.stat(left);
    } catch {
      // A new file: the left side is empty.
      left = vscode.Uri.file(join(dir.fsPath, `empty-${basename(request.filePath)}`));
      await writeFile(left.fsPath, '', { mode: 0o600 });
    }
    return new Promise<DiffOutcome>((resolve) => {
      const pending: PendingDiff = { tabName: request.tabName, right, settle: resolve };
      this.diffs.add(pending);
      signal.addEventListener('abort', () => this.finish(pending, { kind: 'closed' }, true));
      const title = vscode.l10n.t("{0} ↔ Claude's proposal (edit, then Accept or Reject)", basename(request.filePath));
      void vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false }).then(
        () => this.updateContext(),
        () => this.finish(pending, { kind: 'rejected' }, false),
      );
    });
  }

  /** Accept or reject the diff in the active tab (the editor title's buttons). */
  async answerActive(accept: boolean): Promise<void> {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const d = tab ? this.diffOfTab(tab) : undefined;
    if (!d) return;
    if (!accept) return this.finish(d, { kind: 'rejected' }, true);
    const doc = vscode.workspace.textDocuments.find((x) => sameFile(x.uri, d.right));
    // The open document's text includes edits the user has not saved; the file is the proposal as sent.
    const text = doc ? doc.getText() : (await vscode.workspace.fs.readFile(d.right)).toString();
    this.finish(d, { kind: 'accepted', text }, true);
  }

  async closeTab(tabName: string): Promise<boolean> {
    const d = [...this.diffs].find((x) => x.tabName === tabName);
    if (!d) return false;
    this.finish(d, { kind: 'closed' }, true);
    return true;
  }

  async closeAllDiffTabs(): Promise<number> {
    const all = [...this.diffs];
    for (const d of all) this.finish(d, { kind: 'closed' }, true);
    return all.length;
  }

  private finish(d: PendingDiff, outcome: DiffOutcome, closeTab: boolean): void {
    if (!this.diffs.delete(d)) return;
    d.settle(outcome);
    void this.closeAndClean(d, closeTab);
    this.updateContext();
  }

  private async closeAndClean(d: PendingDiff, closeTab: boolean): Promise<void> {
    if (closeTab) {
      const doc = vscode.workspace.textDocuments.find((x) => sameFile(x.uri, d.right));
      // Our scratch file: saving it keeps VS Code from asking "save changes?" as the tab closes.
      if (doc?.isDirty) await doc.save();
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && sameFile(t.input.modified, d.right));
      if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
    }
    await rm(vscode.Uri.joinPath(d.right, '..').fsPath, { recursive: true, force: true });
  }

  private diffOfTab(tab: vscode.Tab): PendingDiff | undefined {
    if (!(tab.input instanceof vscode.TabInputTextDiff)) return undefined;
    const modified = tab.input.modified;
    return [...this.diffs].find((d) => sameFile(d.right, modified));
  }

  private updateContext(): void {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    void vscode.commands.executeCommand('setContext', CONTEXT.ideDiffActive, tab !== undefined && this.diffOfTab(tab) !== undefined);
  }

  private selectionOf(editor: vscode.TextEditor): SelectionInfo | undefined {
    const doc = editor.document;
    if (doc.uri.scheme !== 'file' || doc.uri.fsPath.startsWith(this.storage.fsPath)) return undefined;
    const s = editor.selection;
    return {
      text: doc.getText(s),
      filePath: doc.uri.fsPath,
      fileUrl: doc.uri.toString(),
      selection: { start: { line: s.start.line, character: s.start.character }, end: { line: s.end.line, character: s.end.character }, isEmpty: s.isEmpty },
    };
  }

  dispose(): void {
    void this.closeAllDiffTabs();
    for (const s of this.subs) s.dispose();
  }
}
