import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { LocatedHunk, TurnFilter } from '../../chat/review/reviewModel';
import type { Logger } from '../../core/logger';
import { COMMANDS } from '../constants';
import { plainText } from '../plainText';
import type { ReviewController } from './reviewController';
import { originLabel } from './reviewEditor';
import type { ReviewNode } from './reviewTree';

/** What a review command acts on: a CodeLens's hunk, a row of the list, or (none) the cursor. */
type Target = { path: string; id: string } | ReviewNode | undefined;

const MAX_LISTED = 10;

export function registerReviewCommands(context: vscode.ExtensionContext, review: ReviewController, log: Logger): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  const m = review.model;

  reg(COMMANDS.reviewKeepHunk, async (arg?: unknown) => {
    const t = arg as Target;
    if (t && 'kind' in t && t.kind === 'command') return m.dismissCommandFile(t.path);
    if (t && 'kind' in t && t.kind === 'file') return void m.hunks(t.path).map((h) => h.id).forEach((id) => m.keep(t.path, id));
    const hunk = t && 'id' in t ? t : await atCursor(review);
    if (hunk) m.keep(hunk.path, hunk.id);
  });

  reg(COMMANDS.reviewUndoHunk, async (arg?: unknown) => {
    const t = arg as Target;
    if (t && 'kind' in t && t.kind === 'command') return;
    if (t && 'kind' in t && t.kind === 'file') return undoMany(review, log, [t.path], undefined);
    const hunk = t && 'id' in t ? t : await atCursor(review);
    if (hunk) await undoOne(review, log, hunk.path, hunk.id);
  });

  reg(COMMANDS.reviewNextHunk, () => step(review, 1));
  reg(COMMANDS.reviewPreviousHunk, () => step(review, -1));

  reg(COMMANDS.reviewRevealHunk, async (arg?: unknown) => {
    const t = arg as Target;
    if (!t || !('id' in t)) return;
    const l = (await review.locate(t.path)).find((x) => x.hunk.id === t.id);
    if (l) await reveal(t.path, l);
  });

  reg(COMMANDS.reviewKeepAll, async (arg?: unknown) => {
    const t = arg as Target;
    if (t && 'kind' in t && t.kind !== 'hunk') return vscode.commands.executeCommand(COMMANDS.reviewKeepHunk, t);
    const scope = isTurn(arg) ? { filter: arg } : await pickScope(review, vscode.l10n.t('Keep which of Claude\'s changes?'));
    if (!scope) return;
    m.keepAll(scope.filter);
  });

  reg(COMMANDS.reviewUndoAll, async (arg?: unknown) => {
    const t = arg as Target;
    if (t && 'kind' in t && t.kind === 'file') return undoMany(review, log, [t.path], undefined);
    const scope = isTurn(arg) ? { filter: arg } : await pickScope(review, vscode.l10n.t('Undo which of Claude\'s changes?'));
    if (!scope) return;
    await undoMany(review, log, m.paths(), scope.filter);
  });
}

function isTurn(arg: unknown): arg is TurnFilter {
  return typeof arg === 'object' && arg !== null && typeof (arg as TurnFilter).chatId === 'string' && typeof (arg as TurnFilter).turnId === 'string';
}

/** The hunk at the cursor of the active editor: the one whose lines hold it, or whose removed lines were right there. */
async function atCursor(review: ReviewController): Promise<{ path: string; id: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const path = editor.document.uri.fsPath;
  const line = editor.selection.active.line;
  const hunks = review.locateIn(editor.document);
  const hit = hunks.find((l) => l.start <= line && line < l.end) ?? hunks.find((l) => l.start === l.end && (line === l.start || line === l.start - 1));
  if (!hit) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No change of Claude's at the cursor."));
    return undefined;
  }
  return { path, id: hit.hunk.id };
}

async function undoOne(review: ReviewController, log: Logger, path: string, id: string): Promise<void> {
  const first = review.model.planUndo(path, id, (await review.currentText(path)) ?? '');
  if (!first) return;
  if (first.edited) {
    const undo = vscode.l10n.t('Undo Anyway');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t("These lines were changed after Claude's edit."),
      { modal: true, detail: vscode.l10n.t("Undo puts back the lines from before Claude's change in {0}; the changes made since in these lines are lost.", plainText(basename(path))) },
      undo,
    );
    if (answer !== undo) return;
  }
  // The text may have moved on while the question was open: plan again on what is there now.
  const plan = review.model.planUndo(path, id, (await review.currentText(path)) ?? '');
  if (!plan) return;
  if (plan.edited && !first.edited) return undoOne(review, log, path, id);
  if (await write(review, log, path, plan.text, plan.deleteFile)) review.model.undone(path, id);
}

