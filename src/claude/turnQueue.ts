import type { ClaudeError } from './errors';
import type { TurnResult } from './events';
import type { PromptImage } from './protocol';

/** One prompt of the session, from `send` until its promise resolves. */
export interface Turn {
  turnId: string;
  prompt: string;
  images?: readonly PromptImage[];
  resolve: (result: TurnResult) => void;
  interrupted: boolean;
  error?: ClaudeError;
}

/** A turn that ended without an answer: with `error`, or cancelled when there is none. */
export function failedResult(turn: Turn, error: ClaudeError | undefined): TurnResult {
  return { turnId: turn.turnId, prompt: turn.prompt, outcome: error ? 'error' : 'cancelled', isError: true, error };
}

/** A turn that never ran (dropped from the queue, or steered into a process that died). */
function notRun(turn: Turn): TurnResult {
  return { turnId: turn.turnId, prompt: turn.prompt, outcome: 'cancelled', isError: false };
}

/**
 * The turns behind the running one: those waiting their turn, and those already written
 * mid-turn (steered), which the CLI runs as one merged next turn (docs/protocol.md, "Launch,
 * stream-json and turns"). Every turn that leaves it without running is resolved here.
 */
export class TurnQueue {
  private readonly waiting: Turn[] = [];
  /** Prompts already written mid-turn; the CLI runs them as one merged next turn. */
  private steered: Turn[] = [];

  get length(): number {
    return this.waiting.length;
  }

  get hasSteered(): boolean {
    return this.steered.length > 0;
  }

  /** Queues a turn behind the running one; returns its position (1 = next). */
  enqueue(turn: Turn): number {
    this.waiting.push(turn);
    return this.waiting.length;
  }

  /** A turn whose prompt was written while another ran. */
  steer(turn: Turn): void {
    this.steered.push(turn);
  }

  next(): Turn | undefined {
    return this.waiting.shift();
  }

  /** The steered turns as the one turn the CLI is already running; each gets the shared result. */
  takeMerged(): Turn | undefined {
    const turns = this.steered.splice(0);
    if (turns.length === 0) return undefined;
    return {
      turnId: turns[0].turnId,
      prompt: turns.map((t) => t.prompt).join('\n'),
      resolve: (r) => turns.forEach((t) => t.resolve({ ...r, turnId: t.turnId, prompt: t.prompt })),
      interrupted: false,
    };
  }

  /** Empties the waiting turns, each resolved as cancelled; returns them so the caller can say so. */
  dropWaiting(): Turn[] {
    const dropped = this.waiting.splice(0);
    for (const t of dropped) t.resolve(notRun(t));
    return dropped;
  }

  /** Steered prompts whose process died never ran: say so rather than leave them hanging. */
  settleSteered(): void {
    for (const t of this.steered.splice(0)) t.resolve(notRun(t));
  }
}
