import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../chat/fileChanges';
import { applyEdit } from '../shared/toolValues';
import { plainText } from './plainText';

const SCHEME = 'claude-chat-preview';

/** Before/after of a proposed Write or Edit, shown in VS Code's diff editor from virtual documents. */
export class DiffPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private counter = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.path) ?? '';
  }

  /** Opens the diff for a tool input, or says why it can't; returns its "after" document (see `close`). */
  async show(toolName: string, input: Record<string, unknown>): Promise<vscode.Uri | undefined> {
    const path = typeof input.file_path === 'string' ? input.file_path : undefined;
    if (!path) return undefined;
    const before = await readFile(path, 'utf8').catch(() => '');
    const after = proposedContent(toolName, input, before);
    if (after === undefined) {
      void vscode.window.showWarningMessage(plainText(vscode.l10n.t("Claude's {0} of {1} does not match the file's current content.", toolName, basename(path))));
      return undefined;
    }
    const id = ++this.counter;
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/before/${basename(path)}` });
    const right = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/after/${basename(path)}` });
    this.docs.set(left.path, before);
    this.docs.set(right.path, after);
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('{0} (proposed by Claude)', basename(path)), { preview: true });
    return right;
  }

  /** Claude's change to a file: the "before" is virtual; the "after" is the file itself while it still matches. */
  async showChange(change: FileChange): Promise<void> {
    const id = ++this.counter;
    const name = basename(change.filePath);
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/before/${name}` });
    this.docs.set(left.path, change.before);
    const current = await readFile(change.filePath, 'utf8').catch(() => undefined);
    let right = vscode.Uri.file(change.filePath);
    if (current !== change.after) {
      right = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/after/${name}` });
      this.docs.set(right.path, change.after);
    }
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t("{0} (Claude's {1})", name, change.tool), { preview: true });
  }

  /** Two given texts side by side (checkpoints: the file now vs what a restore puts back). */
  async showTexts(path: string, left: string, right: string, title: string): Promise<vscode.Uri> {
    const id = ++this.counter;
    const name = basename(path);
    const l = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/now/${name}` });
    const r = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/restored/${name}` });
    this.docs.set(l.path, left);
    this.docs.set(r.path, right);
    await vscode.commands.executeCommand('vscode.diff', l, r, title, { preview: false });
    return r;
  }

  /**
   * Closes the diff tabs whose right side is one of `shown` (from `show` or `showTexts`): a
   * proposal's diff after its permission was decided, a restore's diffs after the restore was
   * confirmed or cancelled. They were opened for that decision only. Drops their documents too.
   */
  async close(shown: readonly vscode.Uri[]): Promise<void> {
    if (shown.length === 0) return;
    const paths = new Set(shown.map((u) => u.toString()));
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && paths.has(t.input.modified.toString()));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    for (const u of shown) {
      this.docs.delete(u.path);
      this.docs.delete(u.path.replace(/\/(after|restored)\//, (_m, k: string) => (k === 'after' ? '/before/' : '/now/')));
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.docs.clear();
  }
}

/** What the file would hold after the tool runs; undefined when an Edit no longer applies. */
export function proposedContent(toolName: string, input: Record<string, unknown>, before: string): string | undefined {
  if (toolName === 'Write') return typeof input.content === 'string' ? input.content : '';
  if (toolName === 'Edit') {
    const oldS = typeof input.old_string === 'string' ? input.old_string : '';
    const newS = typeof input.new_string === 'string' ? input.new_string : '';
    if (!oldS || !before.includes(oldS)) return undefined;
    return applyEdit(before, oldS, newS, input.replace_all === true);
  }
  return undefined;
}
