import { unreachable } from './unreachable';
import type { ChatEvent } from './contract';
import { slim, truncate } from './eventLimits';

/**
 * The host's record of one chat, replayed to the webview as a snapshot. Deltas are folded
 * into one event per block as they arrive, so a snapshot holds one event per block, tool,
 * result and turn end, however many tokens streamed. Pure TypeScript (no `vscode`).
 *
 * Memory is bounded two ways: tool payloads are slimmed (the CLI's `originalFile` copies
 * are dropped, huge strings truncated), and past `maxEvents` the oldest turns are dropped
 * and replaced by one notice.
 */
export interface TranscriptOptions {
  /** Events kept before the oldest turns are dropped. */
  maxEvents?: number;
  /** Longest string kept inside a tool result (`text` and `structured`). */
  maxToolChars?: number;
}

type Delta = Extract<ChatEvent, { type: 'text' | 'thinking' }>;
type Block = Extract<ChatEvent, { type: 'block' }>;

const blockKey = (messageId: string, index: number): string => `${messageId}\u0000${index}`;

export class Transcript {
  private events: ChatEvent[] = [];
  private blocks = new Map<string, number>();
  private toolStates = new Map<string, number>();
  private droppedTurns = 0;
  /** This turn's retry notice, which each further retry replaces (one line, not one per retry). */
  private retryAt: number | undefined;
  /**
   * The block the last delta went to (a stream sends thousands in a row to the same one) and,
   * while nobody else has seen it, the event this transcript made for it (`own`), which it
   * grows in place. Its newest texts wait in `parts` and are joined every few dozen: a rope of
   * one node per token made every young-generation GC walk the new tokens one by one. A
   * snapshot hands the events out, so it settles `parts` and forgets `own`.
   */
  private hot: { messageId: string; index: number; at: number; own: Delta | Block | undefined; parts: string[] } | undefined;
  private readonly maxEvents: number;
  private readonly maxToolChars: number;

  constructor(options: TranscriptOptions = {}) {
    this.maxEvents = Math.max(10, options.maxEvents ?? 20_000);
    this.maxToolChars = options.maxToolChars ?? 100_000;
  }

  get length(): number {
    return this.events.length;
  }

  append(event: ChatEvent): void {
    switch (event.type) {
      case 'text':
      case 'thinking':
        return this.appendDelta(event);
      case 'block':
        return this.appendBlock(event);
      case 'toolState': {
        // Only the latest state of a tool matters to a snapshot.
        const at = this.toolStates.get(event.toolUseId);
        if (at !== undefined) {
          this.events[at] = event;
          return;
        }
        this.toolStates.set(event.toolUseId, this.events.length);
        break;
      }
      case 'toolResult':
        event = { ...event, text: truncate(event.text, this.maxToolChars), structured: slim(event.structured, this.maxToolChars) };
        break;
      case 'notice':
        if (event.marker === 'retry') {
          if (this.retryAt !== undefined && (this.events[this.retryAt] as { marker?: string } | undefined)?.marker === 'retry') {
            this.events[this.retryAt] = event;
            return;
          }
          this.retryAt = this.events.length;
        }
        break;
      case 'user':
      case 'turnEnd':
        this.retryAt = undefined;
        break;
      case 'tool':
      case 'checkpoint':
      case 'mark':
      case 'turnFiles':
      case 'turnProblems':
        break;
      default:
        unreachable(event);
        return;
    }
    this.events.push(event);
    this.enforceLimit();
  }

  appendAll(events: Iterable<ChatEvent>): void {
    for (const e of events) this.append(e);
  }

  /** Everything so far, oldest first; safe to post as is. */
  snapshot(): ChatEvent[] {
    this.settle();
    if (this.hot) this.hot.own = undefined;
    if (this.droppedTurns === 0) return this.events.slice();
    const notice: ChatEvent = {
      type: 'notice',
      level: 'info',
      text: `${this.droppedTurns} earlier turn${this.droppedTurns === 1 ? '' : 's'} not shown (chat too long).`,
    };
    return [notice, ...this.events];
  }

  clear(): void {
    this.events = [];
    this.hot = undefined;
    this.blocks.clear();
    this.toolStates.clear();
    this.droppedTurns = 0;
    this.retryAt = undefined;
  }

  private appendDelta(event: Delta): void {
    const hot = this.hot;
    if (hot !== undefined && hot.messageId === event.messageId && hot.index === event.index) {
      const prev = this.events[hot.at] as Delta | Block;
      if (prev === hot.own) {
        hot.parts.push(event.text);
        if (hot.parts.length >= 64) this.settle();
      } else {
        // Replaced (an authoritative block) or handed out: one copy, ours from now on.
        hot.own = { ...prev, text: prev.text + event.text };
        hot.parts = [];
        this.events[hot.at] = hot.own;
      }
      return;
    }
    this.settle();
    const key = blockKey(event.messageId, event.index);
    const at = this.blocks.get(key);
    if (at === undefined) {
      const own: Delta = { ...event };
      this.blocks.set(key, this.events.length);
      this.hot = { messageId: event.messageId, index: event.index, at: this.events.length, own, parts: [] };
      this.events.push(own);
      this.enforceLimit();
      return;
    }
    const prev = this.events[at] as Delta | Block;
    const own = { ...prev, text: prev.text + event.text };
    this.events[at] = own;
    this.hot = { messageId: event.messageId, index: event.index, at, own, parts: [] };
  }

  /** Moves the hot block's waiting texts into its event (`+=` on a string is O(1) in V8: a rope node). */
  private settle(): void {
    const hot = this.hot;
    if (hot?.own === undefined || hot.parts.length === 0) return;
    hot.own.text += hot.parts.join('');
    hot.parts = [];
  }

  private appendBlock(event: Block): void {
    const key = blockKey(event.messageId, event.index);
    const at = this.blocks.get(key);
    if (at === undefined) {
      this.blocks.set(key, this.events.length);
      this.events.push(event);
      this.enforceLimit();
    } else {
      this.events[at] = event;
    }
  }

  private enforceLimit(): void {
    if (this.events.length <= this.maxEvents) return;
    // Drop whole turns from the front until we are back under 90% of the limit.
    const target = Math.floor(this.maxEvents * 0.9);
    let cut = 0;
    while (this.events.length - cut > target) {
      let next = cut + 1;
      while (next < this.events.length && this.events[next].type !== 'user') next++;
      if (next >= this.events.length) break; // the current turn alone is too long: keep it
      cut = next;
      this.droppedTurns++;
    }
    if (cut === 0) {
      // One giant turn: drop its oldest events rather than grow without bound.
      cut = this.events.length - target;
      this.droppedTurns++;
    }
    this.events = this.events.slice(cut);
    this.reindex();
  }

  private reindex(): void {
    // Indices moved.
    this.settle();
    this.hot = undefined;
    this.blocks.clear();
    this.toolStates.clear();
    this.retryAt = undefined;
    this.events.forEach((e, i) => {
      if (e.type === 'text' || e.type === 'thinking' || e.type === 'block') this.blocks.set(blockKey(e.messageId, e.index), i);
      else if (e.type === 'toolState') this.toolStates.set(e.toolUseId, i);
    });
  }
}
