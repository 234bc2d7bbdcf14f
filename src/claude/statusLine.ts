import { existsSync, readFileSync } from 'node:fs';
import { ManagedChild } from '../core/childProcess';
import type { Logger } from '../core/logger';
import { settingsPath } from './settingsFiles';

/** The user's `statusLine` setting (`{type:"command", command, padding}`). */
export interface StatusLineSetting {
  command: string;
  padding?: number;
}

/** How long the command may run; then its process tree is killed and the line keeps its last text. */
export const STATUS_LINE_TIMEOUT_MS = 5000;
/** At most one run per this interval: a burst of turns costs one run (the CLI debounces by 300 ms). */
export const STATUS_LINE_MIN_INTERVAL_MS = 1000;
/** Longer output is cut: the footer has one line. */
const MAX_TEXT = 300;
const MAX_STDOUT = 64 * 1024;

const SOURCES: readonly { source: string; destination: 'userSettings' | 'projectSettings' | 'localSettings' }[] = [
  { source: 'user', destination: 'userSettings' },
  { source: 'project', destination: 'projectSettings' },
  { source: 'local', destination: 'localSettings' },
];

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    if (!existsSync(path)) return undefined;
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // the CLI skips a file it cannot parse too
  }
}

/**
 * The `statusLine` the CLI would run in `cwd` (docs/protocol.md, "Usage limits and the status
 * line"): the last of user, project and local settings that sets one, from the sources
 * `sources` allows (`--setting-sources`; undefined: all, which only a trusted folder gets); none
 * when any of them sets `disableAllHooks`. Read fresh at each run, so an edit shows at the next.
 */
export function readStatusLineSetting(cwd: string, env: NodeJS.ProcessEnv, sources: readonly string[] | undefined): StatusLineSetting | undefined {
  let found: StatusLineSetting | undefined;
  for (const { source, destination } of SOURCES) {
    if (sources !== undefined && !sources.includes(source)) continue;
    const json = readJson(settingsPath(destination, cwd, env));
    if (!json) continue;
    if (json.disableAllHooks === true) return undefined;
    const s = json.statusLine as { type?: unknown; command?: unknown; padding?: unknown } | undefined;
    if (s && typeof s === 'object' && s.type === 'command' && typeof s.command === 'string' && s.command.trim()) {
      found = { command: s.command, ...(typeof s.padding === 'number' ? { padding: s.padding } : {}) };
    }
  }
  return found;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[PX^_][^\u001B]*\u001B\\|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * The text the footer shows: the first non-empty line of stdout, colours and other escape
 * sequences removed, control and invisible characters dropped, cut to one short line.
 */
export function statusLineText(stdout: string): string | undefined {
  const lines = stdout.replace(ANSI, '').split(/\r?\n/).map((l) => l.replace(/\t/g, ' ').replace(INVISIBLE, '').trimEnd());
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  return first.length > MAX_TEXT ? `${first.slice(0, MAX_TEXT - 1)}…` : first;
}

/** What the CLI's status line command gets on stdin, from what the chat knows (a subset of the CLI's). */
export interface StatusLineFacts {
  sessionId?: string;
  transcriptPath?: string;
  cwd: string;
  model?: string;
  cliVersion?: string;
  costUsd?: number;
  durationMs?: number;
  apiDurationMs?: number;
  context?: { usedTokens: number; maxTokens: number };
  limit?: { window?: string; utilization?: number; resetsAt?: number };
}

/** The JSON on the command's stdin, in the CLI's field names (docs/protocol.md). */
export function statusLineInput(f: StatusLineFacts): Record<string, unknown> {
  const used = f.context ? Math.min(100, Math.round((f.context.usedTokens / f.context.maxTokens) * 100)) : undefined;
  const window = f.limit?.window === 'five_hour' || f.limit?.window === 'seven_day' ? f.limit.window : undefined;
  return {
    hook_event_name: 'Status',
    session_id: f.sessionId ?? '',
    transcript_path: f.transcriptPath ?? '',
    cwd: f.cwd,
    model: { id: f.model ?? '', display_name: f.model ?? '' },
    workspace: { current_dir: f.cwd, project_dir: f.cwd, added_dirs: [] },
    version: f.cliVersion ?? '',
    output_style: { name: 'default' },
    cost: { total_cost_usd: f.costUsd ?? 0, total_duration_ms: f.durationMs ?? 0, total_api_duration_ms: f.apiDurationMs ?? 0, total_lines_added: 0, total_lines_removed: 0 },
    context_window: f.context
      ? { context_window_size: f.context.maxTokens, used_percentage: used, remaining_percentage: used === undefined ? undefined : 100 - used, total_input_tokens: f.context.usedTokens }
      : { context_window_size: null, used_percentage: null, remaining_percentage: null },
    exceeds_200k_tokens: (f.context?.usedTokens ?? 0) > 200_000,
    ...(window && f.limit?.utilization !== undefined
      ? { rate_limits: { [window]: { used_percentage: Math.round(f.limit.utilization * 100), resets_at: f.limit.resetsAt === undefined ? undefined : Math.round(f.limit.resetsAt / 1000) } } }
      : {}),
  };
}

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
