/**
 * `--cli-child <version|pinned>`: which `claude` this bench process measures. Imported before
 * anything that reads CLAUDE_BIN (test/support/cliEnv resolves it at load), so it only sets the
 * environment test/support/cliVersion.ts reads: CLAUDE_CLI_VERSION (installed into
 * CLAUDE_CLI_CACHE/<version> on first use, never over the pinned copy).
 */
const i = process.argv.indexOf('--cli-child');
if (i !== -1) {
  const v = process.argv[i + 1] ?? '';
  if (v === 'pinned') delete process.env.CLAUDE_CLI_VERSION;
  else process.env.CLAUDE_CLI_VERSION = v;
}
export {};
