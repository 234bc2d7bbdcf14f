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
    // ws's optional native add-ons: absent, ws uses its JavaScript fallbacks.
    external: ['vscode', 'mocha', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
  return INHOST_ENTRY;
}
