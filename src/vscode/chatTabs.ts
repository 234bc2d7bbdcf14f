import * as vscode from 'vscode';
import type { ChatSet } from '../chat/chatSet';
import type { ChatTabState } from '../shared/contract';
import { plainText } from './plainText';

/** Native UI for the chat list (several chats): the webview only asks. */

function stateText(state: ChatTabState): string {
  switch (state) {
    case 'idle':
      return '';
    case 'running':
      return vscode.l10n.t('running');
    case 'permission':
      return vscode.l10n.t('waiting for permission');
    case 'error':
      return vscode.l10n.t('error');
  }
}

export async function renameChat(set: ChatSet, id: string): Promise<void> {
  const current = set.titleOf(id);
  if (current === undefined) return;
  const title = await vscode.window.showInputBox({
    title: vscode.l10n.t('Rename chat'),
    value: current,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A chat needs a name.')),
  });
  if (title !== undefined) set.rename(id, title);
}

/** Closes a chat, ending its process tree; asks first while a turn runs. */
export async function closeChat(set: ChatSet, id: string): Promise<void> {
  const chat = set.get(id);
  if (!chat) return;
  if (chat.isBusy) {
    const close = vscode.l10n.t('Close Chat');
    const ok = await vscode.window.showWarningMessage(plainText(vscode.l10n.t('"{0}" is still working. Stop it and close the chat?', set.titleOf(id) ?? id)), { modal: true }, close);
    if (ok !== close) return;
  }
  await set.close(id);
}

/** A quick pick over the open chats (the narrow panel's chat list), with New Chat. */
export async function pickChat(set: ChatSet): Promise<string | undefined> {
  const NEW = '\u0000new';
  const items = [
    ...set.tabs().map((t) => ({
      label: `${t.focused ? '$(check) ' : ''}${plainText(t.title)}`,
      description: [stateText(t.state), t.unread ? vscode.l10n.t('new output') : ''].filter(Boolean).join(' · '),
      id: t.id,
    })),
    { label: `$(add) ${vscode.l10n.t('New Chat')}`, description: '', id: NEW },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Claude chats'), placeHolder: vscode.l10n.t('Switch to a chat') });
  if (!pick) return undefined;
  if (pick.id === NEW) return set.idOf(set.add());
  set.focus(pick.id);
  return pick.id;
}
