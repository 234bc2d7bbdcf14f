import type * as vscode from 'vscode';
import type { ChatSet, SavedChat } from '../chat/chatSet';
import type { Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';

/**
 * A folder's open chats across window reloads: their ids, titles, backends and sessions are kept
 * in the workspace state; a restored Claude chat shows its conversation again from the CLI's
 * transcript (reading it spawns nothing).
 */
export function restoreChats(set: ChatSet, state: vscode.Memento, folder: string, log: Logger): void {
  const saved = state.get<{ chats?: SavedChat[]; focused?: string }>(keyOf(folder));
  const legacy = state.get<string>(`claudeChat.lastSession:${folder}`);
  const chats = saved?.chats?.length ? saved.chats : legacy ? [{ id: 'chat-1', title: 'Chat 1', sessionId: legacy }] : [];
  for (const c of chats) {
    // An ACP agent's chat comes back with that agent (an editor tab restored after a reload
    // finds it here by id); ACP has no transcript to read back, so it starts empty.
    const chat = set.add({ id: c.id, title: c.title, backend: c.backend, offerEditor: c.offerEditor });
    // Reading the CLI's transcript spawns nothing; a missing one just means a fresh chat.
    const sameBackend = !c.backend || c.backend === chat.backend;
    if (c.sessionId && chat.history && sameBackend) chat.history.open(c.sessionId).catch((err: Error) => log.info(`[history] not restoring ${c.sessionId}: ${err.message}`));
  }
  if (saved?.focused) set.focus(saved.focused);
}

/** Saves the set whenever what would be restored changes; `changed` runs on every change of the set. */
export function saveChats(set: ChatSet, state: vscode.Memento, folder: string, changed: () => void): Disposable {
  let last = '';
  return set.onDidChange(() => {
    const now = set.saved();
    const json = JSON.stringify(now);
    if (json !== last) {
      last = json;
      void state.update(keyOf(folder), now);
    }
    changed();
  });
}

function keyOf(folder: string): string {
  return `claudeChat.chats:${folder}`;
}
