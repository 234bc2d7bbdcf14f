import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnvironment, stripDebuggerHooks } from '../../src/core/childEnv';
import { sweepStaleMcpConfigs, writeMcpConfigFile } from '../../src/claude/mcpConfigFile';

describe('the environment the CLI inherits', () => {
  const host = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    HTTPS_PROXY: 'http://proxy:3128',
    NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
    ANTHROPIC_API_KEY: 'sk-user',
    CLAUDE_CONFIG_DIR: '/home/u/.claude',
    ELECTRON_RUN_AS_NODE: '1',
    ELECTRON_NO_ATTACH_CONSOLE: '1',
    VSCODE_IPC_HOOK_CLI: '/tmp/vscode-ipc.sock',
    VSCODE_PID: '42',
    VSCODE_NLS_CONFIG: '{}',
    vscode_cwd: '/x',
    APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL: '1',
    CLAUDE_CODE_SSE_PORT: '12345',
    NODE_OPTIONS: '--max-old-space-size=8192 --require /home/u/.vscode/extensions/ms-vscode.js-debug/src/bootloader.js --inspect-publish-uid=http',
  };

  it("strips VS Code's own variables and keeps the user's", () => {
    const env = childEnvironment(host);
    assert.deepEqual(Object.keys(env).sort(), ['ANTHROPIC_API_KEY', 'CLAUDE_CONFIG_DIR', 'HOME', 'HTTPS_PROXY', 'NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'PATH']);
    assert.equal(env.NODE_OPTIONS, '--max-old-space-size=8192', 'the debugger hook goes, the user flag stays');
  });

  it('explicit settings win, unfiltered', () => {
    const env = childEnvironment(host, { VSCODE_PID: 'mine', PATH: '/opt/bin' });
    assert.equal(env.VSCODE_PID, 'mine');
    assert.equal(env.PATH, '/opt/bin');
  });

  it('drops NODE_OPTIONS when only a debugger hook was in it', () => {
    assert.equal(childEnvironment({ NODE_OPTIONS: '--inspect=9229' }).NODE_OPTIONS, undefined);
    assert.equal(stripDebuggerHooks('-r /a/js-debug/bootloader.js --import=./mine.mjs --inspect-brk'), '--import=./mine.mjs');
    assert.equal(stripDebuggerHooks('--require ./user-hook.js'), '--require ./user-hook.js');
  });
});

describe('the permission token file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mcpcfg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written 0600 under a fresh name per spawn', () => {
    const a = writeMcpConfigFile('{"a":1}', dir, 111);
    const b = writeMcpConfigFile('{"a":1}', dir, 111);
    assert.notEqual(a, b);
    if (process.platform !== 'win32') assert.equal(statSync(a).mode & 0o777, 0o600);
  });

  it("the activation sweep removes files of dead hosts and old ones, and keeps a live host's", async () => {
    const dead = writeMcpConfigFile('{}', dir, 111);
    const live = writeMcpConfigFile('{}', dir, 222);
    const old = writeMcpConfigFile('{}', dir, 222);
    const twoDaysAgo = (Date.now() - 48 * 3600_000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    const removed = await sweepStaleMcpConfigs(dir, (pid) => pid === 222);
    assert.deepEqual(removed.sort(), [dead, old].sort());
    assert.ok(existsSync(live));
    assert.deepEqual(readdirSync(dir).sort(), [live.slice(dir.length + 1), 'unrelated.txt'].sort());
  });

  it('a missing folder sweeps to nothing', async () => {
    assert.deepEqual(await sweepStaleMcpConfigs(join(dir, 'nope')), []);
  });
});
