import type { ChatEvent } from './contract';

/**
 * Coalesces transcript events on their way to the webview. Adjacent text/thinking deltas for
 * the same block are merged, and `post` is called at most once per `intervalMs` (17 ms: under 60 a second even when the timer fires a little early)
 * so a fast stream costs the webview one message per frame, not one per token.
 *
 * Pure TypeScript (no `vscode`), so the host and the webview tests use the same code.
 */
export interface BatcherOptions {
  post: (events: ChatEvent[]) => void;
  /** Minimum time between two posts. */
  intervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Delta = Extract<ChatEvent, { type: 'text' | 'thinking' }>;

function isDelta(e: ChatEvent): e is Delta {
  return e.type === 'text' || e.type === 'thinking';
}

export class EventBatcher {
  private pending: ChatEvent[] = [];
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private paused = false;
  private disposed = false;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: BatcherOptions) {
    this.intervalMs = options.intervalMs ?? 17;
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Events waiting for the next flush (after merging). */
  get size(): number {
    return this.pending.length;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(event: ChatEvent): void {
    if (this.disposed) return;
    const last = this.pending[this.pending.length - 1];
    if (last && isDelta(event) && isDelta(last) && last.type === event.type && last.messageId === event.messageId && last.index === event.index) {
      // Replace rather than mutate: the caller may keep a reference to the event it pushed.
      this.pending[this.pending.length - 1] = { ...last, text: last.text + event.text };
    } else if (last && event.type === 'block' && isDelta(last) && last.type === event.kind && last.messageId === event.messageId && last.index === event.index) {
      // The authoritative block replaces what the deltas built; the delta need not travel.
      this.pending[this.pending.length - 1] = event;
    } else {
      this.pending.push(event);
    }
    this.schedule();
  }

  pushAll(events: Iterable<ChatEvent>): void {
    for (const e of events) this.push(e);
  }

  /** Posts everything pending right away (unless paused). */
  flushNow(): void {
    this.cancelTimer();
    if (this.paused || this.disposed || this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.lastFlush = this.now();
    this.options.post(events);
  }

  /** Stops posting while the view is hidden; events keep accumulating (and merging). */
  pause(): void {
    this.paused = true;
    this.cancelTimer();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.schedule();
  }

  /**
   * Drops pending events. Call it right before posting a snapshot: the snapshot already
   * contains them, and posting them afterwards would show them twice.
   */
  clear(): void {
    this.pending = [];
    this.cancelTimer();
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  private schedule(): void {
    if (this.paused || this.disposed || this.timer !== undefined || this.pending.length === 0) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.now());
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.flushNow();
    }, wait);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
