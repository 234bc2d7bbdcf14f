// Runs the in-host mocha suites (test/e2e/inhost/) inside real VS Code's extension host:
// code-server with the smoke-test driver, the unpacked extension as a development extension
// and the bundled tests as extensionTestsPath (what @vscode/test-electron does with a
// desktop VS Code). The exit code arrives through window.codeAutomationExit.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../support/cliEnv';
import { buildInhost } from './inhost/bundle';
import { VsCode, waitFor } from './support';

function remote(vs: VsCode, p: string): string {
  return `vscode-remote://127.0.0.1:${vs.cs.port}${p}`;
}

async function runSuite(suite: 'trusted' | 'restricted'): Promise<{ code: number; report: string; left: number[] }> {
  const report = join(tmpdir(), `claude-chat-inhost-${suite}-${process.pid}.txt`);
  rmSync(report, { force: true });
  const vs = new VsCode({
    name: `inhost-${suite}`,
    trust: suite === 'restricted',
    installVsix: false,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { CLAUDE_CHAT_INHOST_SUITE: suite, CLAUDE_CHAT_INHOST_REPORT: report },
  });
  try {
    await vs.start();
    let exitCode: number | undefined;
    await vs.page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
    });
    const entry = await buildInhost();
    await vs.page.goto(
      vs.folderUrl([
        ['extensionDevelopmentPath', remote(vs, REPO_ROOT)],
        ['extensionTestsPath', remote(vs, entry)],
      ]),
    );
    await waitFor(`the ${suite} in-host suite to finish`, () => exitCode !== undefined, 120_000, 200);
    const text = existsSync(report) ? readFileSync(report, 'utf8') : '(no report)';
    rmSync(report, { force: true });
    await vs.screenshot('done');
    const left = await vs.stop();
    return { code: exitCode!, report: text, left };
  } finally {
    await vs.stop().catch(() => {});
    vs.cleanup();
  }
}

describe('e2e: in-host tests in the real extension host', function () {
  before(function () {
    this.timeout(60_000);
    // The development extension runs from dist/ (a dev build).
    execFileSync('node', ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'ignore' });
  });

  for (const suite of ['trusted', 'restricted'] as const) {
    it(`${suite} workspace suite passes, and no claude process outlives code-server`, async function () {
      this.timeout(240_000);
      const { code, report, left } = await runSuite(suite);
      console.log(report.replace(/^/gm, '      '));
      assert.equal(code, 0, `in-host ${suite} suite failed:\n${report}`);
      assert.match(report, /done: 0 failing/);
      assert.deepEqual(left, [], `claude processes left after stopping code-server: ${left.join(', ')}`);
    });
  }
});
