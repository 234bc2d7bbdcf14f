import { readdirSync, readFileSync } from 'node:fs';
import { claudePids } from './cliEnv';

/**
 * Live (non-zombie) processes whose argv is exactly `argv` and whose environment mentions
 * `marker` (a sandbox path: the CLI's tools inherit its HOME). Linux /proc, for tests.
 */
export function processesWithArgv(argv: string[], marker: string): number[] {
  const want = argv.join('\0') + '\0';
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8') !== want) continue;
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (readFileSync(`/proc/${e}/environ`, 'utf8').includes(marker)) out.push(Number(e));
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** Every live (non-zombie) process, other than this one, whose environment mentions `marker`. */
export function processesMarked(marker: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (readFileSync(`/proc/${e}/environ`, 'utf8').includes(marker)) out.push(Number(e));
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** The scripted `slow-tool` scenario's Bash command, as it runs. */
export const sleepers = (marker: string) => processesWithArgv(['sleep', '30'], marker);

/** Process group of a pid (Linux). */
export function pgidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

export async function poll<T>(what: string, fn: () => T, timeoutMs = 30_000, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Live `claude` CLI processes of a sandbox (not a test host whose argv mentions the sandbox). */
export function cliProcesses(marker: string): number[] {
  return claudePids(marker).filter((pid) => {
    try {
      return /(^|\/)claude(\.exe)?$/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
    } catch {
      return false;
    }
  });
}
