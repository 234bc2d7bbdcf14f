import { open, lstat } from 'node:fs/promises';
import { Emitter, type Disposable } from '../core/emitter';
import { TASK_TAIL_MAX_CHARS, type BackgroundTaskInfo } from '../shared/contract';

/**
 * A chat's background tasks as the panel lists them, whichever backend runs them: each task's
 * description, command, status and running time, the tail of its output, and Stop. The backend
 * reports its tasks (`update`); the output is read here, in the host, only from the file the
 * backend named for the task, capped to its last few KB and re-read at most once a second while
 * the task runs and someone listens. No `vscode` import.
 */
export type TaskStatus = BackgroundTaskInfo['status'];

/** One task as its backend reports it. */
export interface ChatTask {
  id: string;
  description: string;
  command?: string;
  status: TaskStatus;
  /** Epoch ms. */
  startedAt: number;
  endedAt?: number;
  /** The file the backend itself named for this task's output; nothing else is ever read. */
  outputFile?: string;
}

/** What the panel needs from a chat that runs background tasks (an optional `Chat` capability). */
export interface ChatTasks {
  list(): BackgroundTaskInfo[];
  readonly onChange: (listener: (tasks: BackgroundTaskInfo[]) => void) => Disposable;
  /** Stops a task through the backend's own mechanism; rejects with why it could not. */
  stop(id: string): Promise<void>;
}

/** Bytes read from the end of an output file: the tail shown is cut to TASK_TAIL_MAX_CHARS after. */
const TAIL_BYTES = 8192;
/** Lines of output shown at most. */
const TAIL_LINES = 40;
export const TAIL_INTERVAL_MS = 1000;

/** The last lines of a file, or undefined when it can't be read (not there yet, not a plain file). */
export async function readTail(path: string): Promise<string | undefined> {
  try {
    // A link could point anywhere: only the plain file the CLI writes is read.
    const info = await lstat(path);
    if (!info.isFile()) return undefined;
    const start = Math.max(0, info.size - TAIL_BYTES);
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(info.size - start);
      const { bytesRead } = await handle.read(buf, 0, buf.length, start);
      return shapeTail(buf.subarray(0, bytesRead).toString('utf8'), start > 0);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** Plain text for the panel: no terminal escapes or control characters, the last lines, capped. */
export function shapeTail(raw: string, cutAtStart: boolean): string {
  let text = raw
    // eslint-disable-next-line no-control-regex -- terminal escapes are exactly what goes
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]/g, '')
    .replace(/\r\n/g, '\n')
    // A progress bar redraws its line with \r: the last drawing is what shows.
    .replace(/[^\n]*\r(?!\n)/g, '')
    // eslint-disable-next-line no-control-regex -- likewise
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
  // Reading from the middle of the file: the first line is a part of one.
  if (cutAtStart) text = text.slice(text.indexOf('\n') + 1);
  const lines = text.replace(/\n+$/, '').split('\n');
  text = lines.slice(-TAIL_LINES).join('\n');
  return text.length > TASK_TAIL_MAX_CHARS ? text.slice(text.length - TASK_TAIL_MAX_CHARS) : text;
}

export interface TaskBoardDeps {
  stop: (id: string) => Promise<void>;
  now?: () => number;
  read?: (path: string) => Promise<string | undefined>;
  intervalMs?: number;
}

export class TaskBoard implements ChatTasks, Disposable {
  private tasks: ChatTask[] = [];
  private readonly tails = new Map<string, string>();
  private readonly stopping = new Set<string>();
  private readonly emitter = new Emitter<BackgroundTaskInfo[]>();
  private listeners = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reading = false;
  private disposed = false;

  constructor(private readonly deps: TaskBoardDeps) {}

  readonly onChange = (listener: (tasks: BackgroundTaskInfo[]) => void): Disposable => {
    const sub = this.emitter.event(listener);
    this.listeners++;
    this.schedule(0);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        sub.dispose();
        this.listeners--;
      },
    };
  };

  get running(): number {
    return this.tasks.filter((t) => t.status === 'running').length;
  }

  list(): BackgroundTaskInfo[] {
    const now = (this.deps.now ?? Date.now)();
    return this.tasks.slice(0, 100).map((t) => {
      const tail = this.tails.get(t.id);
      return {
        id: t.id,
        description: t.description.slice(0, 2000),
        ...(t.command !== undefined ? { command: t.command.slice(0, 20_000) } : {}),
        status: t.status,
        elapsedMs: Math.max(0, Math.round((t.endedAt ?? now) - t.startedAt)),
        ...(tail ? { tail } : {}),
        ...(this.stopping.has(t.id) ? { stopping: true } : {}),
      };
    });
  }

  /** The backend's list, newest first. A task that just ended gets its output read once more. */
  update(tasks: readonly ChatTask[]): void {
    if (this.disposed) return;
    const ended = tasks.filter((t) => t.status !== 'running' && this.tasks.some((o) => o.id === t.id && o.status === 'running'));
    this.tasks = tasks.map((t) => ({ ...t }));
    const ids = new Set(tasks.map((t) => t.id));
    for (const id of [...this.tails.keys()]) if (!ids.has(id)) this.tails.delete(id);
    for (const id of [...this.stopping]) if (!tasks.some((t) => t.id === id && t.status === 'running')) this.stopping.delete(id);
    this.fire();
    if (ended.length > 0) void this.readTails(ended).then((changed) => changed && this.fire());
    this.schedule(0);
  }

  /** The backend's process went (closed, replaced): what still ran ended with it. */
  processEnded(): void {
    const now = (this.deps.now ?? Date.now)();
    if (!this.tasks.some((t) => t.status === 'running')) return;
    this.update(this.tasks.map((t) => (t.status === 'running' ? { ...t, status: 'stopped', endedAt: now } : t)));
  }

  async stop(id: string): Promise<void> {
    const task = this.tasks.find((t) => t.id === id);
    if (!task || task.status !== 'running' || this.stopping.has(id)) return;
    this.stopping.add(id);
    this.fire();
    try {
      await this.deps.stop(id);
    } catch (err) {
      this.stopping.delete(id);
      this.fire();
      throw err;
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.emitter.dispose();
  }

  private fire(): void {
    if (!this.disposed) this.emitter.fire(this.list());
  }

  /** The next read of the running tasks' output, while any runs with a file and someone listens. */
  private schedule(ms: number): void {
    if (this.disposed || this.timer || this.listeners === 0) return;
    if (!this.tasks.some((t) => t.status === 'running' && t.outputFile)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, ms);
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      if (await this.readTails(this.tasks.filter((t) => t.status === 'running'))) this.fire();
    } finally {
      this.reading = false;
    }
    this.schedule(this.deps.intervalMs ?? TAIL_INTERVAL_MS);
  }

  private async readTails(tasks: readonly ChatTask[]): Promise<boolean> {
    let changed = false;
    for (const t of tasks) {
      if (!t.outputFile) continue;
      const tail = await (this.deps.read ?? readTail)(t.outputFile);
      if (tail === undefined || tail === this.tails.get(t.id) || this.disposed) continue;
      // The task may have left the list while the file was read.
      if (!this.tasks.some((o) => o.id === t.id)) continue;
      this.tails.set(t.id, tail);
      changed = true;
    }
    return changed;
  }
}
