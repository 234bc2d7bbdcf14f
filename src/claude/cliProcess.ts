import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { LineFramer } from './lineFramer';
import type { Logger } from '../core/logger';
import { redact } from '../core/logger';
import { descendantPids, killPids, waitGone } from '../core/processTree';

export interface CliSpawnOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  stderrCapBytes?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process never started, e.g. ENOENT. */
  spawnError?: NodeJS.ErrnoException;
}

/**
 * One `claude` child: stdout carries protocol lines only, stderr is logged and capped,
 * and the whole process tree can be killed. Runs in its own process group so that
 * tool subprocesses (Bash) die with it.
 */
export class CliProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly framer: LineFramer;
  private stderrBuf = '';
  private readonly stderrCap: number;
  private exitInfo: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  private lineHandler: (line: string) => void = () => {};
  private stderrHandler: (text: string) => void = () => {};

  constructor(private readonly opts: CliSpawnOptions) {
    this.stderrCap = opts.stderrCapBytes ?? 64 * 1024;
    this.framer = new LineFramer(undefined, (n) => opts.logger.warn(`dropped an oversized stdout line (${n} chars)`));
    opts.logger.info(`spawn ${opts.command} ${opts.args.map((a) => redact(a)).join(' ')} (cwd ${opts.cwd})`);
    // No shell: arguments are passed as a list, so nothing in them is interpreted.
    this.child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.exited = new Promise<ExitInfo>((resolve) => {
      let settled = false;
      const done = (info: ExitInfo) => {
        if (settled) return;
        settled = true;
        this.exitInfo = info;
        for (const line of this.framer.end()) this.lineHandler(line);
        resolve(info);
      };
      this.child.once('error', (err: NodeJS.ErrnoException) => {
        if (this.child.pid === undefined) done({ code: null, signal: null, spawnError: err });
        else opts.logger.warn(`child error: ${err.message}`);
      });
      this.child.once('close', (code, signal) => done({ code, signal }));
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const line of this.framer.push(chunk)) this.lineHandler(line);
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => {
      this.stderrBuf = (this.stderrBuf + text).slice(-this.stderrCap);
      this.stderrHandler(text);
    });
    // A dead child turns writes into EPIPE; the exit path reports it, so don't crash here.
    this.child.stdin.on('error', (err) => opts.logger.debug(`stdin: ${err.message}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isAlive(): boolean {
    return this.exitInfo === undefined && this.child.pid !== undefined;
  }

  onLine(handler: (line: string) => void): void {
    this.lineHandler = handler;
  }

  onStderr(handler: (text: string) => void): void {
    this.stderrHandler = handler;
  }

  stderrTail(): string {
    return this.stderrBuf;
  }

  /** Writes one already-serialised NDJSON line. */
  writeLine(line: string): boolean {
    if (!this.isAlive || this.child.stdin.destroyed) return false;
    this.opts.logger.trace(`>> ${redact(line.slice(0, 500))}`);
    this.child.stdin.write(line + '\n');
    return true;
  }

  closeStdin(): void {
    if (!this.child.stdin.destroyed) this.child.stdin.end();
  }

  /** Kills the process and every process in its group, then waits for the exit. */
  async killTree(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitInfo> {
    const pid = this.child.pid;
    // Children that left the group are found before the leader dies and takes the links with it.
    const strays = pid !== undefined && this.isAlive ? descendantPids(pid) : [];
    // The group may outlive its leader (a tool's child), so signal it even after the exit.
    if (pid !== undefined) killProcessTree(pid, signal);
    // At once, not after the exit: a stray holding our stdout would keep 'close' from firing.
    killPids(strays, signal);
    const exit = await this.exited;
    await waitGone(strays);
    return exit;
  }
}

export function killProcessTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