async function undoMany(review: ReviewController, log: Logger, paths: string[], filter: TurnFilter | undefined): Promise<void> {
  const plans = async () => {
    const out: { path: string; text: string; ids: string[]; edited: boolean; deleteFile: boolean }[] = [];
    for (const path of paths) {
      const p = review.model.planUndoAll(path, (await review.currentText(path)) ?? '', filter);
      if (p) out.push({ path, ...p });
    }
    return out;
  };
  const first = await plans();
  if (first.length === 0) return;
  const hunks = first.reduce((n, p) => n + p.ids.length, 0);
  const files = first.map((p) => plainText(`• ${basename(p.path)}`));
  const edited = first.some((p) => p.edited) ? `\n\n${vscode.l10n.t("Some of these lines were changed after Claude's edit: those changes are lost too.")}` : '';
  const commands = review.model.commandFiles().filter((c) => !filter || (c.origin.chatId === filter.chatId && c.origin.turnId === filter.turnId));
  const notUndone = commands.length > 0 ? `\n\n${vscode.l10n.t('Files changed by a command are not undone: {0}', plainText(commands.map((c) => basename(c.path)).join(', ')))}` : '';
  const undo = vscode.l10n.t('Undo All');
  const answer = await vscode.window.showWarningMessage(
    hunks === 1 ? vscode.l10n.t("Undo 1 change of Claude's?") : first.length === 1 ? vscode.l10n.t("Undo {0} changes of Claude's in 1 file?", hunks) : vscode.l10n.t("Undo {0} changes of Claude's in {1} files?", hunks, first.length),
    { modal: true, detail: `${files.slice(0, MAX_LISTED).join('\n')}${files.length > MAX_LISTED ? '\n…' : ''}${edited}${notUndone}` },
    undo,
  );
  if (answer !== undo) return;
  for (const p of await plans()) {
    if (!(await write(review, log, p.path, p.text, p.deleteFile))) continue;
    for (const id of p.ids) review.model.undone(p.path, id);
  }
}

async function write(review: ReviewController, log: Logger, path: string, text: string, deleteFile: boolean): Promise<boolean> {
  try {
    if (await review.writeText(path, text, deleteFile)) return true;
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not undo the change in {0}.', plainText(basename(path))));
  } catch (err) {
    log.warn(`[review] undo in ${path}: ${(err as Error).message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not undo the change in {0}: {1}', plainText(basename(path)), plainText((err as Error).message)));
  }
  return false;
}

/** Everything pending, or the changes of one turn (asked only when there are several). */
async function pickScope(review: ReviewController, title: string): Promise<{ filter?: TurnFilter } | undefined> {
  const turns = review.model.turns();
  if (turns.length === 0) return undefined;
  if (turns.length === 1) return {};
  const count = (f: TurnFilter) => review.model.paths().reduce((n, p) => n + review.model.hunks(p).filter((h) => h.origin.chatId === f.chatId && h.origin.turnId === f.turnId).length, 0);
  const items: (vscode.QuickPickItem & { filter?: TurnFilter })[] = [
    { label: vscode.l10n.t('Everything pending'), description: vscode.l10n.t('{0} changes', review.model.count) },
    ...turns.map((o) => ({ label: originLabel({ origin: o } as LocatedHunk['hunk']), description: vscode.l10n.t('{0} changes', count(o)), filter: { chatId: o.chatId, turnId: o.turnId } })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title });
  return pick ? { filter: pick.filter } : undefined;
}

/** The next (or previous) hunk across files, from the cursor; wraps around. */
async function step(review: ReviewController, dir: 1 | -1): Promise<void> {
  const all: { path: string; l: LocatedHunk }[] = [];
  for (const path of review.model.paths()) for (const l of await review.locate(path)) all.push({ path, l });
  if (all.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No changes of Claude's wait for review."));
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const here = editor?.document.uri.scheme === 'file' ? editor.document.uri.fsPath : '';
  const line = editor ? editor.selection.active.line : -1;
  const cmp = (x: { path: string; l: LocatedHunk }) => (x.path < here ? -1 : x.path > here ? 1 : x.l.start - line);
  const target = dir === 1 ? (all.find((x) => cmp(x) > 0) ?? all[0]) : ([...all].reverse().find((x) => cmp(x) < 0) ?? all[all.length - 1]);
  await reveal(target.path, target.l);
}

async function reveal(path: string, l: LocatedHunk): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  const at = Math.min(l.start, Math.max(0, doc.lineCount - 1));
  const pos = new vscode.Position(at, 0);
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: false });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
