import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import type { Logger } from '../core/logger';
import { descendantPids, killPids, waitGone } from '../core/processTree';
import { redact } from '../core/logger';
import { AcpError } from './errors';

/** An ACP agent to run: an explicit argv, never a shell line. */
export interface AcpAgentSpec {
  /** Shown in errors and logs. */
  name: string;
  command: string;
  args: string[];
  /** Added to the host's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

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
  private readonly child: ChildProcessWithoutNullStreams;
  private stderrTail = '';
  private spawnError: Error | undefined;

  constructor(
    readonly spec: AcpAgentSpec,
    private readonly log: Logger,
  ) {
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    this.exited = new Promise<AgentExit>((resolve) => {
      this.child.on('error', (err) => {
        this.spawnError = err;
        this.exit ??= { code: null, signal: null };
        resolve(this.exit);
      });
      this.child.on('exit', (code, signal) => {
        this.exit ??= { code, signal };
        log.info(`agent ${spec.name} exited (${signal ?? `code ${code}`})`);
        // The leader is gone; take down anything it left in its group.
        this.killGroup('SIGKILL');
        resolve(this.exit);
      });
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
    // A write to a dead agent must not crash the host.
    this.child.stdin.on('error', (err) => log.debug(`stdin: ${err.message}`));
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

  /** Kills the whole process tree; resolves once the agent is gone. */
  async kill(graceMs = 1500): Promise<AgentExit> {
    if (this.exit) {
      this.killGroup('SIGKILL');
      return this.exit;
    }
    // Found before the kill: once the agent is gone its children are reparented and lost.
    const tree = this.child.pid === undefined ? [] : descendantPids(this.child.pid);
    this.killGroup('SIGTERM');
    killPids(tree, 'SIGTERM');
    const timer = setTimeout(() => (this.killGroup('SIGKILL'), killPids(tree)), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      killPids(tree);
      await waitGone(tree);
    }
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // No such group: everything is already gone.
    }
  }
}
