import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which `claude` the integration tier runs. By default the pinned one (package.json's
 * devDependency, node_modules/.bin/claude); with `CLAUDE_CLI_VERSION=<x.y.z>` that version,
 * installed once into `<cache>/<version>` from the npm registry and reused after that, so the
 * pinned copy is never replaced (docs/compatibility.md). `CLAUDE_CLI_CACHE` moves the cache
 * (default `<repo>/.cache/claude-cli`).
 */
export function testCliBin(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const version = env.CLAUDE_CLI_VERSION?.trim();
  if (!version) return join(repoRoot, 'node_modules', '.bin', 'claude');
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`CLAUDE_CLI_VERSION must be a version like 2.1.332, not "${version}"`);
  const dir = join(env.CLAUDE_CLI_CACHE?.trim() || join(repoRoot, '.cache', 'claude-cli'), version);
  const found = runnableBin(dir, version);
  if (found) return found;
  mkdirSync(dir, { recursive: true });
  // A stub package.json keeps npm from walking up into the repository's own manifest.
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"name":"claude-cli-cache","private":true}\n');
  process.stderr.write(`[cli] installing @anthropic-ai/claude-code@${version} into ${dir}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `@anthropic-ai/claude-code@${version}`], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const bin = runnableBin(dir, version);
  if (!bin) throw new Error(`@anthropic-ai/claude-code@${version} installed into ${dir}, but neither its bin nor its native package prints that version`);
  return bin;
}

/**
 * The wrapper's `bin/claude.exe` is a placeholder until its postinstall copies the native
 * binary over it; when scripts did not run, the platform package's binary is the CLI itself.
 */
function runnableBin(dir: string, version: string): string | undefined {
  const modules = join(dir, 'node_modules');
  const platform = `${process.platform}-${process.arch}`;
  const candidates = [join(modules, '.bin', 'claude'), join(modules, '@anthropic-ai', `claude-code-${platform}`, 'claude'), join(modules, '@anthropic-ai', `claude-code-${platform}-musl`, 'claude')];
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    try {
      const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
      if (out.startsWith(version)) return bin;
    } catch {
      // the placeholder stub, or a broken install: try the next
    }
  }
  return undefined;
}
