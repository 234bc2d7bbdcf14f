import { execFile } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ClaudeError } from './errors';

/**
 * The Claude Code versions this extension supports (docs/compatibility.md): the oldest one every
 * tier passes against (`CLAUDE_CLI_VERSION=2.1.197`) and the newest one (package.json's pinned
 * devDependency, what CI runs). Older: a clear error before the first turn. Newer: one quiet log line.
 */
export const OLDEST_SUPPORTED = '2.1.197';
export const NEWEST_TESTED = '2.1.332';
export const UPGRADE_COMMAND = 'npm install -g @anthropic-ai/claude-code@latest';

/** `2.1.197` from `2.1.197 (Claude Code)` or an init line's `claude_code_version`; undefined if none. */
export function parseVersion(text: string | undefined): string | undefined {
  return /(\d+)\.(\d+)\.(\d+)/.exec(text ?? '')?.[0];
}

/** <0, 0, >0 as `a` is older than, the same as, newer than `b` (numeric x.y.z). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type VersionVerdict = 'supported' | 'tooOld' | 'newerThanTested' | 'unknown';

export function judgeVersion(version: string | undefined): VersionVerdict {
  if (!version) return 'unknown';
  if (compareVersions(version, OLDEST_SUPPORTED) < 0) return 'tooOld';
  if (compareVersions(version, NEWEST_TESTED) > 0) return 'newerThanTested';
  return 'supported';
}

export function cliTooOld(version: string, command: string): ClaudeError {
  return new ClaudeError(
    'cliTooOld',
    `Claude Code ${version} (${command}) is older than this extension supports (${OLDEST_SUPPORTED} or newer). Update it with "${UPGRADE_COMMAND}" (or "claude update"), then send your message again.`,
    ['install', 'openSettings', 'showLogs'],
  );
}

/** Versions already asked, by binary path, size and mtime: an update in place is asked again. */
const known = new Map<string, Promise<string | undefined>>();

/**
 * The version `command --version` prints, asked once per binary; undefined when it can't say
 * (a wrapper that ignores the flag, a timeout). Never throws: only a version we can read blocks.
 */
export function installedVersion(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  let key = command;
  try {
    const st = statSync(command);
    key = `${command}\u0000${st.size}\u0000${st.mtimeMs}`;
  } catch {
    // not statable: ask by path
  }
  let p = known.get(key);
  if (!p) {
    const packaged = packagedVersion(command);
    if (packaged) return Promise.resolve(packaged);
    p = new Promise((resolve) => {
      execFile(command, ['--version'], { env, timeout: 15_000, windowsHide: true, maxBuffer: 64 * 1024 }, (err, stdout) => resolve(err ? undefined : parseVersion(String(stdout))));
    });
    known.set(key, p);
    // A failed read is not remembered: the next chat asks again.
    void p.then((v) => v === undefined && known.delete(key));
  }
  return p;
}

/**
 * The version in the npm package the binary belongs to (`node_modules/.bin/claude` links to
 * `@anthropic-ai/claude-code/bin/claude.exe`), read from its package.json: no process on the
 * way to the first turn (`claude --version` took 0.3–0.8 s here, before every first spawn).
 * Undefined for any other install (a standalone binary, a wrapper script): then we ask it.
 */
export function packagedVersion(command: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(realpathSync(command));
  } catch {
    return undefined;
  }
  for (let up = 0; up < 3; up++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === '@anthropic-ai/claude-code' && typeof pkg.version === 'string') return parseVersion(pkg.version);
      return undefined; // the nearest package.json is someone else's: not an npm install of the CLI
    } catch {
      // no package.json here: one level up
    }
  }
  return undefined;
}
