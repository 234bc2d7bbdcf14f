/**
 * The process guard: a tiny Node process (dist/processGuard.js) that the extension host starts
 * with its first child. Its stdin is the host's lifeline: the host never closes it, so EOF means
 * the host is gone (reload, crash, SIGKILL) whether or not it ran any code on the way out.
 *
 * Host → guard, one command a line:
 *   root <pid> [<mark>]  a child of the host (a `claude` CLI, an ACP agent) to look after, and
 *                        the value of MARK_VAR it was started with (Linux: see killMarked)
 *   watch <pid> <0|1>    poll that child's descendants (while a turn runs, tools start)
 *   exit <pid>           the child has exited: kill what it left behind, forget it
 * Guard → host: `seen <root> <target>` for each process group (Windows: pid) found under a root,
 * so the host can kill it too; `gone <root> <target>` when a recorded group has no member left,
 * so neither side ever kills that number again (the kernel may hand it to an unrelated process).
 * Polling goes on while a root is watched or still has recorded groups, so each is dropped
 * within one poll of emptying.
 *
 * When a root dies, its recorded groups are killed (a crashed CLI's Bash tool runs in a session
 * of its own and would otherwise live on under init). At EOF, every root's tree is read once
 * more (intact: nothing has killed the roots yet) and killed together with everything recorded.
 * On Linux, each root's mark is then hunted down in /proc as well: a tool started after the last
 * poll, in a session of its own, carries it too.
 */
import { killMarked, killTargets, listProcesses, listProcessesAsync, MARK_PATTERN, realOps, treeTargets, type ProcessInfo, type ProcessOps } from './processTree';

const POLL_MS: Partial<Record<NodeJS.Platform, number>> = { linux: 500, darwin: 1000, win32: 2000 };

interface Root {
  watched: boolean;
  targets: Set<number>;
  mark?: string;
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
        if (!this.roots.has(pid)) this.roots.set(pid, { watched: false, targets: new Set(), mark: b && MARK_PATTERN.test(b) ? b : undefined });
        break;
      case 'watch': {
        const r = this.roots.get(pid);
        if (r) r.watched = b === '1';
        break;
      }
      case 'exit':
        this.rootGone(pid);
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
    for (const r of this.roots.values()) killMarked(r.mark, this.ops);
  }

  private rootGone(pid: number): void {
    const r = this.roots.get(pid);
    if (!r) return;
    this.roots.delete(pid);
    // Windows: the root's pid may already name another process; only the recorded ones.
    killTargets(this.ops.platform === 'win32' ? r.targets : [pid, ...r.targets], 'SIGKILL', this.ops);
    killMarked(r.mark, this.ops);
  }

  private schedule(): void {
    const busy = [...this.roots.values()].some((r) => r.watched || r.targets.size > 0);
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
      const table = await listProcessesAsync(this.ops);
      if (!table || this.ended) return;
      const live = new Set(table.map((p) => p.pid));
      for (const [pid, r] of [...this.roots]) {
        if (!live.has(pid)) {
          this.rootGone(pid);
          continue;
        }
        this.prune(pid, r, table);
        if (!r.watched) continue;
        for (const t of treeTargets(table, pid, this.ops.platform)) {
          if (t === pid || r.targets.has(t)) continue;
          r.targets.add(t);
          this.report(`seen ${pid} ${t}`);
        }
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
