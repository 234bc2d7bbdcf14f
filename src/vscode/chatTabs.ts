import * as vscode from 'vscode';
import type { ChatSet } from '../chat/chatSet';
import type { ChatTabState } from '../shared/contract';
import { plainText } from './plainText';

/** Native UI for the chat list (several chats, issue 14): the webview only asks. */

const STATE_TEXT: Record<ChatTabState, string> = {
  idle: '',
  running: 'running',
  permission: 'waiting for permission',
  error: 'error',
};

export async function renameChat(set: ChatSet, id: string): Promise<void> {
  const current = set.titleOf(id);
  if (current === undefined) return;
  const title = await vscode.window.showInputBox({
    title: 'Rename chat',
    value: current,
    validateInput: (v) => (v.trim() ? undefined : 'A chat needs a name.'),
  });
  if (title !== undefined) set.rename(id, title);
}

/** Closes a chat, ending its process tree; asks first while a turn runs. */
export async function closeChat(set: ChatSet, id: string): Promise<void> {
  const chat = set.get(id);
  if (!chat) return;
  if (chat.isBusy) {
    const ok = await vscode.window.showWarningMessage(plainText(`"${set.titleOf(id) ?? id}" is still working. Stop it and close the chat?`), { modal: true }, 'Close Chat');
    if (ok !== 'Close Chat') return;
  }
  await set.close(id);
}

/** A quick pick over the open chats (the narrow panel's chat list), with New Chat. */
export async function pickChat(set: ChatSet): Promise<string | undefined> {
  const NEW = '\u0000new';
  const items = [
    ...set.tabs().map((t) => ({
      label: `${t.focused ? '$(check) ' : ''}${plainText(t.title)}`,
      description: [STATE_TEXT[t.state], t.unread ? 'new output' : ''].filter(Boolean).join(' · '),
      id: t.id,
    })),
    { label: '$(add) New Chat', description: '', id: NEW },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Claude chats', placeHolder: 'Switch to a chat' });
  if (!pick) return undefined;
  if (pick.id === NEW) return set.idOf(set.add());
  set.focus(pick.id);
  return pick.id;
}
