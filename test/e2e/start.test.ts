// `npm start` end to end: scripts/start.mjs --smoke builds, packages, starts code-server with
// the VSIX, loads the page in headless Chromium, opens the Claude view and exits 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/cliEnv';

describe('e2e: npm start', () => {
  it('start.mjs --smoke brings up VS Code with the extension and exits 0', async function () {
    this.timeout(240_000);
    const env = { ...process.env };
    // No user claude/credentials in the test: the scripted path must announce itself.
    delete env.ANTHROPIC_API_KEY;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.mjs'), '--smoke'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /http:\/\/127\.0\.0\.1:\d+\/\?folder=/, 'prints the URL');
    assert.match(out, /smoke: the Claude view shows its prompt input/);
    if (/ANSWERS ARE SCRIPTED/.test(out)) assert.match(out, /smoke: the panel says "scripted answers"/);
  });
});
