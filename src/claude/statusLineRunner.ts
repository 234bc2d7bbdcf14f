import { existsSync } from 'node:fs';
import { ManagedChild } from '../core/childProcess';
import type { Logger } from '../core/logger';
import { statusLineText, type StatusLineSetting } from './statusLine';

/** How long the command may run; then its process tree is killed and the line blanks, as a failed run. */
export const STATUS_LINE_TIMEOUT_MS = 5000;
/** At most one run per this interval: a burst of turns costs one run (the CLI debounces by 300 ms). */
export const STATUS_LINE_MIN_INTERVAL_MS = 1000;
const MAX_STDOUT = 64 * 1024;

/** The shell the command runs in, as the CLI's hooks: bash where there is one, else sh; cmd on Windows. */
function shellFor(command: string, env: NodeJS.ProcessEnv): { command: string; args: string[] } {
  if (process.platform === 'win32') return { command: env.ComSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', command] };
  return { command: existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh', args: ['-c', command] };
}

export interface StatusLineRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  timeoutMs?: number;
}

/** One run of the command: resolves with its text, or undefined (nonzero exit, no output, timeout). */
export class StatusLineRun {
  private readonly child: ManagedChild;
  readonly result: Promise<string | undefined>;

  constructor(setting: StatusLineSetting, input: unknown, o: StatusLineRunOptions) {
    const shell = shellFor(setting.command, o.env);
    this.child = new ManagedChild({ ...shell, cwd: o.cwd, env: o.env, logger: o.logger });
    let stdout = '';
    this.child.child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_STDOUT) stdout += d.toString('utf8');
    });
    this.child.child.stderr.resume();
    this.child.child.stdin.end(`${JSON.stringify(input)}\n`);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      o.logger.warn(`statusLine command timed out after ${o.timeoutMs ?? STATUS_LINE_TIMEOUT_MS} ms: killed`);
      void this.child.killTree();
    }, o.timeoutMs ?? STATUS_LINE_TIMEOUT_MS);
    this.result = this.child.exited.then((exit) => {
      clearTimeout(timer);
      if (exit.spawnError) o.logger.warn(`statusLine command could not start: ${exit.spawnError.message}`);
      if (timedOut || exit.code !== 0) return undefined;
      return statusLineText(stdout);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends the command and everything it started. */
  async kill(): Promise<void> {
    if (this.child.isAlive) await this.child.killTree();
    await this.result;
  }
}

export interface StatusLineDeps {
  /** The setting to run now, or undefined (none, or not allowed: Restricted Mode, disabled hooks). */
  setting(): StatusLineSetting | undefined;
  input(): unknown;
  options(): StatusLineRunOptions;
  /** The new text (undefined: nothing to show). */
  show(text: string | undefined): void;
  minIntervalMs?: number;
}

/**
 * A chat's status line: `refresh()` after each turn; one run at a time, at most one per
 * interval (a refresh meanwhile runs once afterwards). As in the CLI, a run that fails, times out
 * or prints nothing blanks the line, and so does no setting. `dispose()` kills a run in progress.
 */
export class StatusLine {
  private running: StatusLineRun | undefined;
  private pending = false;
  private lastStart = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly deps: StatusLineDeps) {}

  /** The run in progress (tests count its process). */
  get current(): StatusLineRun | undefined {
    return this.running;
  }

  refresh(): void {
    if (this.disposed) return;
    if (this.running || this.timer) {
      this.pending = true;
      return;
    }
    const wait = this.lastStart + (this.deps.minIntervalMs ?? STATUS_LINE_MIN_INTERVAL_MS) - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.start();
      }, wait);
      return;
    }
    this.start();
  }

  private start(): void {
    this.pending = false;
    if (this.disposed) return;
    const setting = this.deps.setting();
    if (!setting) {
      this.deps.show(undefined);
      return;
    }
    this.lastStart = Date.now();
    const run = new StatusLineRun(setting, this.deps.input(), this.deps.options());
    this.running = run;
    void run.result.then((text) => {
      if (this.running === run) this.running = undefined;
      if (this.disposed) return;
      this.deps.show(text);
      if (this.pending) this.refresh();
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.running;
    this.running = undefined;
    await run?.kill();
  }
}
