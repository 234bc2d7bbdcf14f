/**
 * The process guard: a tiny Node process (dist/processGuard.js) that the extension host starts
 * with its first child. Its stdin is the host's lifeline: the host never closes it, so EOF means
 * the host is gone (reload, crash, SIGKILL) whether or not it ran any code on the way out.
 *
 * Host → guard, one command a line:
 *   root <pid>           a child of the host (a `claude` CLI, an ACP agent) to look after
 *   watch <pid> <0|1>    poll that child's descendants (while a turn runs, tools start)
 *   exit <pid>           the child has exited: kill what it left behind, forget it
 * Guard → host: `seen <root> <target>` for each process group (Windows: pid) found under a root,
 * so the host can kill it too.
 *
 * When a root dies, its recorded groups are killed (a crashed CLI's Bash tool runs in a session
 * of its own and would otherwise live on under init). At EOF, every root's tree is read once
 * more (intact: nothing has killed the roots yet) and killed together with everything recorded.
 */
import { killTargets, listProcesses, listProcessesAsync, realOps, treeTargets, type ProcessOps } from './processTree';

const POLL_MS: Partial<Record<NodeJS.Platform, number>> = { linux: 500, darwin: 1000, win32: 2000 };

interface Root {
  watched: boolean;
  targets: Set<number>;
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
        if (!this.roots.has(pid)) this.roots.set(pid, { watched: false, targets: new Set() });
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
  }

  private rootGone(pid: number): void {
    const r = this.roots.get(pid);
    if (!r) return;
    this.roots.delete(pid);
    // Windows: the root's pid may already name another process; only the recorded ones.
    killTargets(this.ops.platform === 'win32' ? r.targets : [pid, ...r.targets], 'SIGKILL', this.ops);
  }

  private schedule(): void {
    const watching = [...this.roots.values()].some((r) => r.watched);
    if (!watching || this.timer || this.ended) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.schedule());
    }, this.pollMs);
  }

  /** Records the groups under each watched root; a root missing from the table has died. */
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
