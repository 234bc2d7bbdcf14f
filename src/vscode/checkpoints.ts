import { basename } from 'node:path';
import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { Chat } from '../chat/chat';
import type { RestoreFile } from '../chat/checkpoints';
import type { Logger } from '../core/logger';
import type { HostMessage } from '../shared/contract';
import type { DiffPreview } from './diffPreview';

/**
 * The native side of checkpoints: the panel only asks; every restore, rewind and revert is
 * shown (diffs) and confirmed here in a modal. Nothing runs during a turn.
 */
export interface CheckpointContext {
  controller: Chat | undefined;
  diff: DiffPreview;
  log: Logger;
  reply: (message: HostMessage) => void;
}

const MAX_DIFFS = 5;

function busyMessage(): void {
  void vscode.window.showWarningMessage(vscode.l10n.t('Claude is working on a turn. Stop it first, then restore or rewind.'));
}

function available(chat: Chat | undefined): NonNullable<Chat['checkpoints']> | undefined {
  const c = chat?.checkpoints;
  if (!c) void vscode.window.showInformationMessage(vscode.l10n.t('This chat does not keep checkpoints.'));
  return c;
}

/** "Restore files to before this prompt": the plan, a diff per file, a modal, then the restore. */
export async function restoreCheckpoint(turnId: string, ctx: CheckpointContext): Promise<void> {
  const cp = available(ctx.controller);
  if (!cp) return;
  if (ctx.controller?.isBusy) return busyMessage();
  let files: RestoreFile[];
  try {
    files = (await cp.plan(turnId)).files;
  } catch (err) {
    return failed(err, ctx);
  }
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to restore: the files Claude changed since this prompt are as they were.'));
    return;
  }
  const shown: vscode.Uri[] = [];
  for (const f of files.slice(0, MAX_DIFFS)) {
    const title = vscode.l10n.t('{0}: now ↔ restored', basename(f.path));
    shown.push(await ctx.diff.showTexts(f.path, f.current ?? '', f.target ?? '', title));
  }
  const edited = files.filter((f) => f.changedSinceClaude);
  // File names come from the workspace: plain text.
  const lines = files.map((f) => plainText(`• ${basename(f.path)}${describe(f)}`));
  const warning =
    edited.length > 0
      ? `\n\n${edited.length === 1 ? vscode.l10n.t("One file was changed after Claude's last edit (by you or a command). Those changes will be lost.") : vscode.l10n.t("{0} files were changed after Claude's last edit (by you or a command). Those changes will be lost.", edited.length)}`
      : '';
  const more = files.length > MAX_DIFFS ? `\n\n${vscode.l10n.t('Diffs are open for the first {0}.', MAX_DIFFS)}` : '';
  const restoreFiles = vscode.l10n.t('Restore Files');
  const ok = await vscode.window.showWarningMessage(
    files.length === 1 ? vscode.l10n.t('Restore 1 file to before this prompt?') : vscode.l10n.t('Restore {0} files to before this prompt?', files.length),
    { modal: true, detail: `${lines.join('\n')}${warning}${more}` },
    restoreFiles,
  );
  // The diffs were opened for this decision; it is made either way.
  await ctx.diff.close(shown);
  if (ok !== restoreFiles) return;
  if (ctx.controller?.isBusy) return busyMessage();
  try {
    const restored = await cp.restore(turnId);
    void vscode.window.showInformationMessage(restored.length === 1 ? vscode.l10n.t('Restored 1 file to before the prompt.') : vscode.l10n.t('Restored {0} files to before the prompt.', restored.length));
  } catch (err) {
    failed(err, ctx);
  }
}

function describe(f: RestoreFile): string {
  const parts: string[] = [];
  if (!f.targetKnown) parts.push(vscode.l10n.t('content not recorded here'));
  else if (f.target === undefined) parts.push(vscode.l10n.t('will be deleted'));
  else if (f.current === undefined) parts.push(vscode.l10n.t('will be created again'));
  if (f.changedSinceClaude) parts.push(vscode.l10n.t('changed since Claude edited it'));
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** "Edit and resend": the prompt box takes the prompt's text, marked as an edit of it. */
export function editPrompt(turnId: string, ctx: CheckpointContext): void {
  const cp = available(ctx.controller);
  const text = cp?.promptText(turnId);
  if (text === undefined) return;
  ctx.reply({ type: 'editPrompt', turnId, text });
}

/** Sending an edited prompt: ask how far to rewind, then fork the conversation there. */
export async function sendEdited(turnId: string, text: string, ctx: CheckpointContext): Promise<void> {
  const cp = available(ctx.controller);
  if (!cp) return;
  if (ctx.controller?.isBusy) return busyMessage();
  const both = vscode.l10n.t('Rewind Conversation and Files');
  const only = vscode.l10n.t('Rewind Conversation Only');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('Replace this prompt and everything after it?'),
    { modal: true, detail: vscode.l10n.t('The conversation continues from before this prompt with your edited text. The original conversation stays in the history.') },
    both,
    only,
  );
  if (pick !== both && pick !== only) {
    ctx.reply({ type: 'editPrompt', turnId, text });
    return;
  }
  try {
    await cp.fork(turnId, text, { restoreFiles: pick === both });
  } catch (err) {
    failed(err, ctx);
    ctx.reply({ type: 'editPrompt', turnId, text });
  }
}

/** A turn footer's file: that turn's change in the diff editor. */
export async function turnFileDiff(turnId: string, path: string, ctx: CheckpointContext): Promise<void> {
  const change = ctx.controller?.checkpoints?.turnChanges(turnId).find((c) => c.filePath === path);
  if (!change) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The change for this file is no longer known.'));
    return;
  }
  await ctx.diff.showChange(change);
}

/** Puts one file back as it was before the turn (deletes it if the turn created it), after a modal. */
export async function turnFileRevert(turnId: string, path: string, ctx: CheckpointContext): Promise<void> {
  const change = ctx.controller?.checkpoints?.turnChanges(turnId).find((c) => c.filePath === path);
  if (!change) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The change for this file is no longer known.'));
    return;
  }
  if (ctx.controller?.isBusy) return busyMessage();
  const uri = vscode.Uri.file(path);
  const current = await vscode.workspace.fs.readFile(uri).then((b) => Buffer.from(b).toString('utf8'), () => undefined);
  const edited = current !== change.after ? `\n\n${vscode.l10n.t('The file changed after this turn; those changes will be lost too.')}` : '';
  const revert = vscode.l10n.t('Revert');
  // The file name comes from the workspace: plain text.
  const ok = await vscode.window.showWarningMessage(
    plainText(vscode.l10n.t('Revert {0} to before this turn?', basename(path))),
    { modal: true, detail: `${change.created ? vscode.l10n.t('The turn created it: it will be deleted.') : vscode.l10n.t('Its content goes back to what it was before the turn.')}${edited}` },
    revert,
  );
  if (ok !== revert) return;
  if (change.created) await vscode.workspace.fs.delete(uri, { useTrash: false });
  else await vscode.workspace.fs.writeFile(uri, Buffer.from(change.before, 'utf8'));
}

function failed(err: unknown, ctx: CheckpointContext): void {
  const message = err instanceof Error ? err.message : String(err);
  ctx.log.warn(`checkpoint: ${message}`);
  // The CLI's own error text: plain text.
  void vscode.window.showWarningMessage(plainText(vscode.l10n.t('Could not restore: {0}', message)));
}
