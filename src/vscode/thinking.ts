import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Logger } from '../core/logger';

/** Extended thinking on or off for the chat's next turns (the CLI's `set_max_thinking_tokens`). */
export async function toggleThinking(chat: Chat | undefined, log: Logger): Promise<boolean | undefined> {
  if (!chat?.setThinking) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Extended thinking can be toggled for Claude chats only.'));
    return undefined;
  }
  // The CLI thinks by default, so the first toggle turns it off.
  const on = !(chat.thinkingEnabled ?? true);
  await chat.setThinking(on);
  log.info(`[thinking] extended thinking ${on ? 'on' : 'off'}`);
  void vscode.window.showInformationMessage(on ? vscode.l10n.t('Extended thinking is on for the next turns.') : vscode.l10n.t('Extended thinking is off for the next turns.'));
  return on;
}
