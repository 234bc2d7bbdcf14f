import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every live descendant of `pid`, read from /proc (Linux). A child that left our process
 * group (setsid, detached spawns) is still found this way, so it can't become an orphan.
 * Elsewhere, returns [] and the process-group kill is all there is.
 */
export function descendantPids(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after the parenthesised command: state, ppid, …
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue;
      const ppid = Number(rest[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(e));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function killPids(pids: number[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits (bounded) until every pid has died, so "disposed" means "gone", not "signalled". */
export async function waitGone(pids: number[], timeoutMs = 1000): Promise<void> {
  if (process.platform !== 'linux') return;
  const end = Date.now() + timeoutMs;
  while (pids.some(running) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}
