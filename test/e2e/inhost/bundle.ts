import { build } from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/cliEnv';

export const INHOST_ENTRY = join(REPO_ROOT, 'out', 'inhost', 'index.js');

/** Bundles the in-host tests to out/inhost/index.js (CommonJS; vscode and mocha external). */
export async function buildInhost(): Promise<string> {
  await build({
    entryPoints: [join(REPO_ROOT, 'test', 'e2e', 'inhost', 'index.ts')],
    outfile: INHOST_ENTRY,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return INHOST_ENTRY;
}
