import type { ChildProcess } from 'node:child_process';
import { ManagedChild } from '../core/childProcess';
import { childEnvironment } from '../core/childEnv';
import type { Logger } from '../core/logger';
import { nullLogger } from '../core/logger';
import type { TerminalExit, TerminalWatcher } from '../core/agentWorkspace';

export type { TerminalExit, TerminalWatcher };

export interface CreateTerminalParams {
  sessionId: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Absolute; the session's cwd when the agent leaves it out. */
  cwd: string;
  /** Keep at most this many bytes of output, dropping the oldest. */
  outputByteLimit?: number;
}

/** What the agent's `terminal/*` requests reach. The VS Code adapter may show them in a pseudoterminal. */
export interface AcpTerminals {
  create(params: CreateTerminalParams): Promise<string>;
  output(terminalId: string): Promise<{ output: string; truncated: boolean; exitStatus?: TerminalExit }>;
  waitForExit(terminalId: string): Promise<TerminalExit>;
  kill(terminalId: string): Promise<void>;
  release(terminalId: string): Promise<void>;
  /** Kills and forgets every terminal of a session (or all when omitted). */
  disposeAll(sessionId?: string): void;
}

export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

interface Term {
  sessionId: string;
  child: ChildProcess;
  chunks: Buffer[];
  bytes: number;
  limit: number;
  truncated: boolean;
  exit?: TerminalExit;
  exited: Promise<TerminalExit>;
}

/**
 * Terminals as plain child processes: explicit argv, no shell, each in its own process group
 * so kill reaches what the command started.
 */
export class NodeTerminals implements AcpTerminals {
  private readonly terms = new Map<string, Term>();
  private next = 0;

  constructor(
    private readonly log: Logger = nullLogger,
    private readonly watcher?: TerminalWatcher,
  ) {}

  async create(p: CreateTerminalParams): Promise<string> {
    const id = `term-${++this.next}`;
    // The shared spawn (src/core/childProcess.ts): its own group, killed on the host's exit path and
    // by the process guard when the host dies.
    const child = new ManagedChild({ command: p.command, args: p.args, cwd: p.cwd, env: childEnvironment(process.env, p.env), logger: this.log }).child;
    // No input: a command that reads stdin sees EOF at once.
    child.stdin.end();
    let resolveExit!: (e: TerminalExit) => void;
    const exited = new Promise<TerminalExit>((r) => (resolveExit = r));
    const term: Term = { sessionId: p.sessionId, child, chunks: [], bytes: 0, limit: p.outputByteLimit ?? DEFAULT_OUTPUT_LIMIT, truncated: false, exited };
    this.watcher?.created(id, [p.command, ...p.args].join(' '));
    const onData = (b: Buffer) => {
      this.append(term, b);
      this.watcher?.output(id, b.toString('utf8'));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => {
      this.append(term, Buffer.from(`${err.message}\n`));
      term.exit ??= { exitCode: null, signal: null };
      resolveExit(term.exit);
    });
    // 'close' waits for the pipes to drain, so the output is complete when we report the exit.
    child.on('close', (code, signal) => {
      term.exit ??= { exitCode: code, signal };
      this.watcher?.exited(id, term.exit);
      resolveExit(term.exit);
    });
    this.terms.set(id, term);
    this.log.debug(`terminal ${id}: ${p.command} ${p.args.join(' ')} (pid ${child.pid ?? '-'})`);
    return id;
  }

  async output(id: string) {
    const t = this.get(id);
    return { output: decodeTail(Buffer.concat(t.chunks)), truncated: t.truncated, exitStatus: t.exit };
  }

  waitForExit(id: string): Promise<TerminalExit> {
    return this.get(id).exited;
  }

  async kill(id: string): Promise<void> {
    killGroup(this.get(id));
  }

  async release(id: string): Promise<void> {
    const t = this.terms.get(id);
    if (!t) return;
    killGroup(t);
    this.terms.delete(id);
    this.watcher?.released(id);
  }

  disposeAll(sessionId?: string): void {
    for (const [id, t] of this.terms) {
      if (sessionId !== undefined && t.sessionId !== sessionId) continue;
      killGroup(t);
      this.terms.delete(id);
      this.watcher?.released(id);
    }
  }

  private get(id: string): Term {
    const t = this.terms.get(id);
    if (!t) throw new Error(`Unknown terminal ${id}`);
    return t;
  }

  private append(t: Term, b: Buffer): void {
    t.chunks.push(b);
    t.bytes += b.length;
    while (t.bytes > t.limit && t.chunks.length > 0) {
      const over = t.bytes - t.limit;
      const first = t.chunks[0];
      if (first.length <= over) {
        t.chunks.shift();
        t.bytes -= first.length;
      } else {
        t.chunks[0] = first.subarray(over);
        t.bytes -= over;
      }
      t.truncated = true;
    }
  }
}

/** Drops a partial UTF-8 sequence the byte cut may have left at the start. */
function decodeTail(buf: Buffer): string {
  let start = 0;
  while (start < buf.length && start < 3 && (buf[start] & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString('utf8');
}

function killGroup(t: Term): void {
  if (t.child.pid === undefined) return;
  try {
    // The group outlives its leader when the command started background children.
    process.kill(-t.child.pid, 'SIGKILL');
  } catch {
    if (!t.exit) t.child.kill('SIGKILL');
  }
}
