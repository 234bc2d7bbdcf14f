import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { rangeMention } from '../chat/mentionPath';
import { DisposableStore } from '../core/disposableStore';
import { resolveInFolder } from './pathCheck';

/** The file the user looks at and the lines selected in it (1-based, inclusive), if any. */
export interface EditorSpot {
  file: string;
  lines?: { start: number; end: number };
}

/**
 * What the selection chip offers: the active text editor's file and selection, followed as the
 * user moves between editors (debounced). Focusing a chat in an editor tab leaves no active text
 * editor: the last one still counts while its tab is open, since it is what the user means.
 */
export class EditorContext implements vscode.Disposable {
  private spotValue: EditorSpot | undefined;
  private last: vscode.TextEditor | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subs = new DisposableStore();

  constructor(private readonly delayMs = 150) {
    this.last = vscode.window.activeTextEditor;
    this.spotValue = this.compute();
    this.subs.add(this.changed);
    this.subs.add(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this.subs.add(vscode.window.onDidChangeTextEditorSelection(() => this.schedule()));
    this.subs.add(vscode.window.tabGroups.onDidChangeTabs(() => this.schedule()));
  }

  get spot(): EditorSpot | undefined {
    return this.spotValue;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subs.dispose();
  }

  private schedule(): void {
    if (vscode.window.activeTextEditor) this.last = vscode.window.activeTextEditor;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const next = this.compute();
      if (JSON.stringify(next) === JSON.stringify(this.spotValue)) return;
      this.spotValue = next;
      this.changed.fire();
    }, this.delayMs);
  }

  private compute(): EditorSpot | undefined {
    const editor = vscode.window.activeTextEditor ?? (this.last && isOpenInTab(this.last.document.uri) ? this.last : undefined);
    if (!editor || editor.document.uri.scheme !== 'file') return undefined;
    const sel = editor.selection;
    if (sel.isEmpty) return { file: editor.document.uri.fsPath };
    // A selection ending at column 0 does not include that line.
    const end = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
    return { file: editor.document.uri.fsPath, lines: { start: sel.start.line + 1, end } };
  }
}

function isOpenInTab(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()));
}

/**
 * The chip's mention for a chat in `folder`: the path relative to it, or nothing for a file
 * outside it (symlinks resolved) or a path no mention could safely carry.
 */
export function chipMention(spot: EditorSpot | undefined, folder: string | undefined): string | undefined {
  if (!spot || !folder) return undefined;
  const where = resolveInFolder(spot.file, folder);
  if (!where?.inside) return undefined;
  const rel = nodePath.relative(folder, spot.file).split(nodePath.sep).join('/');
  if (!rel || rel.startsWith('..')) return undefined;
  return rangeMention(rel, spot.lines);
}
