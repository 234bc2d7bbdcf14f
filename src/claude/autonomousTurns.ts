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

export type InitKind = { kind: 'prompt' } | { kind: 'autonomous'; reasons: string[] };

/** Task statuses after which a task holds nothing any more. */
const ENDED = new Set(['completed', 'failed', 'killed', 'stopped', 'cancelled', 'error']);

export class AutonomousTurns {
  private waiting: string[] = [];
  /** Background tasks started and not yet ended, by task id. */
  private readonly running = new Set<string>();
  /** Recent tool calls the model asked to run in the background, by tool_use id. */
  private readonly backgroundCalls = new Set<string>();

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

  /** A `task_notification`; a notification inside a running turn is consumed by that turn. */
  notified(notice: TaskNotice, turnOpen: boolean): void {
    // A stopped task (stop_task, TaskStop) starts no turn: 2.1.197 and 2.1.332 wait for the next prompt.
    if (turnOpen || notice.ownedBySubagent || notice.status === 'stopped') return;
    this.waiting.push(notice.summary?.trim() || notice.status || 'a background task ended');
  }

  /** An `init` while no CLI turn was open: whose turn it opens. */
  opened(): InitKind {
    if (this.waiting.length === 0) return { kind: 'prompt' };
    const reasons = this.waiting;
    this.waiting = [];
    return { kind: 'autonomous', reasons };
  }

  /** A new process: the old one's tasks died with it, and what it announced opens no turn. */
  reset(): void {
    this.waiting = [];
    this.running.clear();
  }
}
