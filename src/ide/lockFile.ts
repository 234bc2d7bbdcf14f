import { chmod, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../core/processTree';

/**
 * The discovery file the CLI scans: `<port>.lock` in `ide/` of the CLI's config dir
 * (`$CLAUDE_CONFIG_DIR` when set, else `~/.claude`; the CLI scans `~/.claude/ide` as well).
 * It holds the bearer token, so only this user may read it (file 0600, folder 0700).
 */
export interface LockContent {
  pid: number;
  workspaceFolders: string[];
  ideName: string;
  transport: 'ws';
  authToken: string;
  /** Read by the CLI to translate paths under WSL; we never run on the Windows side of WSL. */
  runningInWindows: boolean;
}

export function ideLockDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const configDir = env.CLAUDE_CONFIG_DIR?.trim();
  return join(configDir ? configDir : join(home, '.claude'), 'ide');
}

export async function writeLockFile(dir: string, port: number, content: LockContent): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${port}.lock`);
  // 'w' with mode only applies the mode to a new file; chmod covers a leftover of an earlier run.
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${JSON.stringify(content)}\n`, 'utf8');
  } finally {
    await handle.close();
  }
  await chmod(dir, 0o700).catch(() => undefined);
  return file;
}

export async function removeLockFile(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/**
 * Removes lock files whose owner died without cleaning up (a crashed host), so the CLI's `/ide`
 * does not list windows that are gone. Only files that parse as lock files with a dead pid go.
 */
export async function sweepStaleLocks(dir: string, alive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const name of names) {
    if (!/^\d+\.lock$/.test(name)) continue;
    const file = join(dir, name);
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown };
      if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || alive(parsed.pid)) continue;
      await unlink(file);
      gone.push(file);
    } catch {
      // unreadable or not ours to judge: leave it
    }
  }
  return gone;
}
