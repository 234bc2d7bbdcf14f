import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import type { Logger } from '../core/logger';
import { ManagedChild } from '../core/childProcess';
import { childEnvironment } from '../core/childEnv';
import { redact } from '../core/logger';
import { AcpError } from './errors';
import type { AgentSpec } from '../core/agentWorkspace';

/** An ACP agent to run: an explicit argv, never a shell line (src/core/agentWorkspace.ts). */
export type AcpAgentSpec = AgentSpec;

export interface AgentExit {
  code: number | null;
  signal: string | null;
}

const STDERR_CAP = 64 * 1024;

/**
 * The agent's process: stdout/stdin carry ACP only, stderr goes to the logger (capped). It runs
 * in its own process group, so `kill()` also reaches the CLI processes the agent starts.
 */
export class AgentProcess {
  readonly exited: Promise<AgentExit>;
  exit: AgentExit | undefined;
  private readonly proc: ManagedChild;
  private readonly child: ChildProcessWithoutNullStreams;
  private stderrTail = '';
  private spawnError: Error | undefined;

  constructor(
    readonly spec: AcpAgentSpec,
    private readonly log: Logger,
  ) {
    // The shared spawn (src/core/childProcess.ts): own process group, recorded tool groups, killed
    // on the host's exit path and by the process guard if the host dies.
    this.proc = new ManagedChild({ command: spec.command, args: spec.args, cwd: spec.cwd, env: childEnvironment(process.env, spec.env), logger: log, settleOn: 'exit' });
    this.child = this.proc.child;
    // Synchronously, as the events come: callers look at `exit` right after an abort.
    this.child.once('exit', (code, signal) => (this.exit ??= { code, signal }));
    this.exited = this.proc.exited.then((e) => {
      if (e.spawnError) this.spawnError = e.spawnError;
      else log.info(`agent ${spec.name} exited (${e.signal ?? `code ${e.code}`})`);
      this.exit ??= { code: e.code, signal: e.signal };
      return this.exit;
    });
    this.child.stderr.setEncoding('utf8');
    let partial = '';
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_CAP);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > 4096) partial = partial.slice(-4096);
      for (const line of lines) if (line.trim()) log.debug(`stderr: ${redact(line.slice(0, 2000))}`);
    });
    log.info(`agent ${spec.name} started: ${spec.command} ${spec.args.join(' ')} (pid ${this.child.pid ?? '-'})`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** The error `spawn` reported (ENOENT, EACCES), as a typed error. */
  startError(): AcpError | undefined {
    if (!this.spawnError) return undefined;
    return new AcpError('startFailed', `Could not start the agent "${this.spec.name}" (${this.spec.command}): ${this.spawnError.message}`, ['openSettings', 'showLogs']);
  }

  /** Web streams for the SDK's `ndJsonStream`. */
  streams(): { output: WritableStream<Uint8Array>; input: ReadableStream<Uint8Array> } {
    return {
      output: Writable.toWeb(this.child.stdin) as WritableStream<Uint8Array>,
      input: Readable.toWeb(this.child.stdout) as ReadableStream<Uint8Array>,
    };
  }

  /** Kills the whole process tree (SIGTERM, then SIGKILL after `graceMs`); resolves once the agent is gone. */
  async kill(graceMs = 1500): Promise<AgentExit> {
    await this.proc.killTree(this.exit ? 'SIGKILL' : 'SIGTERM', graceMs);
    return this.exited;
  }
}
