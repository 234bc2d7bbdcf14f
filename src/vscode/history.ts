import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { isChatError } from '../core/errors';
import type { Logger } from '../core/logger';
import { plainText } from './plainText';

/** A quick pick over the CLI's transcripts for the folder; the pick is shown and resumed. */
export async function pickFromHistory(chat: Chat | undefined, log: Logger): Promise<void> {
  const history = chat?.history;
  if (!chat || !history) {
    void vscode.window.showWarningMessage(chat ? vscode.l10n.t('History lists Claude (CLI) chats; this chat uses another agent.') : vscode.l10n.t('Open a folder to see its Claude chats.'));
    return;
  }
  const folder = chat.status.folder!;
  const scan = await history.list();
  for (const s of scan.skipped) log.warn(`[history] skipped ${s.file}: ${s.reason}`);
  if (scan.entries.length === 0) {
    void vscode.window.showInformationMessage(plainText(`${vscode.l10n.t('No earlier Claude chats for {0}.', folder)}${scan.skipped.length ? ` ${vscode.l10n.t('{0} unreadable transcript(s) were skipped (see logs).', scan.skipped.length)}` : ''}`));
    return;
  }
  const pick = await vscode.window.showQuickPick(
    scan.entries.map((e) => ({
      label: plainText(oneLine(e.firstPrompt, 120)),
      // A fork starts like its original: say which is which.
      description: e.fork ? vscode.l10n.t('fork · {0}', new Date(e.lastActivity).toLocaleString()) : new Date(e.lastActivity).toLocaleString(),
      // The latest prompt, not the session's UUID: a fork starts with its original's first prompt,
      // and is told apart by where it went.
      detail: plainText(e.lastPrompt && e.lastPrompt !== e.firstPrompt ? vscode.l10n.t('{0} messages · last: {1}', e.messageCount, oneLine(e.lastPrompt, 100)) : vscode.l10n.t('{0} messages', e.messageCount)),
      id: e.sessionId,
    })),
    {
      title: plainText(vscode.l10n.t('Claude chats in {0}', folder)),
      placeHolder: scan.skipped.length ? vscode.l10n.t('{0} unreadable transcript(s) skipped; see the logs', scan.skipped.length) : vscode.l10n.t('Pick a chat to continue'),
      matchOnDetail: true,
    },
  );
  if (!pick) return;
  try {
    await history.open(pick.id);
  } catch (err) {
    const message = isChatError(err) ? err.message : String(err);
    void vscode.window.showErrorMessage(plainText(message));
  }
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
