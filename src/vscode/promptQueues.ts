import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { PromptQueue, type QueueItem } from '../chat/promptQueue';
import type { Logger } from '../core/logger';
import type { HostMessage } from '../shared/contract';
import type { ChatHub } from './chatHub';

/** Queued texts per chat ("folder\nchat id"), so a window reload loses none. */
const KEY = 'claudeChat.queuedPrompts';

/** The window's queues (one extension host, one instance), for the surfaces and intents that ask. */
const active: { queues?: PromptQueues } = {};

/** The chat's queue of prompts sent while it works (undefined before activation or for a chat not open). */
export function queueFor(chat: Chat | undefined): PromptQueue | undefined {
  return chat ? active.queues?.for(chat) : undefined;
}

/** claudeChat.queueWhileBusy: off sends at once and the CLI merges the prompts (steering). */
export function queueWhileBusy(): boolean {
  return vscode.workspace.getConfiguration('claudeChat').get<boolean>('queueWhileBusy', true) !== false;
}

/** What the box gets back from queued prompts (Edit, or Escape while busy): their texts, then their images. */
export function backIntoBox(items: readonly QueueItem[]): HostMessage[] {
  if (items.length === 0) return [];
  const images = items.flatMap((i) => i.images ?? []);
  return [{ type: 'insertInput', text: items.map((i) => i.text).join('\n\n') }, ...(images.length ? [{ type: 'addImages' as const, images }] : [])];
}

/**
 * Every open chat's prompt queue,
 * made on first use and kept in the workspace state. A closed chat's queue goes with it; a window
 * reload brings the texts back as chips that wait for the user (no turn runs after a reload).
 */
export class PromptQueues implements vscode.Disposable {
  private readonly queues = new Map<Chat, { queue: PromptQueue; key: string }>();
  private readonly sub: { dispose(): void };

  constructor(
    private readonly hub: ChatHub,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    active.queues = this;
    this.sub = hub.onDidChangeChats(() => this.prune());
  }

  for(chat: Chat): PromptQueue | undefined {
    const known = this.queues.get(chat);
    if (known) return known.queue;
    const where = this.hub.locate(chat);
    if (!where) return undefined;
    const key = `${where.folder}\n${where.id}`;
    const restored = this.saved()[key];
    const queue = new PromptQueue(chat, { restored, save: (texts) => this.save(key, texts), logger: this.log });
    this.queues.set(chat, { queue, key });
    return queue;
  }

  dispose(): void {
    this.sub.dispose();
    for (const { queue } of this.queues.values()) queue.dispose();
    this.queues.clear();
    if (active.queues === this) active.queues = undefined;
  }

  /** A chat that closed takes its queue (and what was saved of it) along. */
  private prune(): void {
    for (const [chat, { queue, key }] of this.queues) {
      if (this.hub.locate(chat)) continue;
      queue.dispose();
      this.queues.delete(chat);
      this.save(key, []);
    }
  }

  private saved(): Record<string, string[]> {
    const v = this.state.get<unknown>(KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string[]>) : {};
  }

  private save(key: string, texts: string[]): void {
    const all = { ...this.saved() };
    if (texts.length) all[key] = texts;
    else if (key in all) delete all[key];
    else return;
    void this.state.update(KEY, all);
  }
}
