import { Emitter, type Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { ChatTab, ChatTabState } from '../shared/contract';
import type { Chat } from './chat';

/** What a chat's factory gets: its id, and the hook to call right before it spawns a process. */
export interface ChatSlot {
  id: string;
  /** Makes room under the live-process cap; the chat spawns after this resolves. */
  beforeSpawn: () => Promise<void>;
}

export interface ChatSetOptions<C extends Chat> {
  create: (slot: ChatSlot) => C;
  /** Read on every spawn, so a settings change applies to the next one. */
  maxLiveProcesses: () => number;
  /** True while a permission prompt of this chat waits for an answer. */
  waitingForPermission?: (chat: C) => boolean;
  logger: Logger;
}

interface Entry<C> {
  id: string;
  title: string;
  chat: C;
  /** Higher is more recent; bumped on focus, spawn and every status change. */
  lastUsed: number;
  unread: boolean;
  /** Surfaces (panel, editor tabs) showing this chat; output is unread while none does. */
  viewers: number;
  subs: Disposable[];
}

/** One remembered chat: what a window reload restores. */
export interface SavedChat {
  id: string;
  title: string;
  sessionId?: string;
}

/**
 * The open chats of one workspace folder: which one has focus, their titles, unread output,
 * and the cap on live processes. When a spawn would exceed the cap, the least recently used
 * idle chat's process is shut down (`suspend`); it resumes with `--resume` on its next prompt.
 * No `vscode` import.
 */
export class ChatSet<C extends Chat = Chat> {
  private readonly entries = new Map<string, Entry<C>>();
  private focusedId: string | undefined;
  private clock = 0;
  private counter = 0;
  /** Chats that passed the cap check and are spawning (their pid may not be known yet). */
  private readonly reserved = new Set<string>();
  /** Serialises cap checks so two chats starting at once can't both take the last slot. */
  private capChain: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  /** The list, a title, a state, unread output or the focus changed. */
  readonly onDidChange = this.changed.event;
  private readonly focusChanged = new Emitter<C | undefined>();
  readonly onDidChangeFocus = this.focusChanged.event;
  private disposed = false;

  constructor(private readonly opts: ChatSetOptions<C>) {}

  /** Opens a chat and focuses it. Spawns nothing. */
  add(saved?: Partial<SavedChat>): C {
    if (this.disposed) throw new Error('The chat set is disposed.');
    const n = ++this.counter;
    const id = saved?.id && !this.entries.has(saved.id) ? saved.id : `chat-${Date.now().toString(36)}-${n}`;
    const chat = this.opts.create({ id, beforeSpawn: () => this.beforeSpawn(id) });
    const entry: Entry<C> = { id, title: saved?.title ?? this.nextTitle(), chat, lastUsed: ++this.clock, unread: false, viewers: 0, subs: [] };
    entry.subs.push(
      chat.onEvents(() => {
        if (entry.viewers === 0 && !entry.unread) {
          entry.unread = true;
          this.changed.fire();
        }
      }),
      chat.onStatus(() => {
        entry.lastUsed = ++this.clock;
        if (!this.isResident(entry)) this.reserved.delete(id);
        this.changed.fire();
      }),
      chat.onError(() => this.changed.fire()),
    );
    this.entries.set(id, entry);
    this.focus(id);
    return chat;
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): C | undefined {
    return this.entries.get(id)?.chat;
  }

  idOf(chat: Chat): string | undefined {
    for (const e of this.entries.values()) if (e.chat === chat) return e.id;
    return undefined;
  }

  titleOf(id: string): string | undefined {
    return this.entries.get(id)?.title;
  }

  chats(): C[] {
    return [...this.entries.values()].map((e) => e.chat);
  }

  /** The focused chat; opens a first one when there is none. */
  focused(): C {
    const e = this.focusedId ? this.entries.get(this.focusedId) : undefined;
    return e?.chat ?? this.add();
  }

  get focusedChatId(): string | undefined {
    return this.focusedId;
  }

  focus(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.lastUsed = ++this.clock;
    if (this.focusedId === id) return;
    this.focusedId = id;
    this.changed.fire();
    this.focusChanged.fire(e.chat);
  }

  rename(id: string, title: string): void {
    const e = this.entries.get(id);
    const t = title.trim();
    if (!e || !t) return;
    e.title = t.slice(0, 80);
    this.changed.fire();
  }

  /** Closes a chat and ends its process tree; the neighbour takes the focus. */
  async close(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    const order = [...this.entries.keys()];
    const at = order.indexOf(id);
    this.entries.delete(id);
    this.reserved.delete(id);
    for (const s of e.subs.splice(0)) s.dispose();
    if (this.focusedId === id) {
      this.focusedId = undefined;
      const next = order[at + 1] ?? order[at - 1];
      if (next) this.focus(next);
      else this.focusChanged.fire(undefined);
    }
    this.changed.fire();
    await e.chat.dispose();
  }

  /** A surface shows the chat while the returned handle lives: its output is read, not unread. */
  watch(id: string): Disposable {
    const e = this.entries.get(id);
    if (!e) return { dispose: () => undefined };
    e.viewers++;
    if (e.unread) {
      e.unread = false;
      this.changed.fire();
    }
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        e.viewers--;
      },
    };
  }

  /** The tabs, in opening order. */
  tabs(): ChatTab[] {
    return [...this.entries.values()].map((e) => ({
      id: e.id,
      title: e.title,
      state: this.stateOf(e),
      unread: e.unread,
      focused: e.id === this.focusedId,
    }));
  }

  /** What a window reload restores. */
  saved(): { chats: SavedChat[]; focused?: string } {
    return {
      chats: [...this.entries.values()].map((e) => ({ id: e.id, title: e.title, sessionId: e.chat.status.sessionId })),
      focused: this.focusedId,
    };
  }

  /** How many chats hold a process now (or are about to). */
  liveCount(): number {
    return [...this.entries.values()].filter((e) => this.isLive(e)).length;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.entries.values()].filter((e) => e.chat.isBusy).map((e) => e.chat.stop()));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.entries.values()];
    this.entries.clear();
    this.reserved.clear();
    for (const e of all) for (const s of e.subs.splice(0)) s.dispose();
    await Promise.allSettled(all.map((e) => e.chat.dispose()));
    this.changed.dispose();
    this.focusChanged.dispose();
  }

  /** "Chat N", one past the highest number in use (restored chats keep theirs). */
  private nextTitle(): string {
    let max = 0;
    for (const e of this.entries.values()) {
      const m = /^Chat (\d+)$/.exec(e.title);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `Chat ${max + 1}`;
  }

  private stateOf(e: Entry<C>): ChatTabState {
    if (this.opts.waitingForPermission?.(e.chat)) return 'permission';
    const s = e.chat.status.state;
    if (s === 'starting' || s === 'running' || s === 'stopping') return 'running';
    if (e.chat.error) return 'error';
    return 'idle';
  }

  private isResident(e: Entry<C>): boolean {
    return e.chat.resident ?? e.chat.pid !== undefined;
  }

  private isLive(e: Entry<C>): boolean {
    return this.reserved.has(e.id) || this.isResident(e);
  }

  private beforeSpawn(id: string): Promise<void> {
    const run = this.capChain.then(() => this.makeRoom(id));
    this.capChain = run.catch(() => undefined);
    return run;
  }

  /** Suspends least recently used idle chats until one more process fits under the cap. */
  private async makeRoom(id: string): Promise<void> {
    const self = this.entries.get(id);
    if (!self) return;
    self.lastUsed = ++this.clock;
    const max = Math.max(1, Math.floor(this.opts.maxLiveProcesses()));
    for (let round = 0; round < this.entries.size; round++) {
      const others = [...this.entries.values()].filter((e) => e.id !== id && this.isLive(e));
      if (others.length + 1 <= max) break;
      const victim = others
        .filter((e) => e.chat.suspend && !e.chat.isBusy && !this.opts.waitingForPermission?.(e.chat))
        .sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!victim?.chat.suspend) {
        this.opts.logger.info(`[chats] ${others.length + 1} live processes exceed the cap of ${max}, but every other chat is busy`);
        break;
      }
      this.opts.logger.info(`[chats] process cap ${max}: shutting down idle "${victim.title}" (it resumes on its next prompt)`);
      this.reserved.delete(victim.id);
      const suspended = await victim.chat.suspend();
      // It became busy meanwhile: it counts as most recent, so the next round picks another.
      if (!suspended) victim.lastUsed = ++this.clock;
    }
    this.reserved.add(id);
  }
}
