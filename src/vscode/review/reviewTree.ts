import { basename, dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposableStore';
import { COMMANDS, REVIEW_VIEW } from '../constants';
import { plainText } from '../plainText';
import type { ReviewController } from './reviewController';
import { originLabel } from './reviewEditor';

/** A row of "Review Changes": a file with hunks, one hunk, or a file a command changed. */
export type ReviewNode = { kind: 'file'; path: string } | { kind: 'hunk'; path: string; id: string } | { kind: 'command'; path: string };

/**
 * "Claude: Review Changes": the files and hunks still pending, across turns and chats, with
 * counts; a click reveals the hunk. File and model text is plain text.
 */
export class ReviewTree implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly subs = new DisposableStore();
  private readonly treeChanged = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.treeChanged.event;
  readonly view: vscode.TreeView<ReviewNode>;

  constructor(private readonly review: ReviewController) {
    this.view = vscode.window.createTreeView(REVIEW_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subs.add(this.view);
    this.subs.add(this.treeChanged);
    this.subs.add(review.model.onDidChange(() => this.refresh()));
    this.refresh();
  }

  private refresh(): void {
    const hunks = this.review.model.count;
    const commands = this.review.model.commandFiles().length;
    const total = hunks + commands;
    this.view.badge = total > 0 ? { value: total, tooltip: total === 1 ? vscode.l10n.t('1 change of Claude\'s to review') : vscode.l10n.t('{0} changes of Claude\'s to review', total) } : undefined;
    this.view.description = total > 0 ? countText(hunks, this.review.model.paths().length) : undefined;
    this.treeChanged.fire(undefined);
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    const m = this.review.model;
    if (!node) return [...m.paths().map((path) => ({ kind: 'file', path }) as const), ...m.commandFiles().map((c) => ({ kind: 'command', path: c.path }) as const)];
    if (node.kind === 'file') return m.hunks(node.path).map((h) => ({ kind: 'hunk', path: node.path, id: h.id }));
    return [];
  }

  getParent(node: ReviewNode): ReviewNode | undefined {
    return node.kind === 'hunk' ? { kind: 'file', path: node.path } : undefined;
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    const uri = vscode.Uri.file(node.path);
    switch (node.kind) {
      case 'file': {
        const hunks = this.review.model.hunks(node.path);
        const item = new vscode.TreeItem(plainText(basename(node.path)), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `file:${node.path}`;
        item.resourceUri = uri;
        const chats = [...new Set(hunks.map((h) => h.origin.chat))].join(', ');
        item.description = plainText(`${where(node.path)}${hunks.length === 1 ? vscode.l10n.t('1 change') : vscode.l10n.t('{0} changes', hunks.length)} · ${chats}`);
        item.tooltip = plainText(node.path);
        item.contextValue = 'reviewFile';
        return item;
      }
      case 'hunk': {
        const h = this.review.model.hunk(node.path, node.id);
        const item = new vscode.TreeItem(vscode.l10n.t('Line {0}', (h?.targetStart ?? 0) + 1), vscode.TreeItemCollapsibleState.None);
        item.id = `hunk:${node.path}:${node.id}`;
        if (h) {
          item.label = h.target.length > 1 ? vscode.l10n.t('Lines {0}–{1}', h.targetStart + 1, h.targetStart + h.target.length) : vscode.l10n.t('Line {0}', h.targetStart + 1);
          item.description = `+${h.target.length} −${h.base.length} · ${originLabel(h)}`;
          item.tooltip = plainText(`${h.origin.chat}${h.origin.prompt ? `: ${h.origin.prompt}` : ''}`);
        }
        item.command = { title: vscode.l10n.t('Show'), command: COMMANDS.reviewRevealHunk, arguments: [node] };
        item.contextValue = 'reviewHunk';
        return item;
      }
      case 'command': {
        const c = this.review.model.commandFiles().find((x) => x.path === node.path);
        const item = new vscode.TreeItem(plainText(basename(node.path)), vscode.TreeItemCollapsibleState.None);
        item.id = `command:${node.path}`;
        item.resourceUri = uri;
        item.description = plainText(`${where(node.path)}${vscode.l10n.t('changed by a command')}${c ? ` · ${c.origin.chat}` : ''}`);
        item.tooltip = plainText(`${node.path}\n${vscode.l10n.t('A command Claude ran changed this file: there is no per-change record, so it has no Undo here.')}`);
        item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [uri] };
        item.contextValue = 'reviewCommandFile';
        return item;
      }
    }
  }

  dispose(): void {
    this.subs.dispose();
  }
}

function countText(hunks: number, files: number): string {
  const h = hunks === 1 ? vscode.l10n.t('1 change') : vscode.l10n.t('{0} changes', hunks);
  return files === 1 ? vscode.l10n.t('{0} in 1 file', h) : vscode.l10n.t('{0} in {1} files', h, files);
}

/** "src/lib · " for a file inside a workspace folder; nothing otherwise. */
function where(path: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path));
  const dir = folder ? relative(folder.uri.fsPath, dirname(path)) : dirname(path);
  return dir && dir !== '.' ? `${dir} · ` : '';
}
