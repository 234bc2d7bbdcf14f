import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { compareVersions, parseVersion } from '../../src/claude/cliVersion';
import { transcriptPath } from '../../src/claude/paths';
import { testCliBin } from './cliVersion';

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** The pinned CLI, or `CLAUDE_CLI_VERSION`'s from the cache (test/support/cliVersion.ts). */
export const CLAUDE_BIN = testCliBin(REPO_ROOT);
/** The version of CLAUDE_BIN, read from `--version`. */
export const CLAUDE_VERSION: string = parseVersion(execFileSync(CLAUDE_BIN, ['--version'], { encoding: 'utf8', timeout: 60_000 })) ?? '0.0.0';
/**
 * True when the CLI under test is at least `version`. For tests whose subject genuinely differs
 * between CLI versions (a renamed tool, a tool a version lacks); each use says why.
 */
export const cliAtLeast = (version: string): boolean => compareVersions(CLAUDE_VERSION, version) >= 0;

export interface Sandbox {
  root: string;
  home: string;
  workspace: string;
  env: Record<string, string>;
  cleanup(): void;
}

/** A scratch HOME, config dir and workspace, so tests never touch a real user's settings. */
export function makeSandbox(modelUrl: string, name = 'claude-chat-test'): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `${name}-`)));
  const home = join(root, 'home');
  const workspace = join(root, 'ws');
  mkdirSync(home, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  const env: Record<string, string> = {
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: 'sk-test-scripted',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  };
  return { root, home, workspace, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * PIDs of live `claude` processes that belong to a sandbox: their cwd, HOME or command
 * line mentions `marker`. Zombies don't count.
 */
export function claudePids(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!/claude/.test(cmdline)) continue;
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // unreadable: rely on the rest
      }
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cwd.startsWith(marker) || environ.includes(marker) || cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The CLI writes a turn's answer to its transcript 50–200 ms after printing the result
 * (docs/protocol.md, "Stream robustness"): a test that kills the process or reloads the chat
 * right after a turn waits for this first, or the turn is not there to resume.
 */
export async function transcriptAnswers(cwd: string, sessionId: string, env: NodeJS.ProcessEnv, answers = 1, timeoutMs = 10_000): Promise<void> {
  const file = transcriptPath(cwd, sessionId, { ...process.env, ...env });
  const end = Date.now() + timeoutMs;
  for (;;) {
    let n = 0;
    try {
      n = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"type":"assistant"')).length;
    } catch {
      // not written yet
    }
    if (n >= answers) return;
    if (Date.now() > end) throw new Error(`the transcript ${file} holds ${n} of ${answers} answers after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
