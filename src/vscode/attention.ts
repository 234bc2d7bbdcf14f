import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { ChatSet } from '../chat/chatSet';
import { AttentionTracker, attentionOfError, attentionOfEvents, isLooking, titleWithCount, type AttentionKind, type AttentionSettings, type Looking } from '../chat/attention';
import { waitUntil } from '../core/delay';
import type { Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { ChatEvent } from '../shared/contract';
import type { ChatEditors } from './chatEditors';
import type { ChatHub } from './chatHub';
import type { ChatViewProvider } from './chatViewProvider';
import { CHAT_VIEW } from './constants';
import type { PermissionPrompts } from './permissionPrompts';
import { plainText } from './plainText';
import { queueFor } from './promptQueues';

export interface AttentionDeps {
  hub: ChatHub;
  prompts: PermissionPrompts;
  view: ChatViewProvider;
  editors: ChatEditors;
  log: Logger;
}

/** claudeChat.notify.turnEnd / .waiting / .error (read when something happens: a change applies at once). */
export function attentionSettings(): AttentionSettings {
  const c = vscode.workspace.getConfiguration('claudeChat');
  return { turnEnd: c.get<boolean>('notify.turnEnd', true) !== false, waiting: c.get<boolean>('notify.waiting', true) !== false, error: c.get<boolean>('notify.error', true) !== false };
}

/**
 * Tells the user when a chat they are not looking at finishes, waits for an answer or stops on
 * an error: a notification naming the chat whose button brings it up, the count of
 * what waits on the sidebar view's badge and in editor tabs' titles. VS Code has no API for
 * extensions to play its accessibility signals (microsoft/vscode#175986), so none is played;
 * a notification is announced by screen readers. The policy is src/chat/attention.ts.
 */
export class AttentionAlerts implements vscode.Disposable {
  private readonly tracker = new AttentionTracker<Chat>();
  private readonly chats = new Map<Chat, Disposable[]>();
  private readonly sets = new Map<ChatSet, Disposable>();
  private readonly subs: { dispose(): void }[] = [];

  constructor(private readonly d: AttentionDeps) {
    this.subs.push(
      d.hub.onDidChangeChats(() => this.follow()),
      d.prompts.onDidChange(() => this.prompted()),
      vscode.window.onDidChangeWindowState(() => this.lookNow()),
    );
    d.editors.titleDecorator = (chat, title) => titleWithCount(title, this.tracker.count(chat));
    this.follow();
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
    for (const subs of this.chats.values()) for (const s of subs) s.dispose();
    for (const s of this.sets.values()) s.dispose();
    this.chats.clear();
    this.sets.clear();
    this.d.editors.titleDecorator = undefined;
  }

  /** Follows chats as they open and close (every folder's). */
  private follow(): void {
    const open = new Set(this.d.hub.all());
    for (const [chat, subs] of this.chats) {
      if (open.has(chat)) continue;
      for (const s of subs) s.dispose();
      this.chats.delete(chat);
      this.tracker.forget(chat);
    }
    for (const chat of open) {
      if (this.chats.has(chat)) continue;
      this.chats.set(chat, [
        chat.onEvents((events) => this.raise(chat, attentionOfEvents(events, chat.status.queued + (queueFor(chat)?.size ?? 0)), turnError(events))),
        chat.onError((error) => this.raise(chat, attentionOfError(error), error?.message)),
      ]);
      const set = this.d.hub.locate(chat)?.set;
      if (set && !this.sets.has(set)) this.sets.set(set, set.onDidChangeViewers(() => this.lookNow()));
    }
    this.lookNow();
  }

  private looking(chat: Chat): Looking {
    const where = this.d.hub.locate(chat);
    return { windowFocused: vscode.window.state.focused, chatVisible: where ? where.set.isViewed(where.id) : false };
  }

  /** What the user looks at now counts as seen. */
  private lookNow(): void {
    let changed = false;
    for (const chat of this.chats.keys()) if (isLooking(this.looking(chat)) && this.tracker.seen(chat)) changed = true;
    if (changed) this.render();
  }

  private raise(chat: Chat, kind: AttentionKind | undefined, detail?: string): void {
    if (!kind) return;
    const { notify } = this.tracker.raise(chat, kind, this.looking(chat), attentionSettings());
    this.render();
    if (notify) void this.notify(chat, kind, detail).catch((err: Error) => this.d.log.warn(`[attention] ${err.message}`));
  }

  /** Prompts (permission, question, plan) are the queue's; each chat's are those of its session. */
  private prompted(): void {
    const pending = this.d.prompts.queue.pending();
    let changed = false;
    for (const chat of this.chats.keys()) {
      const session = chat.status.sessionId;
      const mine = session === undefined ? [] : pending.filter((p) => p.sessionKey === session);
      for (const p of mine) {
        const before = this.tracker.count(chat);
        const { notify } = this.tracker.raise(chat, 'waiting', this.looking(chat), attentionSettings(), p.id);
        if (this.tracker.count(chat) !== before) changed = true;
        if (notify) void this.notify(chat, 'waiting', p.toolName).catch((err: Error) => this.d.log.warn(`[attention] ${err.message}`));
      }
      if (this.tracker.settleWaiting(chat, new Set(mine.map((p) => p.id)))) changed = true;
    }
    if (changed) this.render();
  }

  /** The sidebar's badge counts every chat's; an editor tab's title counts its own. */
  private render(): void {
    const total = this.tracker.total();
    this.d.view.badge = total > 0 ? { value: total, tooltip: vscode.l10n.t('{0} waiting for you in Claude chats', total) } : undefined;
    this.d.editors.retitle();
  }

  private async notify(chat: Chat, kind: AttentionKind, detail: string | undefined): Promise<void> {
    const name = this.nameOf(chat);
    const show = vscode.l10n.t('Show Chat');
    const text = plainText(message(kind, name, detail));
    const pick = kind === 'error' ? await vscode.window.showWarningMessage(text, show) : await vscode.window.showInformationMessage(text, show);
    if (pick === show) await this.reveal(chat);
  }

  /** "Chat 2", or "Chat 2 · folder" in a workspace of several folders. */
  private nameOf(chat: Chat): string {
    const where = this.d.hub.locate(chat);
    const title = (where && where.set.titleOf(where.id)) ?? vscode.l10n.t('Chat');
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.length > 1 && where ? `${title} · ${where.folder.split(/[\\/]/).filter(Boolean).pop() ?? where.folder}` : title;
  }

  /** Brings the chat up where it is: its editor tab, else the sidebar (an editor tab for another folder's chat). */
  private async reveal(chat: Chat): Promise<void> {
    const where = this.d.hub.locate(chat);
    if (!where) return;
    const session = chat.status.sessionId;
    if (session !== undefined && (await this.d.editors.focusInputOf(session))) return;
    if (this.d.hub.activeSet() !== where.set) {
      this.d.editors.show(chat);
      return;
    }
    where.set.focus(where.id);
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    await waitUntil(() => this.d.view.isLive, 5000);
    this.d.view.focusInput();
  }
}

/** The message of the last failed turn in a batch, for the notification. */
function turnError(events: readonly ChatEvent[]): string | undefined {
  let text: string | undefined;
  for (const e of events) if (e.type === 'turnEnd') text = e.error?.message;
  return text;
}

function message(kind: AttentionKind, name: string, detail: string | undefined): string {
  switch (kind) {
    case 'turnEnd':
      return vscode.l10n.t('Claude finished in {0}.', name);
    case 'waiting':
      return detail ? vscode.l10n.t('Claude waits for your answer in {0} ({1}).', name, detail) : vscode.l10n.t('Claude waits for your answer in {0}.', name);
    case 'error':
      return detail ? vscode.l10n.t('Claude stopped with an error in {0}: {1}', name, detail) : vscode.l10n.t('Claude stopped with an error in {0}.', name);
    default: {
      const never: never = kind;
      return never;
    }
  }
}
