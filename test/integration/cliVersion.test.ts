import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { OLDEST_SUPPORTED, parseVersion, UPGRADE_COMMAND } from '../../src/claude/cliVersion';
import { CLAUDE_BIN } from '../support/cliEnv';
import { useControllerRig } from '../support/controllerRig';
import { makeVersionCli } from '../support/fakeCli';

/** The Claude Code version the user has: visible, and a too-old one stops before the first turn. */
describe('the CLI version the user has (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig('claude-chat-version');

  it('reports the running CLI version in the chat status (session info) from its init line', async () => {
    const c = rig.open();
    const r = await c.send('SCENARIO:text:hello');
    assert.equal(r?.outcome, 'success', r?.error?.message);
    const installed = parseVersion(execFileSync(CLAUDE_BIN, ['--version'], { encoding: 'utf8' }));
    assert.ok(installed);
    assert.equal(c.status.cliVersion, installed);
    assert.equal(c.currentSession?.info?.cliVersion, installed);
  });

  it('a CLI older than the supported range fails before the first turn with the upgrade command, and is never started', async () => {
    const old = makeVersionCli('2.0.5');
    try {
      const c = rig.open({ settings: { cliPath: old.path } });
      const r = await c.send('SCENARIO:text:never sent');
      assert.equal(r, undefined);
      assert.equal(c.error?.code, 'cliTooOld');
      assert.ok(c.error?.message.includes('2.0.5'), c.error?.message);
      assert.ok(c.error?.message.includes(OLDEST_SUPPORTED), c.error?.message);
      assert.ok(c.error?.message.includes(UPGRADE_COMMAND), c.error?.message);
      assert.ok(c.error?.actions.includes('install'));
      assert.equal(existsSync(old.started), false, 'the old CLI was started for a turn');
      assert.equal(rig.server.mainRequests().length, 0);
    } finally {
      old.cleanup();
    }
  });
});
