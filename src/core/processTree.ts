import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process trees on every platform the extension runs on. Linux reads /proc; macOS and the BSDs
 * ask `ps`; Windows asks CIM through PowerShell (there are no process groups there, and
 * `taskkill /T` follows parent links). Everything that touches the OS goes through
 * `ProcessOps`, so the macOS and Windows paths are unit-tested on Linux CI.
 */

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The process group; on Windows, the pid itself (no groups). */
  pgid: number;
}

export interface ProcessOps {
  platform: NodeJS.Platform;
  /** `process.kill`; throws ESRCH for a missing process or group. */
  kill(pid: number, signal: NodeJS.Signals | 0): void;
  /** Runs a command to completion and returns its stdout. */
  execSync(command: string, args: string[]): string;
  exec(command: string, args: string[]): Promise<string>;
  /** Starts a command and forgets it (taskkill). */
  spawnDetached(command: string, args: string[]): void;
  /** Runs a command to completion, for exit paths where nothing async runs any more. */
  spawnSync(command: string, args: string[]): void;
  /** Linux: the /proc table. */
  readProc?(): ProcessInfo[] | undefined;
  /** Linux: the processes whose environment holds `entry` (`NAME=value`), with their start times. */
  readMarked?(entry: string): MarkedProcess[] | undefined;
  /** Linux: the time since boot in ms (/proc/uptime), the clock `MarkedProcess.startMs` is on. */
  uptimeMs?(): number | undefined;
}

/** A process carrying a mark; `startMs`: when it started, in ms since boot (/proc/<pid>/stat field 22). */
export interface MarkedProcess {
  pid: number;
  startMs: number;
}

/**
 * The variable a managed child is started with, a value unique to that child. Every process it
 * starts inherits it, whatever its process group or parent later becomes, so on Linux a scan of
 * /proc/<pid>/environ finds a tool that escaped into a session of its own before the guard ever
 * polled (a CLI killed within milliseconds of a tool's start, docs/protocol.md).
 */
export const MARK_VAR = 'CLAUDE_CHAT_PROCESS_MARK';
/** What a mark may look like (it travels on the guard's command line). */
export const MARK_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

const EXEC_OPTS = { encoding: 'utf8' as const, windowsHide: true, timeout: 10_000, maxBuffer: 16 * 1024 * 1024 };

export const realOps: ProcessOps = {
  platform: process.platform,
  kill: (pid, signal) => void process.kill(pid, signal),
  execSync: (command, args) => execFileSync(command, args, { ...EXEC_OPTS, stdio: ['ignore', 'pipe', 'ignore'] }),
  exec: (command, args) =>
    new Promise((resolve, reject) => execFile(command, args, EXEC_OPTS, (err, stdout) => (err ? reject(err) : resolve(stdout)))),
  spawnDetached: (command, args) => {
    const c = spawn(command, args, { stdio: 'ignore', windowsHide: true });
    c.on('error', () => undefined);
    c.unref();
  },
  spawnSync: (command, args) => void spawnSync(command, args, { stdio: 'ignore', windowsHide: true, timeout: 5000 }),
  readProc: readProcTable,
  readMarked: readMarkedPids,
  uptimeMs: readUptimeMs,
};

/**
 * /proc/<pid>/stat counts a process's start (field 22) in clock ticks since boot. USER_HZ is 100
 * on every architecture Linux and VS Code share (it is fixed ABI, whatever the kernel's HZ).
 */
const USER_HZ = 100;

/** The start time (field 22) of a /proc/<pid>/stat line, in ms since boot. */
export function statStartMs(stat: string): number {
  // Fields after the parenthesised command start at field 3 (state): field 22 is the 20th.
  return (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) * 1000) / USER_HZ;
}

function readUptimeMs(): number | undefined {
  try {
    const ms = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** `ps` columns: pid, ppid, pgid with empty headers, one process a line. */
export const PS_ARGS = ['-axo', 'pid=,ppid=,pgid='];
/** Windows: one "pid ppid" line per process; CIM works where wmic is gone (Windows 11 24H2). */
export const POWERSHELL_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  'Get-CimInstance -ClassName Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }',
];

/** The whole process table, or undefined when the platform would not tell. */
export function listProcesses(ops: ProcessOps = realOps): ProcessInfo[] | undefined {
  try {
    if (ops.platform === 'linux' && ops.readProc) {
      const t = ops.readProc();
      if (t) return t;
    }
    if (ops.platform === 'win32') return parseWindowsTable(ops.execSync('powershell.exe', POWERSHELL_ARGS));
    return parsePsTable(ops.execSync('ps', PS_ARGS));
  } catch {
    return undefined;
  }
}

export async function listProcessesAsync(ops: ProcessOps = realOps): Promise<ProcessInfo[] | undefined> {
  try {
    if (ops.platform === 'linux' && ops.readProc) {
      const t = ops.readProc();
      if (t) return t;
    }
    if (ops.platform === 'win32') return parseWindowsTable(await ops.exec('powershell.exe', POWERSHELL_ARGS));
    return parsePsTable(await ops.exec('ps', PS_ARGS));
  } catch {
    return undefined;
  }
}

export function parsePsTable(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]) });
  }
  return out;
}

