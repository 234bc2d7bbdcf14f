import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { ChatSet } from '../chat/chatSet';
import { focusedChat, targetChat, type CommandDeps } from './commandDeps';
import { COMMANDS } from './constants';
import type { ChatListIntent } from './intents';
import { closeChat, pickChat, renameChat } from './chatTabs';

/** Several chats and editor-tab chats: the chat list's commands and intents. */
function setOf(d: CommandDeps, chat: Chat | undefined): { set: ChatSet; id?: string } | undefined {
  const where = chat ? d.hub.locate(chat) : undefined;
  if (where) return { set: where.set, id: where.id };
  const set = d.hub.activeSet();
  return set ? { set } : undefined;
}

export function registerChatCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg(COMMANDS.stopAll, async () => {
    d.log.info('[commands] stop all requested');
    await d.hub.stopAll();
  });
  reg(COMMANDS.openInEditor, (shown?: unknown) => {
    const chat = targetChat(d, shown) ?? d.hub.activeSet()?.add();
    if (!chat) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder to chat with Claude.'));
      return;
    }
    d.editors.show(chat);
  });
  reg(COMMANDS.switchChat, async () => {
    const set = d.hub.activeSet();
    if (set) await pickChat(set);
  });
  reg(COMMANDS.renameChat, async (id?: unknown) => {
    const where = setOf(d, focusedChat(d));
    const target = typeof id === 'string' ? id : where?.id;
    if (where && target) await renameChat(where.set, target);
  });
  reg(COMMANDS.closeChat, async (id?: unknown) => {
    const where = setOf(d, focusedChat(d));
    const target = typeof id === 'string' ? id : where?.id;
    if (where && target) await closeChat(where.set, target);
  });
}

/** Runs a chat-list intent from a surface that shows `shown`. */
export async function runChatIntent(d: CommandDeps, intent: ChatListIntent, shown: Chat | undefined): Promise<void> {
  const where = setOf(d, shown);
  if (!where) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder to chat with Claude.'));
    return;
  }
  switch (intent.type) {
    case 'openChat':
      where.set.add();
      return;
    case 'switchChat':
      where.set.focus(intent.id);
      return;
    case 'renameChat':
      return renameChat(where.set, intent.id);
    case 'closeChat':
      return closeChat(where.set, intent.id);
    case 'pickChat':
      await pickChat(where.set);
      return;
    case 'openInEditor':
      if (shown) d.editors.show(shown);
      return;
    default: {
      const never: never = intent;
      d.log.warn(`unhandled chat intent ${JSON.stringify(never)}`);
    }
  }
}
