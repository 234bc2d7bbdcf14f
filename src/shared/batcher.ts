import type { ChatEvent } from './contract';

/**
 * Coalesces transcript events on their way to the webview. Adjacent text/thinking deltas for
 * the same block are merged, and `post` is called at most once per `intervalMs` (17 ms: under 60 a second even when the timer fires a little early)
 * so a fast stream costs the webview one message per frame, not one per token. The one
 * exception: the first delta of a block goes out at the next tick (the first token is what the user waits for).
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
  /**
   * The text of the last pending event while deltas merge into it: `head` so far and the
   * newest `parts`, joined every few dozen and once more when it is sealed (flush, or another
   * event behind it). Copying the event and its string per delta made merging cost more than
   * the deltas themselves.
   */
  private merging: { head: string; parts: string[] } | undefined;
  private timer: unknown;
  /** When the pending timer fires (now() time): an earlier flush replaces it. */
  private timerAt = Number.POSITIVE_INFINITY;
  /** The block ("messageId/index/kind") the last delta pushed belonged to. */
  private lastBlock: string | undefined;
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
    // The first delta of a block (a new answer's first token, above all) is what the user waits
    // for: it goes out at the next tick, not at the end of the window a flush just before it
    // (the prompt's echo, the status of the turn) opened. Later deltas merge as before.
    let urgent = false;
    if (isDelta(event)) {
      const block = `${event.messageId}/${event.index}/${event.type}`;
      urgent = block !== this.lastBlock;
      this.lastBlock = block;
    }
    const at = this.pending.length - 1;
    const last = this.pending[at];
    if (last && isDelta(event) && isDelta(last) && last.type === event.type && last.messageId === event.messageId && last.index === event.index) {
      // The caller may keep a reference to the event it pushed: never mutate it.
      const m = this.merging;
      if (m === undefined) this.merging = { head: last.text, parts: [event.text] };
      else if (m.parts.push(event.text) >= 64) {
        // A rope node per few dozen tokens (O(1) in V8), so a long merge stays linear.
        m.head += m.parts.join('');
        m.parts = [];
      }
    } else if (last && event.type === 'block' && isDelta(last) && last.type === event.kind && last.messageId === event.messageId && last.index === event.index) {
      // The authoritative block replaces what the deltas built; the delta need not travel.
      this.merging = undefined;
      this.pending[at] = event;
    } else {
      this.seal();
      this.pending.push(event);
    }
    this.schedule(urgent);
  }

  pushAll(events: Iterable<ChatEvent>): void {
    for (const e of events) this.push(e);
  }

  /** Posts everything pending right away (unless paused). */
  flushNow(): void {
    this.cancelTimer();
    if (this.paused || this.disposed || this.pending.length === 0) return;
    this.seal();
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
    this.merging = undefined;
    this.cancelTimer();
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  /** Replaces the last pending event by one copy that carries the merged text. */
  private seal(): void {
    const m = this.merging;
    if (m === undefined) return;
    this.merging = undefined;
    const at = this.pending.length - 1;
    this.pending[at] = { ...(this.pending[at] as Delta), text: m.head + m.parts.join('') };
  }

  private schedule(urgent = false): void {
    if (this.paused || this.disposed || this.pending.length === 0) return;
    const now = this.now();
    const wait = urgent ? 0 : Math.max(0, this.lastFlush + this.intervalMs - now);
    if (this.timer !== undefined) {
      if (now + wait >= this.timerAt) return;
      this.cancelTimer();
    }
    this.timerAt = now + wait;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.flushNow();
    }, wait);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
