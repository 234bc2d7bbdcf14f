import { DisposableStore } from '../core/disposableStore';
import { Emitter, type Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import { isTurnActive, type ChatTab, type ChatTabState } from '../shared/contract';
import type { Chat } from './chat';
import { ProcessLimiter, type LimitedProcess } from './processLimiter';

/** What a chat's factory gets: its id, and the hook to call right before it spawns a process. */
export interface ChatSlot {
  id: string;
  /** The backend a restored chat had (`Chat.backend`); absent for a new chat. */
  backend?: string;
  /** Makes room under the live-process cap; the chat spawns after this resolves. */
  beforeSpawn: () => Promise<void>;
}

export interface ChatSetOptions<C extends Chat> {
  create: (slot: ChatSlot) => C;
  /**
   * The window's cap on live processes, shared by every folder's set. Without one the set has
   * a cap of its own, `maxLiveProcesses` (read on every spawn; default 4).
   */
  limiter?: ProcessLimiter;
  maxLiveProcesses?: () => number;
  /** True while a permission prompt of this chat waits for an answer. */
  waitingForPermission?: (chat: C) => boolean;
  logger: Logger;
}

interface Entry<C> {
  id: string;
  title: string;
  chat: C;
  /** Its place under the process cap; recency is bumped on focus, spawn and every status change. */
  slot: LimitedProcess;
  unread: boolean;
  /** Surfaces (panel, editor tabs) showing this chat; output is unread while none does. */
  viewers: number;
  /** The set's subscriptions to this chat and its place under the cap. */
  subs: DisposableStore;
  /** The eye toggle: offer the active editor as a chip; undefined until the user sets it. */
  offerEditor?: boolean;
}

/** One remembered chat: what a window reload restores. */
export interface SavedChat {
  id: string;
  title: string;
  sessionId?: string;
  /** `Chat.backend`: which backend to restore it with (an ACP agent's name, or the CLI's). */
  backend?: string;
  /** The selection chip's eye toggle, once the user set it (the default depends on workspace trust). */
  offerEditor?: boolean;
}

/**
 * The open chats of one workspace folder: which one has focus, their titles and unread output.
 * Their processes count under the window's cap (`ProcessLimiter`): when a spawn would exceed
 * it, the least recently used idle chat of any folder is shut down (`suspend`); it resumes with
 * `--resume` on its next prompt. No `vscode` import.
 */
export class ChatSet<C extends Chat = Chat> {
  private readonly entries = new Map<string, Entry<C>>();
  private focusedId: string | undefined;
  private counter = 0;
  private readonly limiter: ProcessLimiter;
  private readonly changed = new Emitter<void>();
  /** The list, a title, a state, unread output or the focus changed. */
  readonly onDidChange = this.changed.event;
  private readonly focusChanged = new Emitter<C | undefined>();
  readonly onDidChangeFocus = this.focusChanged.event;
  private readonly viewersChanged = new Emitter<void>();
  /** A surface started or stopped showing one of the chats (see `isViewed`). */
  readonly onDidChangeViewers = this.viewersChanged.event;
  private disposed = false;

  constructor(private readonly opts: ChatSetOptions<C>) {
    this.limiter = opts.limiter ?? new ProcessLimiter({ max: opts.maxLiveProcesses ?? (() => 4), logger: opts.logger });
  }

  /**
   * Opens a chat and focuses it (unless `focus: false`: a chat opened in an editor tab leaves
   * the sidebar's chat where it is). Spawns nothing.
   */
  add(saved?: Partial<SavedChat>, opts?: { focus?: boolean }): C {
    if (this.disposed) throw new Error('The chat set is disposed.');
    const n = ++this.counter;
    const id = saved?.id && !this.entries.has(saved.id) ? saved.id : `chat-${Date.now().toString(36)}-${n}`;
    // The entry exists before the chat: its factory gets a spawn hook that refers to it.
    const entry = { id, title: saved?.title ?? this.nextTitle(), unread: false, viewers: 0, subs: new DisposableStore(), offerEditor: saved?.offerEditor } as Entry<C>;
    entry.slot = {
      get label() {
        return entry.title;
      },
      resident: () => entry.chat.resident ?? entry.chat.pid !== undefined,
      suspendable: () => !!entry.chat.suspend && !entry.chat.isBusy && !this.opts.waitingForPermission?.(entry.chat),
      suspend: () => entry.chat.suspend?.() ?? Promise.resolve(false),
    };
    const chat = this.opts.create({ id, backend: saved?.backend, beforeSpawn: () => this.limiter.beforeSpawn(entry.slot) });
    entry.chat = chat;
    entry.subs.add(this.limiter.add(entry.slot));
    entry.subs.add(
      chat.onEvents(() => {
        if (entry.viewers === 0 && !entry.unread) {
          entry.unread = true;
          this.changed.fire();
        }
      }),
    );
    entry.subs.add(
      chat.onStatus(() => {
        this.limiter.touch(entry.slot);
        this.limiter.settled(entry.slot);
        this.changed.fire();
      }),
    );
    entry.subs.add(chat.onError(() => this.changed.fire()));
    this.entries.set(id, entry);
    if (opts?.focus === false) this.changed.fire();
    else this.focus(id);
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

  focus(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.limiter.touch(e.slot);
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

  /** The chat's eye toggle as the user left it; undefined: never set (the caller's default applies). */
  offerEditor(id: string): boolean | undefined {
    return this.entries.get(id)?.offerEditor;
  }

  setOfferEditor(id: string, on: boolean): void {
    const e = this.entries.get(id);
    if (!e || e.offerEditor === on) return;
    e.offerEditor = on;
    this.changed.fire();
  }

  /** Closes a chat and ends its process tree; the neighbour takes the focus. */
  async close(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    const order = [...this.entries.keys()];
    const at = order.indexOf(id);
    this.entries.delete(id);
    e.subs.dispose();
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
    this.viewersChanged.fire();
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        e.viewers--;
        if (!this.disposed) this.viewersChanged.fire();
      },
    };
  }

  /** A visible surface (the sidebar view or an editor tab) shows this chat now. */
  isViewed(id: string): boolean {
    return (this.entries.get(id)?.viewers ?? 0) > 0;
  }

  /** The tabs, in opening order. */
  tabs(): ChatTab[] {
    return [...this.entries.values()].map((e) => ({
      id: e.id,
      title: e.title,
      state: this.stateOf(e),
      unread: e.unread,
      focused: e.id === this.focusedId,
      ...(e.chat.status.backgroundTasks ? { tasks: e.chat.status.backgroundTasks } : {}),
    }));
  }

  /** What a window reload restores. */
  saved(): { chats: SavedChat[]; focused?: string } {
    return {
      chats: [...this.entries.values()].map((e) => ({
        id: e.id,
        title: e.title,
        sessionId: e.chat.status.sessionId,
        backend: e.chat.backend,
        ...(e.offerEditor === undefined ? {} : { offerEditor: e.offerEditor }),
      })),
      focused: this.focusedId,
    };
  }

  /** How many of this folder's chats hold a process now (or are about to). */
  liveCount(): number {
    return [...this.entries.values()].filter((e) => this.limiter.isLive(e.slot)).length;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.entries.values()].filter((e) => e.chat.isBusy).map((e) => e.chat.stop()));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const e of all) e.subs.dispose();
    await Promise.allSettled(all.map((e) => e.chat.dispose()));
    this.changed.dispose();
    this.focusChanged.dispose();
    this.viewersChanged.dispose();
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
    if (isTurnActive(e.chat.status.state)) return 'running';
    if (e.chat.error) return 'error';
    return 'idle';
  }
}
