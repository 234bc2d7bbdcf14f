import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../core/processTree';

/**
 * The `--mcp-config` file holds the permission server's bearer token, so it lives only until the
 * CLI has connected (docs/protocol.md, "Process lifetime and the environment the CLI inherits"):
 * written 0600 into our own 0700 folder, named after the host's pid, removed as soon as init
 * reports the server connected (or the process ends), and swept at activation when its host
 * is dead.
 */
export function mcpConfigDir(base = tmpdir()): string {
  let user = 'user';
  try {
    user = userInfo().username.replace(/[^\w.-]/g, '_') || user;
  } catch {
    // no passwd entry: one folder for everyone is still private through the file modes
  }
  return join(base, `claude-chat-${user}`);
}

export function writeMcpConfigFile(json: string, dir = mcpConfigDir(), hostPid = process.pid): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // In a shared temp folder someone else may have made the folder first: then a fresh private one.
  if (!privateDir(dir)) dir = mkdtempSync(`${dir}-`);
  const file = join(dir, `mcp-${hostPid}-${randomBytes(6).toString('hex')}.json`);
  // wx: never write through a file (or symlink) someone placed there first.
  writeFileSync(file, json, { mode: 0o600, flag: 'wx' });
  return file;
}

function privateDir(dir: string): boolean {
  const st = lstatSync(dir);
  if (!st.isDirectory()) return false;
  const uid = process.getuid?.();
  return uid === undefined || (st.uid === uid && (st.mode & 0o077) === 0);
}

export function removeMcpConfigFile(file: string | undefined): void {
  if (file) rmSync(file, { force: true });
}

const NAME = /^mcp-(\d+)-[0-9a-f]+\.json$/;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes config files whose host is gone (or that are a day old: a live host removes its own
 * within seconds). One readdir of our folder; spawns nothing. Returns the files removed.
 */
export async function sweepStaleMcpConfigs(dir = mcpConfigDir(), alive: (pid: number) => boolean = pidAlive, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    let stale = !alive(Number(m[1]));
    if (!stale) {
      try {
        stale = now - (await stat(file)).mtimeMs > MAX_AGE_MS;
      } catch {
        continue;
      }
    }
    if (!stale) continue;
    await rm(file, { force: true }).catch(() => undefined);
    removed.push(file);
  }
  return removed;
}
