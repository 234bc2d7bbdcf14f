import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { isChatError } from '../core/errors';
import type { Logger } from '../core/logger';
import { plainText } from './plainText';

/** A quick pick over the CLI's transcripts for the folder; the pick is shown and resumed. */
export async function pickFromHistory(chat: Chat | undefined, log: Logger): Promise<void> {
  const history = chat?.history;
  if (!chat || !history) {
    void vscode.window.showWarningMessage(chat ? 'History lists Claude (CLI) chats; this chat uses another agent.' : 'Open a folder to see its Claude chats.');
    return;
  }
  const folder = chat.status.folder!;
  const scan = await history.list();
  for (const s of scan.skipped) log.warn(`[history] skipped ${s.file}: ${s.reason}`);
  if (scan.entries.length === 0) {
    void vscode.window.showInformationMessage(plainText(`No earlier Claude chats for ${folder}.${scan.skipped.length ? ` ${scan.skipped.length} unreadable transcript(s) were skipped (see logs).` : ''}`));
    return;
  }
  const pick = await vscode.window.showQuickPick(
    scan.entries.map((e) => ({
      label: plainText(e.firstPrompt.replace(/\s+/g, ' ').slice(0, 120)),
      description: new Date(e.lastActivity).toLocaleString(),
      detail: plainText(`${e.messageCount} messages · ${e.sessionId}`),
      id: e.sessionId,
    })),
    {
      title: plainText(`Claude chats in ${folder}`),
      placeHolder: scan.skipped.length ? `${scan.skipped.length} unreadable transcript(s) skipped; see the logs` : 'Pick a chat to continue',
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
