import { LineFramer } from './lineFramer';
import type { Logger } from '../core/logger';
import { redact } from '../core/logger';
import { ManagedChild, type ChildExit } from '../core/childProcess';

export interface CliSpawnOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  stderrCapBytes?: number;
}

export type ExitInfo = ChildExit;

/**
 * One `claude` child: stdout carries protocol lines only, stderr is logged and capped. Spawning,
 * process groups and tree kills are the shared ones (src/core/childProcess.ts): Bash tools,
 * which the CLI starts in sessions of their own, die with it.
 */
export class CliProcess {
  private readonly proc: ManagedChild;
  private readonly framer: LineFramer;
  private stderrBuf = '';
  private readonly stderrCap: number;
  readonly exited: Promise<ExitInfo>;
  private lineHandler: (line: string) => void = () => {};
  private stderrHandler: (text: string) => void = () => {};

  constructor(private readonly opts: CliSpawnOptions) {
    this.stderrCap = opts.stderrCapBytes ?? 64 * 1024;
    this.framer = new LineFramer(undefined, (n) => opts.logger.warn(`dropped an oversized stdout line (${n} chars)`));
    opts.logger.info(`spawn ${opts.command} ${opts.args.map((a) => redact(a)).join(' ')} (cwd ${opts.cwd})`);
    this.proc = new ManagedChild({ command: opts.command, args: opts.args, cwd: opts.cwd, env: opts.env, logger: opts.logger });
    const child = this.proc.child;
    this.exited = this.proc.exited.then((info) => {
      for (const line of this.framer.end()) this.lineHandler(line);
      return info;
    });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of this.framer.push(chunk)) this.lineHandler(line);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderrBuf = (this.stderrBuf + text).slice(-this.stderrCap);
      this.stderrHandler(text);
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get isAlive(): boolean {
    return this.proc.isAlive;
  }

  /** Process groups (Windows: pids) the CLI's tools ran in, recorded while turns ran. */
  get recordedGroups(): number[] {
    return this.proc.recordedGroups;
  }

  /** While a turn runs, tool processes are looked for (by the process guard, not the host). */
  setWatching(on: boolean): void {
    this.proc.setWatching(on);
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
    const stdin = this.proc.child.stdin;
    if (!this.isAlive || stdin.destroyed) return false;
    this.opts.logger.trace(`>> ${redact(line.slice(0, 500))}`);
    stdin.write(line + '\n');
    return true;
  }

  closeStdin(): void {
    const stdin = this.proc.child.stdin;
    if (!stdin.destroyed) stdin.end();
  }

  /** Kills the process and every process group under it, then waits for the exit. */
  killTree(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitInfo> {
    return this.proc.killTree(signal).then(() => this.exited);
  }
}
