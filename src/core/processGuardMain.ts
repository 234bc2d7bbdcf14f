/**
 * The process guard: a tiny Node process (dist/processGuard.js) that the extension host starts
 * with its first child. Its stdin is the host's lifeline: the host never closes it, so EOF means
 * the host is gone (reload, crash, SIGKILL) whether or not it ran any code on the way out.
 *
 * Host → guard, one command a line:
 *   root <pid> [<mark>]  a child of the host (a `claude` CLI, an ACP agent) to look after, and
 *                        the value of MARK_VAR it was started with (Linux: see killMarked)
 *   watch <pid> <0|1>    poll that child's descendants (while a turn runs, tools start)
 *   exit <pid> [1]       the child has exited: kill what it left behind, forget it; `1`: it died
 *                        unexpectedly (a signal or error we did not cause), not by our shutdown
 * Guard → host: `seen <root> <target>` for each process group (Windows: pid) found under a root,
 * so the host can kill it too; `gone <root> <target>` when a recorded group has no member left,
 * so neither side ever kills that number again (the kernel may hand it to an unrelated process).
 * Polling goes on while a root is watched (and once more after, to learn what the turn's last
 * moments started), and on POSIX while it still has recorded groups, so each is dropped within one
 * poll of emptying. Windows: see `busy`.
 *
 * When a root dies, its recorded groups are killed (a crashed CLI's Bash tool runs in a session
 * of its own and would otherwise live on under init). At EOF, every root's tree is read once
 * more (intact: nothing has killed the roots yet) and killed together with everything recorded.
 *
 * The mark (Linux). A tool that leaves the root's tree (setsid and a double fork) before a poll
 * has seen it is in no recorded group: the orphan window. Such a process cannot be told from a
 * daemon a tool hands to the user on purpose (an ssh ControlMaster, a tmux server, gpg-agent, a
 * browser, another VS Code window), and every process those later start carries the mark too.
 * So the mark is only a backstop for the window itself: it is used only when a root dies
 * unexpectedly or the host dies (a clean exit or our own shutdown kills the recorded groups, as
 * before the mark existed), only while a turn runs (or before the poll that follows its end), and
 * it kills only marked processes that started after `markSince`: one poll interval before the last
 * poll that saw the root alive, and not before the turn began. A process that detaches at once is
 * seen by no poll, so one interval of the benefit of the doubt covers a tool started in the
 * moments before the death; anything older that left the tree was handed off, as it would be from
 * the user's terminal, and outlives the chat as it did before the mark.
 */
import { killMarked, killTargets, listProcesses, listProcessesAsync, MARK_PATTERN, realOps, treeTargets, type ProcessInfo, type ProcessOps } from './processTree';

const POLL_MS: Partial<Record<NodeJS.Platform, number>> = { linux: 500, darwin: 1000, win32: 2000 };

interface Root {
  watched: boolean;
  /** The turn has ended; one more poll learns what its last moments started. */
  finalPoll: boolean;
  targets: Set<number>;
  mark?: string;
  /** Linux: when (ms since boot) the current turn began (`watch <pid> 1`). */
  turnAt?: number;
  /** Linux: when the last poll of this turn that found this root alive began. */
  learntAt?: number;
  /** Windows: recorded pids that are no longer descendants of the root (only these need pruning). */
  strays: number;
}

export class Guard {
  private readonly roots = new Map<number, Root>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private ended = false;

  constructor(
    private readonly ops: ProcessOps,
    private readonly report: (line: string) => void,
    private readonly pollMs = POLL_MS[ops.platform] ?? 1000,
  ) {}

  command(line: string): void {
    const [verb, a, b] = line.trim().split(/\s+/);
    const pid = Number(a);
    if (!Number.isInteger(pid) || pid <= 0) return;
    switch (verb) {
      case 'root':
        if (!this.roots.has(pid)) this.roots.set(pid, { watched: false, finalPoll: false, targets: new Set(), mark: b && MARK_PATTERN.test(b) ? b : undefined, strays: 0 });
        break;
      case 'watch': {
        const r = this.roots.get(pid);
        if (r) {
          if (r.watched && b !== '1') r.finalPoll = true;
          if (!r.watched && b === '1') {
            r.turnAt = this.ops.platform === 'linux' ? (this.ops.uptimeMs?.() ?? 0) : 0;
            r.learntAt = undefined;
          }
          r.watched = b === '1';
        }
        break;
      }
      case 'exit':
        this.rootGone(pid, b === '1');
        break;
      default:
        return;
    }
    this.schedule();
  }

  /** The host is gone: take every tree down, synchronously, then report done. */
  hostGone(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    const table = listProcesses(this.ops);
    const all = new Set<number>();
    for (const [pid, r] of this.roots) {
      for (const t of treeTargets(table, pid, this.ops.platform)) all.add(t);
      for (const t of r.targets) all.add(t);
    }
    killTargets(all, 'SIGKILL', this.ops, true);
    for (const r of this.roots.values()) killMarked(r.mark, this.markSince(r), this.ops);
  }

