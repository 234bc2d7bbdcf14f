/**
 * The reference panel (bench/refpanel/): packaged into a scratch .vsix for the U-figures, and
 * its launch config taken from the product's own `claude` process, so the two can't drift.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/support/cliEnv';

/** Set in the reference's `claude` environment: tells its processes from the product's. */
export const REF_MARK = 'CLAUDE_REF_PANEL_PROCESS';

export interface RefPanel {
  vsix: string;
  /** Where the reference reads its launch config (CLAUDE_REF_PANEL_CONFIG in code-server's env). */
  configFile: string;
  dir: string;
}

/** Packages bench/refpanel into a scratch dir (vsce, as for ours). */
export function packRefPanel(): RefPanel {
  const dir = mkdtempSync(join(tmpdir(), 'claude-chat-refpanel-'));
  const src = join(dir, 'src');
  cpSync(join(__dirname, 'refpanel'), src, { recursive: true });
  const vsix = join(dir, 'refpanel.vsix');
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: src, stdio: 'pipe' });
  return { vsix, configFile: join(dir, 'launch.json'), dir };
}

export function cleanupRefPanel(r: RefPanel | undefined): void {
  if (r) rmSync(r.dir, { recursive: true, force: true });
}

/**
 * The flags our extension launched `pid` with, minus what belongs to that chat alone: its session
 * id (the reference names its own) and the MCP permission wiring (a bearer token for our chat's
 * permission server, and its config file is gone once the CLI read it). What is left is every
 * flag a user's setup or our settings put there (stream-json, partial messages, checkpoints,
 * setting sources, permission mode, model).
 */
export function chatFlags(argv: string[]): { bin: string; args: string[]; dropped: string[] } {
  const args: string[] = [];
  const dropped: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--session-id' || a === '--resume' || a === '--permission-prompt-tool') {
      dropped.push(a, argv[++i]);
    } else if (a.startsWith('--mcp-config=')) {
      dropped.push('--mcp-config=…');
    } else if (a === '--mcp-config') {
      dropped.push(a, '…');
      i++;
    } else {
      args.push(a);
    }
  }
  return { bin: argv[0], args, dropped };
}

/** Writes the reference's launch config from the product's live `claude` (argv, environment, cwd from /proc). */
export function writeRefConfig(r: RefPanel, productPid: number): { args: string[]; dropped: string[] } {
  const argv = readFileSync(`/proc/${productPid}/cmdline`, 'utf8').split('\0').filter((x, i, all) => x !== '' || i < all.length - 1);
  const env: Record<string, string> = {};
  for (const kv of readFileSync(`/proc/${productPid}/environ`, 'utf8').split('\0')) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  env[REF_MARK] = '1';
  const { bin, args, dropped } = chatFlags(argv);
  writeFileSync(r.configFile, JSON.stringify({ bin, args, env, cwd: readlinkSync(`/proc/${productPid}/cwd`) }));
  return { args, dropped };
}

export function isRefProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${REF_MARK}=1`);
  } catch {
    return false;
  }
}