export function parseWindowsTable(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[1]) });
  }
  return out;
}

/** Linux: /proc/<pid>/stat, skipping zombies (they hold nothing and can't be killed). */
function readProcTable(): ProcessInfo[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const out: ProcessInfo[] = [];
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after the parenthesised command: state, ppid, pgrp, …
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue;
      out.push({ pid: Number(e), ppid: Number(rest[1]), pgid: Number(rest[2]) });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Linux: live processes whose environment holds `entry`; unreadable ones (not ours) are skipped. */
function readMarkedPids(entry: string): MarkedProcess[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const needle = `\0${entry}\0`;
  const out: MarkedProcess[] = [];
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57 || Number(e) === process.pid) continue;
    try {
      // A zombie's environment reads empty, so only the living match.
      if (!`\0${readFileSync(`/proc/${e}/environ`, 'latin1')}`.includes(needle)) continue;
      out.push({ pid: Number(e), startMs: statStartMs(readFileSync(`/proc/${e}/stat`, 'utf8')) });
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return out;
}

/**
 * Linux: SIGKILLs every process carrying `mark` (see MARK_VAR) that started at or after
 * `sinceMs` (ms since boot; older ones are left alone, see the process guard's `markSince`),
 * again and again until a scan finds no new one. A process that has been sent SIGKILL can fork no
 * more, and a child it forked before is in /proc by the time the kill returns (and started later
 * than its parent), so the loop ends with nothing recent and marked alive.
 * Elsewhere (no environ to read) a no-op: process groups are all there is.
 */
export function killMarked(mark: string | undefined, sinceMs: number, ops: ProcessOps = realOps): number[] {
  if (!mark || ops.platform !== 'linux' || !ops.readMarked) return [];
  const entry = `${MARK_VAR}=${mark}`;
  const killed = new Set<number>();
  for (let round = 0; round < 50; round++) {
    const fresh = (ops.readMarked(entry) ?? []).filter((p) => p.startMs >= sinceMs && !killed.has(p.pid)).map((p) => p.pid);
    if (fresh.length === 0) break;
    for (const p of fresh) {
      killed.add(p);
      try {
        ops.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  return [...killed];
}

/** Every descendant of `root` in `table`, parents before children. */
export function descendantsIn(table: ProcessInfo[], root: number): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of table) {
    if (p.pid === p.ppid) continue;
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcessInfo[] = [];
  const seen = new Set<number>([root]);
  const queue = [root];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      if (seen.has(c.pid)) continue;
      seen.add(c.pid);
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/**
 * What must be signalled to take down `root` and everything under it: process groups on POSIX
 * (a tool that called setsid leads its own group, and the group survives its parent), the pids
 * themselves on Windows. `root`'s own group is always included on POSIX.
 */
export function treeTargets(table: ProcessInfo[] | undefined, root: number, platform: NodeJS.Platform): number[] {
  const set = new Set<number>([root]);
  for (const p of table ? descendantsIn(table, root) : []) set.add(platform === 'win32' ? p.pid : p.pgid);
  return [...set];
}

/** Every live descendant pid of `pid` (all platforms). */
export function descendantPids(pid: number, ops: ProcessOps = realOps): number[] {
  const table = listProcesses(ops);
  return table ? descendantsIn(table, pid).map((p) => p.pid) : [];
}

/**
 * Signals each target: POSIX process groups (a group whose leader died is still signalled
 * through its id; a dead group throws ESRCH and is skipped), or on Windows a forced tree kill
 * per pid. `sync` is for exit paths, where a started taskkill might never run.
 */
export function killTargets(targets: Iterable<number>, signal: NodeJS.Signals = 'SIGKILL', ops: ProcessOps = realOps, sync = false): void {
  for (const t of targets) {
    if (ops.platform === 'win32') {
      const args = ['/T', '/F', '/PID', String(t)];
      if (sync) ops.spawnSync('taskkill', args);
      else ops.spawnDetached('taskkill', args);
      continue;
    }
    try {
      ops.kill(-t, signal);
    } catch {
      // Not a group (yet, or any more): the process itself, if it is still there.
      try {
        ops.kill(t, signal);
      } catch {
        // already gone
      }
    }
  }
}

function running(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until every pid has died, so "disposed" means "gone", not "signalled". */
export async function waitGone(pids: number[], timeoutMs = 1000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (pids.some(running) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

/**
 * True when a process with this pid exists (EPERM: it exists, owned by someone else): whether the
 * owner of a file we left behind (an MCP config, an IDE lock) may still need it.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
