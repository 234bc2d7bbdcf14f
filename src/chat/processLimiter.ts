import type { Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';

/** One chat as the limiter sees it: whether it holds a process, and how to shut that down. */
export interface LimitedProcess {
  /** For the log ("Chat 2"). */
  readonly label: string;
  /** Holds a process now (or a session that will spawn one). */
  resident(): boolean;
  /** May be shut down now: idle, not waiting for a permission answer, and able to resume. */
  suspendable(): boolean;
  /** Ends the process, keeping the conversation; false when it became busy meanwhile. */
  suspend(): Promise<boolean>;
}

export interface ProcessLimiterOptions {
  /** Read on every spawn, so a settings change applies to the next one. */
  max: () => number;
  logger: Logger;
}

/**
 * The cap on live chat processes, shared by every chat set of a window (so three folders
 * don't mean three times the cap). Before a chat spawns, the least recently used idle chat
 * anywhere is shut down until one more fits; a busy chat, or one waiting for a permission
 * answer, never is (the cap gives way instead). No `vscode` import.
 */
export class ProcessLimiter {
  private readonly members = new Map<LimitedProcess, { lastUsed: number }>();
  /** Chats that passed the cap check and are spawning (their pid may not be known yet). */
  private readonly reserved = new Set<LimitedProcess>();
  private clock = 0;
  /** A trim to the cap waits in `chain`: one is enough however many chats settle meanwhile. */
  private trimQueued = false;
  /** Serialises cap checks so two chats starting at once can't both take the last slot. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ProcessLimiterOptions) {}

  /** Counts this chat under the cap until the handle is disposed (the chat closed). */
  add(member: LimitedProcess): Disposable {
    this.members.set(member, { lastUsed: ++this.clock });
    return {
      dispose: () => {
        this.members.delete(member);
        this.reserved.delete(member);
      },
    };
  }

  /** The chat was used (focused, spawned, its state changed): it is the most recent now. */
  touch(member: LimitedProcess): void {
    const m = this.members.get(member);
    if (m) m.lastUsed = ++this.clock;
  }

  /**
   * The chat's state changed: a chat whose process ended gives its reserved slot back, and a
   * chat that went idle lets the cap catch up. The cap gives way to busy chats (a burst of
   * prompts may run more processes than it allows), so once they are idle again the least
   * recently used ones are shut down until it holds.
   */
  settled(member: LimitedProcess): void {
    if (!member.resident()) this.reserved.delete(member);
    if (this.trimQueued || this.liveCount() <= this.max()) return;
    this.trimQueued = true;
    this.chain = this.chain.then(() => {
      this.trimQueued = false;
      return this.shrinkTo(this.max());
    }).catch(() => undefined);
  }

  /** How many chats hold a process now (or are about to), across every set. */
  liveCount(): number {
    return [...this.members.keys()].filter((m) => this.isLive(m)).length;
  }

  isLive(member: LimitedProcess): boolean {
    return this.reserved.has(member) || member.resident();
  }

  /** Makes room for one more process; the chat spawns after this resolves. */
  beforeSpawn(member: LimitedProcess): Promise<void> {
    const run = this.chain.then(() => this.makeRoom(member));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Suspends least recently used idle chats until one more process fits under the cap. */
  private async makeRoom(self: LimitedProcess): Promise<void> {
    if (!this.members.has(self)) return;
    this.touch(self);
    await this.shrinkTo(this.max() - 1, self);
    // Closed while waiting for room: nothing to reserve.
    if (this.members.has(self)) this.reserved.add(self);
  }

  /** Suspends least recently used idle chats (never `keep`) until at most `room` others are live. */
  private async shrinkTo(room: number, keep?: LimitedProcess): Promise<void> {
    for (let round = 0; round < this.members.size; round++) {
      const others = [...this.members.keys()].filter((m) => m !== keep && this.isLive(m));
      if (others.length <= room) break;
      const victim = others.filter((m) => m.suspendable()).sort((a, b) => this.lastUsed(a) - this.lastUsed(b))[0];
      if (!victim) {
        // Said once per spawn; the trims while a burst runs would say it at every state change.
        if (keep) this.opts.logger.info(`[chats] ${others.length + 1} live processes exceed the cap of ${this.max()}, but every other chat is busy`);
        break;
      }
      this.opts.logger.info(`[chats] process cap ${this.max()}: shutting down idle "${victim.label}" (it resumes on its next prompt)`);
      this.reserved.delete(victim);
      const suspended = await victim.suspend();
      // It became busy meanwhile: it counts as most recent, so the next round picks another.
      if (!suspended) this.touch(victim);
    }
  }

  private max(): number {
    return Math.max(1, Math.floor(this.opts.max()));
  }

  private lastUsed(member: LimitedProcess): number {
    return this.members.get(member)?.lastUsed ?? 0;
  }
}
