import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { ChatController } from '../chat/chatController';
import { ClaudeError } from '../claude/errors';
import { listHistory } from '../claude/history';
import type { Logger } from '../core/logger';
import { plainText } from './plainText';

/** A quick pick over the CLI's transcripts for the folder; the pick is shown and resumed. */
export async function pickFromHistory(chat: Chat | undefined, log: Logger): Promise<void> {
  const controller = chat instanceof ChatController ? chat : undefined;
  if (!controller) {
    void vscode.window.showWarningMessage(chat ? 'History lists Claude (CLI) chats; this chat uses another agent.' : 'Open a folder to see its Claude chats.');
    return;
  }
  const folder = controller.status.folder!;
  const scan = await listHistory(folder, { ...process.env, ...controller.env });
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
    await controller.openConversation(pick.id);
  } catch (err) {
    const message = err instanceof ClaudeError ? err.message : String(err);
    void vscode.window.showErrorMessage(plainText(message));
  }
}