  /** `unexpected`: the root died on its own (crash, someone else's signal), not by our shutdown. */
  private rootGone(pid: number, unexpected: boolean): void {
    const r = this.roots.get(pid);
    if (!r) return;
    this.roots.delete(pid);
    // Windows: the root's pid may already name another process; only the recorded ones.
    killTargets(this.ops.platform === 'win32' ? r.targets : [pid, ...r.targets], 'SIGKILL', this.ops);
    if (unexpected) killMarked(r.mark, this.markSince(r), this.ops);
  }

  /**
   * The oldest start time (ms since boot) the mark may kill for `r` (see the header): during a
   * turn (until the poll that follows its end), one interval (plus clock-tick rounding) before the
   * last poll that saw the root alive, but nothing from before the turn began. Between turns no
   * tool runs, and whatever starts then under a daemon a turn left (a shell in its tmux server)
   * is the user's: Infinity, the mark is not used.
   */
  markSince(r: Root): number {
    if (!r.watched && !r.finalPoll) return Infinity;
    const turn = r.turnAt ?? 0;
    return r.learntAt === undefined ? turn : Math.max(turn, r.learntAt - this.pollMs - 20);
  }

  /**
   * POSIX: while watched, and while recorded groups remain (pruning is cheap /proc or ps).
   * Windows: every descendant pid is recorded, and listing means starting PowerShell, so only
   * recorded pids that have left the root's tree keep the polling going; the rest are killed by
   * pid with the root, like before pruning existed.
   */
  private busy(r: Root): boolean {
    if (r.watched || r.finalPoll) return true;
    return this.ops.platform === 'win32' ? r.strays > 0 : r.targets.size > 0;
  }

  /** Nothing scheduled or running: the guard costs nothing until the next command. */
  get idle(): boolean {
    return this.timer === undefined && !this.polling;
  }

  private schedule(): void {
    const busy = [...this.roots.values()].some((r) => this.busy(r));
    if (!busy || this.timer || this.ended) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.schedule());
    }, this.pollMs);
  }

  /**
   * Records the groups under each watched root and drops recorded ones that have emptied; a root
   * missing from the table has died.
   */
  async poll(): Promise<void> {
    if (this.polling || this.ended) return;
    this.polling = true;
    try {
      // Read before the table: whatever the scan may miss started after this.
      const at = this.ops.platform === 'linux' ? this.ops.uptimeMs?.() : undefined;
      const learning = new Set([...this.roots].filter(([, r]) => r.watched || r.finalPoll).map(([pid]) => pid));
      const finishing = new Set([...this.roots].filter(([, r]) => r.finalPoll).map(([pid]) => pid));
      const table = await listProcessesAsync(this.ops);
      if (!table || this.ended) return;
      const live = new Set(table.map((p) => p.pid));
      for (const [pid, r] of [...this.roots]) {
        if (!live.has(pid)) {
          this.rootGone(pid, true);
          continue;
        }
        this.prune(pid, r, table);
        const tree = treeTargets(table, pid, this.ops.platform);
        if (learning.has(pid)) {
          for (const t of tree) {
            if (t === pid || r.targets.has(t)) continue;
            r.targets.add(t);
            this.report(`seen ${pid} ${t}`);
          }
          if (at !== undefined) r.learntAt = at;
          if (finishing.has(pid)) r.finalPoll = false;
        }
        if (this.ops.platform === 'win32') r.strays = [...r.targets].filter((t) => !tree.includes(t)).length;
      }
    } finally {
      this.polling = false;
    }
  }

  /** A group with no member is gone for good; its number may next name someone else's group. */
  private prune(pid: number, r: Root, table: ProcessInfo[]): void {
    if (r.targets.size === 0) return;
    const held = new Set(table.map((p) => (this.ops.platform === 'win32' ? p.pid : p.pgid)));
    for (const t of [...r.targets]) {
      if (held.has(t)) continue;
      r.targets.delete(t);
      this.report(`gone ${pid} ${t}`);
    }
  }
}

function main(): void {
  const guard = new Guard(realOps, (line) => {
    if (!process.stdout.destroyed) process.stdout.write(line + '\n');
  });
  process.stdout.on('error', () => undefined);
  // Our own group is not the host's; a terminal's ^C or hang-up to the host must not end us first.
  for (const s of ['SIGINT', 'SIGHUP'] as const) process.on(s, () => undefined);
  let buf = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      guard.command(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
    if (buf.length > 4096) buf = '';
  });
  const end = () => {
    guard.hostGone();
    process.exit(0);
  };
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  process.stdin.on('error', end);
}

if (require.main === module) main();
