/**
 * Background work and the turns the CLI starts by itself. When a background task ends (a
 * `run_in_background` command, a background `Agent`), the CLI prints `system/task_notification`
 * and, if no turn is running, starts a turn of its own: `system/init`, the model's answer to the
 * notification, `result`, with no user message before it (2.1.197 and 2.1.332 alike;
 * docs/protocol.md, "Turns the CLI starts by itself"). Such a turn must not be taken for the
 * user's next prompt, whose own `init` follows it.
 *
 * The rule: a top-level task notification heard while no CLI turn is open means the next `init`
 * opens the CLI's own turn. A subagent's inner tasks (`owned_by_subagent`) don't count: only the
 * agent's own notification is followed by a turn.
 */
export interface TaskNotice {
  taskId?: string;
  status?: string;
  summary?: string;
  ownedBySubagent: boolean;
}

/**
 * `tentative`: every reason came from a notification that may already have been answered (heard
 * inside a turn, or put back after a prompt's echo): the CLI may or may not start a turn for it.
 * The prompt's echo tells which; without echoes such marks are never made.
 */
export type InitKind = { kind: 'prompt' } | { kind: 'autonomous'; reasons: string[]; tentative: boolean };

/** Task statuses after which a task holds nothing any more. */
const ENDED = new Set(['completed', 'failed', 'killed', 'stopped', 'cancelled', 'error']);

export class AutonomousTurns {
  private waiting: string[] = [];
  /** Whether `waiting` holds a reason heard between turns (a turn is sure to follow). */
  private firm = false;
  /** Notifications heard inside the running turn: the CLI may answer them in that turn, or after it. */
  private heardInTurn: string[] = [];
  /** Background tasks started and not yet ended, by task id. */
  private readonly running = new Set<string>();
  /** Recent tool calls the model asked to run in the background, by tool_use id. */
  private readonly backgroundCalls = new Set<string>();

  /**
   * @param echoes whether the session's prompts are echoed (`--replay-user-messages`): only then
   *   can a doubtful mark be made, because the prompt's echo clears it if it was wrong.
   */
  constructor(private readonly echoes = false) {}

  /** How many background tasks run now: while any does, ending the process would end them too. */
  get backgroundTasks(): number {
    return this.running.size;
  }

  /** A tool call the model made: 2.1.197's `task_started` doesn't say `is_backgrounded`; the call's `run_in_background` does. */
  toolCall(toolUseId: string, input: unknown): void {
    if ((input as { run_in_background?: unknown } | undefined)?.run_in_background !== true) return;
    this.backgroundCalls.add(toolUseId);
    // Only recent calls can still be starting their task.
    if (this.backgroundCalls.size > 64) this.backgroundCalls.delete(this.backgroundCalls.values().next().value as string);
  }

  /** A `system` line. `turnOpen`: whether the CLI is inside a turn (between init and result). */
  systemLine(line: Record<string, unknown>, turnOpen: boolean): void {
    const taskId = typeof line.task_id === 'string' ? line.task_id : undefined;
    switch (line.subtype) {
      case 'task_started': {
        if (!taskId) return;
        const backgrounded = typeof line.is_backgrounded === 'boolean' ? line.is_backgrounded : typeof line.tool_use_id === 'string' && this.backgroundCalls.has(line.tool_use_id);
        if (backgrounded) this.running.add(taskId);
        return;
      }
      case 'task_updated': {
        const status = (line.patch as { status?: unknown } | undefined)?.status;
        if (taskId && typeof status === 'string' && ENDED.has(status)) this.running.delete(taskId);
        return;
      }
      case 'task_notification':
        if (taskId) this.running.delete(taskId);
        this.notified(
          { taskId, status: typeof line.status === 'string' ? line.status : undefined, summary: typeof line.summary === 'string' ? line.summary : undefined, ownedBySubagent: line.owned_by_subagent === true },
          turnOpen,
        );
        return;
      default:
        return;
    }
  }

  /**
   * A `task_notification`. One heard inside a running turn is often answered in that turn, but
   * when it lands as the turn's last model call has begun, the CLI starts a turn of its own after
   * the `result` (seen on 2.1.332): with echoes, such a notification is kept as a doubtful mark.
   */
  notified(notice: TaskNotice, turnOpen: boolean): void {
    // A stopped task (stop_task, TaskStop) starts no turn: 2.1.197 and 2.1.332 wait for the next prompt.
    if (notice.ownedBySubagent || notice.status === 'stopped') return;
    const reason = notice.summary?.trim() || notice.status || 'a background task ended';
    if (!turnOpen) {
      this.waiting.push(reason);
      this.firm = true;
    } else if (this.echoes) this.heardInTurn.push(reason);
  }

  /** The CLI's turn ended (`result`): what it heard meanwhile may still open a turn. */
  turnEnded(): void {
    this.waiting.push(...this.heardInTurn);
    this.heardInTurn = [];
  }

  /** An `init` while no CLI turn was open: whose turn it opens. */
  opened(): InitKind {
    if (this.waiting.length === 0) return { kind: 'prompt' };
    const opened: InitKind = { kind: 'autonomous', reasons: this.waiting, tentative: !this.firm };
    this.waiting = [];
    this.firm = false;
    return opened;
  }

  /**
   * A prompt's echo showed the turn `opened` marked was the prompt's own: the CLI answers the
   * notification after it, or folded it in. A firm mark is kept once more, as a doubtful one, for
   * the next `init`; a doubtful one is dropped, so a folded notification marks at most one more turn.
   */
  echoCancelled(opened: Extract<InitKind, { kind: 'autonomous' }>): void {
    if (opened.tentative || !this.echoes) return;
    this.waiting = [...opened.reasons, ...this.waiting];
  }

  /** A new process: the old one's tasks died with it, and what it announced opens no turn. */
  reset(): void {
    this.waiting = [];
    this.firm = false;
    this.heardInTurn = [];
    this.running.clear();
  }
}
