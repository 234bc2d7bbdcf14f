import { Emitter } from '../core/emitter';
import { errorInfo, type ChatError } from '../core/errors';
import type { Logger } from '../core/logger';
import { RateLimitedLog } from '../core/rateLimitedLog';
import { normalizeChatEvent } from '../shared/eventLimits';
import type { ChatEvent, ErrorInfo, StatusInfo } from '../shared/contract';
import { Transcript } from '../shared/transcript';

/**
 * What every backend's chat shares: the transcript the panel replays, and the events,
 * header status and error banner it publishes. No `vscode` import.
 */
export abstract class ChatBase {
  protected readonly transcript = new Transcript();
  private readonly eventsEmitter = new Emitter<ChatEvent[]>();
  private readonly statusEmitter = new Emitter<StatusInfo>();
  private readonly errorEmitter = new Emitter<ErrorInfo | null>();
  private readonly resetEmitter = new Emitter<void>();
  readonly onEvents = this.eventsEmitter.event;
  readonly onStatus = this.statusEmitter.event;
  readonly onError = this.errorEmitter.event;
  /** The transcript was replaced (new chat, reopened chat): take a fresh snapshot. */
  readonly onReset = this.resetEmitter.event;
  /** For Retry. */
  lastPrompt: string | undefined;
  private statusValue: StatusInfo;
  private lastError: ErrorInfo | null = null;
  /** Bad events from a backend: a few log lines a minute, however many there are. */
  private readonly badEvents: RateLimitedLog;

  protected constructor(initial: StatusInfo, logger?: Logger) {
    this.statusValue = initial;
    this.badEvents = new RateLimitedLog((m) => logger?.warn(`transcript event: ${m}`));
  }

  get status(): StatusInfo {
    return this.statusValue;
  }

  get error(): ErrorInfo | null {
    return this.lastError;
  }

  snapshot(): ChatEvent[] {
    return this.transcript.snapshot();
  }

  /** The start of every send: a guard may refuse (the banner says why); else the banner clears and Retry remembers the prompt. */
  protected admit(text: string, guard: (() => ChatError | undefined) | undefined): boolean {
    const refused = guard?.();
    if (refused) {
      this.setError(errorInfo(refused));
      return false;
    }
    this.setError(null);
    this.lastPrompt = text;
    return true;
  }

  /**
   * Every transcript event passes here: each is checked against the panel's schema and cut to
   * size alone (shared/eventLimits.ts), so one bad event is repaired or dropped and never takes
   * a batch or a snapshot down with it.
   */
  protected emit(events: ChatEvent[]): void {
    const good = this.checked(events);
    if (good.length === 0) return;
    this.transcript.appendAll(good);
    this.eventsEmitter.fire(good);
  }

  /** Into the transcript only (a conversation loaded from disk; a snapshot follows), checked as `emit` does. */
  protected keep(events: Iterable<ChatEvent>): void {
    this.transcript.appendAll(this.checked(events));
  }

  private checked(events: Iterable<ChatEvent>): ChatEvent[] {
    const good: ChatEvent[] = [];
    for (const e of events) {
      const n = normalizeChatEvent(e);
      if (n.problem) this.badEvents.log(n.problem);
      if (n.event) good.push(n.event);
    }
    return good;
  }

  protected setError(error: ErrorInfo | null): void {
    if (error === null && this.lastError === null) return;
    this.lastError = error;
    this.errorEmitter.fire(error);
  }

  protected updateStatus(patch: Partial<StatusInfo>): void {
    this.statusValue = { ...this.statusValue, ...patch };
    this.statusEmitter.fire(this.statusValue);
  }

  protected fireReset(): void {
    this.resetEmitter.fire();
  }

  protected disposeEmitters(): void {
    this.eventsEmitter.dispose();
    this.statusEmitter.dispose();
    this.errorEmitter.dispose();
    this.resetEmitter.dispose();
  }
}
