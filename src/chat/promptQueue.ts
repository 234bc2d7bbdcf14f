import { Emitter, type Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { ImageAttachment, QueuedPrompt } from '../shared/contract';
import type { Chat } from './chat';

/** The states of a running turn. */
const TURN_STATES: ReadonlySet<string> = new Set(['starting', 'running', 'stopping']);

/** One prompt waiting for the running turn to end; its images stay in memory only. */
export interface QueueItem {
  id: string;
  text: string;
  images?: ImageAttachment[];
}

export interface PromptQueueOptions {
  /** What a window reload finds again (texts only). */
  restored?: readonly string[];
  /** Called on every change with the texts to keep across a reload. */
  save?: (texts: string[]) => void;
  logger: Logger;
  /** How long "Send now" waits for the interrupted turn to end before sending anyway. */
  settleMs?: number;
}

/**
 * Prompts sent while Claude works, held per chat above the prompt
 * box instead of inside the CLI session, so each can still be edited, removed or sent at once.
 * The next one is sent when a turn ends on its own (success); a turn that was stopped or failed
 * leaves them waiting, so nothing is sent behind the user's back. No `vscode` here.
 */
export class PromptQueue implements Disposable {
  private readonly list: QueueItem[] = [];
  private counter = 0;
  private readonly changed = new Emitter<QueuedPrompt[]>();
  readonly onDidChange = this.changed.event;
  private readonly subs: Disposable[] = [];
  private wasBusy: boolean;
  /** The outcome of the last turn end not yet acted on (cleared when a new turn starts). */
  private lastOutcome: string | undefined;
  private disposed = false;

  constructor(
    private readonly chat: Chat,
    private readonly opts: PromptQueueOptions,
  ) {
    for (const text of opts.restored ?? []) if (text.trim()) this.list.push({ id: this.nextId(), text });
    this.wasBusy = TURN_STATES.has(chat.status.state);
    this.subs.push(
      chat.onEvents((events) => {
        const end = events.filter((e) => e.type === 'turnEnd').pop();
        if (!end) return;
        this.lastOutcome = end.outcome;
        this.advance();
      }),
      chat.onStatus(() => this.advance()),
    );
  }

  /** What the panel shows: text and how many images each carries. */
  view(): QueuedPrompt[] {
    return this.list.map((i) => ({ id: i.id, text: i.text, ...(i.images?.length ? { images: i.images.length } : {}) }));
  }

  get size(): number {
    return this.list.length;
  }

  /**
   * A prompt from the box: queued while a turn runs (true), else the caller sends it (false).
   * Waiting prompts of a stopped turn do not hold a new one back: it goes first.
   */
  offer(text: string, images?: ImageAttachment[]): boolean {
    if (!this.chat.isBusy || this.disposed) return false;
    this.list.push({ id: this.nextId(), text, ...(images?.length ? { images } : {}) });
    this.fire();
    return true;
  }

  /** Takes a prompt out (Remove, or Edit: its text goes back into the box). */
  remove(id: string): QueueItem | undefined {
    const at = this.list.findIndex((i) => i.id === id);
    if (at < 0) return undefined;
    const [item] = this.list.splice(at, 1);
    this.fire();
    return item;
  }

  /** Every waiting prompt, in order, out of the queue (Escape: they go back into the box). */
  takeAll(): QueueItem[] {
    const all = this.list.splice(0);
    if (all.length) this.fire();
    return all;
  }

  /** "Send now": stops the running turn, waits for it to end, then sends this prompt. */
  async sendNow(id: string): Promise<boolean> {
    const at = this.list.findIndex((i) => i.id === id);
    if (at < 0) return false;
    const [item] = this.list.splice(at, 1);
    this.fire();
    if (this.chat.isBusy) {
      await this.chat.stop();
      await this.idle(this.opts.settleMs ?? 15_000);
    }
    this.send(item);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subs.splice(0)) s.dispose();
    this.changed.dispose();
  }

  /**
   * The next prompt goes once the chat is idle after a turn that ended on its own. The turn's
   * end and the idle state arrive as separate events, in either order: both call this.
   */
  private advance(): void {
    // The state, not `isBusy`: that stays true until the sender's own promise settles, after the
    // last status of the turn has gone out.
    const busy = TURN_STATES.has(this.chat.status.state);
    if (busy && !this.wasBusy) this.lastOutcome = undefined;
    this.wasBusy = busy;
    if (busy || this.lastOutcome !== 'success' || this.list.length === 0 || this.disposed) return;
    this.lastOutcome = undefined;
    const next = this.list.shift();
    this.fire();
    if (next) this.send(next);
  }

  private send(item: QueueItem): void {
    this.chat.send(item.text, item.images).catch((err: Error) => this.opts.logger.error(`[queue] sending a queued prompt failed: ${err.message}`));
  }

  /** Resolves once the chat is not busy (or after `ms`: a turn that never ends must not hold the prompt forever). */
  private idle(ms: number): Promise<void> {
    // The state, as in `advance`: `isBusy` can outlast the turn's last status by a tick.
    const running = () => TURN_STATES.has(this.chat.status.state);
    if (!running()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const sub = this.chat.onStatus(() => {
        if (!running()) done();
      });
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }

  private fire(): void {
    this.opts.save?.(this.list.map((i) => i.text));
    this.changed.fire(this.view());
  }

  private nextId(): string {
    return `q${++this.counter}`;
  }
}
