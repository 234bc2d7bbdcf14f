import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';
import { guardLink, onGuardSeen, type GuardLink } from './processGuard';
import { killTargets, listProcesses, MARK_VAR, realOps, treeTargets, waitGone, descendantsIn, type ProcessOps } from './processTree';

export interface ChildSpawnOptions {
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /**
   * 'close' (default): `exited` settles after stdout and stderr have ended, so every line is
   * read first. 'exit': as soon as the process is gone (a stream reader owns the pipes).
   */
  settleOn?: 'close' | 'exit';
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process never started, e.g. ENOENT. */
  spawnError?: NodeJS.ErrnoException;
}

/** Every live child of this host: what the exit path kills. */
const live = new Set<ManagedChild>();
let exitHookInstalled = false;

/**
 * One child process of the extension host, with the only spawn and tree-kill code there is.
 * - POSIX: it leads its own process group, so a kill reaches everything that stays in the group.
 * - Groups its descendants start (the CLI runs Bash with setsid) are recorded while a turn runs
 *   (the process guard polls, see `setWatching`), and killed with it, also when it dies on its own.
 * - The host's exit path kills every live child's tree synchronously, and the guard does the
 *   same when the host dies without running any code.
 * - Windows has no groups: trees are killed with `taskkill /T /F` per recorded pid.
 * - Linux: the child gets a mark of its own in its environment (MARK_VAR), which all its
 *   descendants inherit. When it dies unexpectedly, the guard (never the host: it means reading
 *   every process's environ) kills the marked processes started since just before its last poll,
 *   so a tool that left the group before the guard polled (the CLI died a few ms after starting
 *   it) dies too. A clean exit or our own shutdown does not use the mark: long-lived detached
 *   processes a tool started (ssh masters, a tmux server, another editor window) carry it too,
 *   and they are the user's (processGuardMain.ts explains the rule).
 */
export class ManagedChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<ChildExit>;
  exit: ChildExit | undefined;
  /** Groups (Windows: pids) found under this child while it lived. */
  private readonly recorded = new Set<number>();
  /** This child's MARK_VAR value. */
  readonly mark = randomUUID();
  private watching = false;
  /** We ended its stdin or killed it: an exit after that is ours, not a crash. */
  private shutdown = false;

  constructor(
    readonly opts: ChildSpawnOptions,
    private readonly ops: ProcessOps = realOps,
    private readonly link: GuardLink = guardLink,
  ) {
    installExitHook();
    // No shell: arguments are passed as a list, so nothing in them is interpreted.
    this.child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: { ...opts.env, [MARK_VAR]: this.mark },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: ops.platform !== 'win32',
      windowsHide: true,
    });
    const pid = this.child.pid;
    if (pid !== undefined) {
      live.add(this);
      this.link.root(pid, this.mark);
    }
    this.exited = new Promise<ChildExit>((resolve) => {
      let settled = false;
      const done = (info: ChildExit) => {
        if (settled) return;
        settled = true;
        this.exit ??= info;
        resolve(this.exit);
      };
      this.child.on('error', (err: NodeJS.ErrnoException) => {
        if (this.child.pid === undefined) done({ code: null, signal: null, spawnError: err });
        else opts.logger.warn(`child error: ${err.message}`);
      });
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        this.onGone();
        if (opts.settleOn === 'exit') done(this.exit);
      });
      this.child.once('close', (code, signal) => done({ code, signal }));
    });
    // A dead child turns writes into EPIPE; the exit path reports it, so don't crash here.
    this.child.stdin.on('error', (err) => opts.logger.debug(`stdin: ${err.message}`));
    // EOF on stdin is how a CLI (and an ACP terminal's command) is asked to finish.
    this.child.stdin.once('finish', () => (this.shutdown = true));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isAlive(): boolean {
    return this.exit === undefined && this.child.pid !== undefined;
  }

  /** Process groups (Windows: pids) recorded under this child so far. */
  get recordedGroups(): number[] {
    return [...this.recorded];
  }

  /**
   * Records the child's descendant groups while `on` (a turn runs: that is when tools start).
   * The polling happens in the guard process, so the host pays nothing per turn.
   */
  setWatching(on: boolean): void {
    const pid = this.child.pid;
    if (pid === undefined || !this.isAlive || on === this.watching) return;
    this.watching = on;
    this.link.watch(pid, on);
  }

  /** From the guard: a group found under this child (`gone`: that group has emptied). */
  record(target: number, gone = false): void {
    if (gone) this.recorded.delete(target);
    else if (target !== this.child.pid) this.recorded.add(target);
  }

  /**
   * Kills the child and everything under it, then waits for the exit. Descendants are read
   * before the kill: once the leader dies, the parent links that lead to them are gone.
   */
  async killTree(signal: NodeJS.Signals = 'SIGKILL', graceMs?: number): Promise<ChildExit> {
    const pid = this.child.pid;
    if (pid === undefined) return this.exited;
    this.shutdown = true;
    const table = this.isAlive ? listProcesses(this.ops) : undefined;
    const strays = table ? descendantsIn(table, pid).map((p) => p.pid) : [];
    const targets = [...treeTargets(table, pid, this.ops.platform), ...this.recorded];
    // At once, not after the exit: a stray holding our stdout would keep 'close' from firing.
    killTargets(targets, signal, this.ops);
    if (this.ops.platform !== 'win32') killTargets(strays, signal, this.ops);
    let timer: NodeJS.Timeout | undefined;
    if (graceMs !== undefined && signal !== 'SIGKILL') {
      timer = setTimeout(() => (killTargets(targets, 'SIGKILL', this.ops), killTargets(strays, 'SIGKILL', this.ops)), graceMs);
    }
    try {
      return await this.exited;
    } finally {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') killTargets([...targets, ...strays], 'SIGKILL', this.ops);
      await waitGone(strays);
    }
  }

  /** The child is gone (killed, crashed or done): what it left in its groups goes with it. */
  private onGone(): void {
    live.delete(this);
    this.watching = false;
    const pid = this.child.pid;
    if (pid === undefined) return;
    // POSIX: the leader's group may still hold members. Windows: no groups, and a dead pid may
    // already name another process, so only the recorded ones.
    killTargets(this.ops.platform === 'win32' ? this.recorded : [pid, ...this.recorded], 'SIGKILL', this.ops);
    // A clean exit (code 0) or one we asked for is no crash: the mark stays unused.
    const clean = this.exit?.code === 0 && this.exit.signal === null;
    this.link.exited(pid, !this.shutdown && !clean);
  }

  /** Exit path: synchronous, no promises will run after it. */
  killNowSync(table: ReturnType<typeof listProcesses>): void {
    const pid = this.child.pid;
    if (pid === undefined || !this.isAlive) return;
    this.shutdown = true;
    // The host is going: the guard reads our stdin's EOF next and does the mark's part.
    killTargets([...treeTargets(table, pid, this.ops.platform), ...this.recorded], 'SIGKILL', this.ops, true);
  }
}

onGuardSeen((root, target, gone) => {
  for (const c of live) if (c.pid === root) c.record(target, gone);
});

/** Kills every live child's tree; what `process.on('exit')` runs. */
export function killAllChildrenSync(): void {
  if (live.size === 0) return;
  const table = listProcesses(realOps);
  for (const c of [...live]) c.killNowSync(table);
}

/** Live children of this host, for tests and diagnostics. */
export function liveChildren(): readonly ManagedChild[] {
  return [...live];
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A reload ends the host with process.exit() whether or not deactivate finished.
  process.on('exit', killAllChildrenSync);
}
