import { basename, isAbsolute, normalize } from 'node:path';

/**
 * The CLI's background tasks as a list (docs/protocol.md, "Background tasks"): a
 * `run_in_background` command, a background agent. Built from what the CLI prints, in 2.1.197
 * and 2.1.332 alike: `system/task_started` (id, description; `is_backgrounded` from 2.1.332, the
 * call's `run_in_background` before), the call's `tool_result` text that names the output file,
 * `system/task_updated` (`patch.status`) and `system/task_notification` (final status,
 * `output_file` from 2.1.332). No `vscode` import.
 */
export type BackgroundTaskStatus = 'running' | 'completed' | 'failed' | 'stopped';

export interface BackgroundTask {
  id: string;
  description: string;
  /** The shell command, for a background `Bash` call. */
  command?: string;
  status: BackgroundTaskStatus;
  /** Epoch ms, as this host saw it start and end. */
  startedAt: number;
  endedAt?: number;
  /** The file the CLI writes the task's output to, only as the CLI itself named it. */
  outputFile?: string;
}

/** Ended tasks kept for the list after the newest ones: a long session must not grow it without end. */
const KEEP_ENDED = 20;

const FINAL: Readonly<Record<string, BackgroundTaskStatus>> = {
  completed: 'completed',
  failed: 'failed',
  error: 'failed',
  killed: 'stopped',
  stopped: 'stopped',
  cancelled: 'stopped',
};

/** "Output is being written to: <path>" in a background call's tool_result (both versions). */
const OUTPUT_NAMED = /Output is being written to: (\S+)/;

/**
 * A path the CLI named for this task: absolute, already normal, and the task's own
 * `<id>.output` file. Anything else (text the model could have shaped) is never read.
 */
export function taskOutputPath(path: unknown, taskId: string): string | undefined {
  if (typeof path !== 'string') return undefined;
  const p = path.replace(/[.,;]+$/, '');
  if (!isAbsolute(p) || normalize(p) !== p || basename(p) !== `${taskId}.output`) return undefined;
  return p;
}

export class BackgroundTaskList {
  private readonly tasks = new Map<string, BackgroundTask>();
  /** Recent calls the model asked to run in the background, by tool_use id: their command. */
  private readonly calls = new Map<string, { command?: string }>();
  /** Task ids by the tool_use id that started them (the tool_result names the output file). */
  private readonly byToolUse = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Newest first. */
  list(): BackgroundTask[] {
    return [...this.tasks.values()].reverse().map((t) => ({ ...t }));
  }

  get running(): number {
    let n = 0;
    for (const t of this.tasks.values()) if (t.status === 'running') n++;
    return n;
  }

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  /** A tool call the model made; only background ones matter. */
  toolCall(toolUseId: string, input: unknown): void {
    const i = input as { run_in_background?: unknown; command?: unknown } | undefined;
    if (i?.run_in_background !== true) return;
    this.calls.set(toolUseId, { command: typeof i.command === 'string' ? i.command : undefined });
    if (this.calls.size > 64) this.calls.delete(this.calls.keys().next().value as string);
  }

  /** A tool_result: a background call's names its task's output file. Returns whether the list changed. */
  toolResult(toolUseId: string, text: string): boolean {
    const id = this.byToolUse.get(toolUseId);
    const task = id === undefined ? undefined : this.tasks.get(id);
    if (!task || task.outputFile) return false;
    const named = taskOutputPath(OUTPUT_NAMED.exec(text)?.[1], task.id);
    if (!named) return false;
    task.outputFile = named;
    return true;
  }

  /** A `system` line. Returns whether the list changed. */
  systemLine(line: Record<string, unknown>): boolean {
    const id = typeof line.task_id === 'string' ? line.task_id : undefined;
    if (!id) return false;
    switch (line.subtype) {
      case 'task_started':
        return this.started(id, line);
      case 'task_updated': {
        const status = (line.patch as { status?: unknown } | undefined)?.status;
        return typeof status === 'string' ? this.ended(id, status) : false;
      }
      case 'task_notification': {
        const task = this.tasks.get(id);
        const file = task && !task.outputFile ? taskOutputPath(line.output_file, id) : undefined;
        if (task && file) task.outputFile = file;
        const changed = typeof line.status === 'string' ? this.ended(id, line.status) : false;
        return changed || file !== undefined;
      }
      default:
        return false;
    }
  }

  /** The process ended: whatever still ran died with it. Returns whether the list changed. */
  processEnded(): boolean {
    let changed = false;
    for (const t of this.tasks.values()) {
      if (t.status !== 'running') continue;
      t.status = 'stopped';
      t.endedAt = this.now();
      changed = true;
    }
    return changed;
  }

  private started(id: string, line: Record<string, unknown>): boolean {
    // A subagent's inner tools are the agent's business: its own task is the one to list.
    if (line.owned_by_subagent === true || this.tasks.has(id)) return false;
    const toolUseId = typeof line.tool_use_id === 'string' ? line.tool_use_id : undefined;
    const call = toolUseId === undefined ? undefined : this.calls.get(toolUseId);
    const backgrounded = typeof line.is_backgrounded === 'boolean' ? line.is_backgrounded : call !== undefined;
    if (!backgrounded) return false;
    const description = typeof line.description === 'string' && line.description.trim() ? line.description : (call?.command ?? id);
    this.tasks.set(id, { id, description, command: call?.command, status: 'running', startedAt: this.now() });
    if (toolUseId !== undefined) this.byToolUse.set(toolUseId, id);
    this.prune();
    return true;
  }

  private ended(id: string, status: string): boolean {
    const task = this.tasks.get(id);
    const final = FINAL[status];
    if (!task || !final || task.status !== 'running') return false;
    task.status = final;
    task.endedAt = this.now();
    return true;
  }

  private prune(): void {
    const ended = [...this.tasks.values()].filter((t) => t.status !== 'running');
    for (const t of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) {
      this.tasks.delete(t.id);
      for (const [use, id] of this.byToolUse) if (id === t.id) this.byToolUse.delete(use);
    }
  }
}
