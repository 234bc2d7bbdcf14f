import assert from 'node:assert/strict';
import { ClaudeError } from '../../src/claude/errors';
import { claudePids, isAlive } from '../support/cliEnv';
import { useControllerRig } from '../support/controllerRig';

/** Waits (polling, no timing assertion) until `fn` holds; fails the test after `ms`. */
async function until(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Pre-warm: the first prompt of a chat starts Claude early (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig('claude-chat-prewarm');
  const open = (prewarmIdleMs: number) => rig.open({ settings: { prewarmIdleMs } });

  it('starts the process on the composing signal and answers the first prompt on that same pid', async () => {
    const c = open(60_000);
    assert.deepEqual(claudePids(rig.sb.root), [], 'nothing runs before the signal');
    const pid = await c.prewarm();
    assert.ok(pid, 'a pid after the focus signal');
    assert.ok(isAlive(pid));
    assert.deepEqual(claudePids(rig.sb.root), [pid]);
    assert.equal(c.status.state, 'none', 'a pre-warm is not a turn');
    // Repeated signals (focus, typing) neither spawn again nor move the process.
    assert.equal(await c.prewarm(), pid);
    const r = await c.send('hello SCENARIO:text');
    assert.equal(r?.outcome, 'success');
    assert.equal(c.pid, pid, 'the first turn ran on the pre-warmed process');
    assert.deepEqual(claudePids(rig.sb.root), [pid]);
  });

  it('shuts the pre-warmed process down when no prompt follows, and the next prompt starts a fresh one', async () => {
    const c = open(400);
    const pid = await c.prewarm();
    assert.ok(pid);
    await until('the idle pre-warmed process to be gone', () => !isAlive(pid) && claudePids(rig.sb.root).length === 0);
    assert.equal(c.pid, undefined);
    assert.equal(c.status.state, 'none');
    const r = await c.send('after idle SCENARIO:text');
    assert.equal(r?.outcome, 'success');
    assert.ok(c.pid && c.pid !== pid);
  });

  it('keeps the process once a prompt was sent, even after the idle time passes', async () => {
    const c = open(300);
    const pid = await c.prewarm();
    assert.ok(pid);
    assert.equal((await c.send('keep me SCENARIO:text'))?.outcome, 'success');
    await new Promise((r) => setTimeout(r, 900));
    assert.ok(isAlive(pid), 'a chat under way keeps its process');
    assert.equal(c.pid, pid);
    // And a chat under way is never pre-warmed again (its process stays as it is).
    assert.equal(await c.prewarm(), undefined);
  });

  it('a focus signal and the prompt racing each other make one session and one process, not two', async () => {
    // The first prompt's permission server start takes a while; focus and Enter both land in it.
    let registrations = 0;
    const register = rig.perms.registerSession.bind(rig.perms);
    rig.perms.registerSession = ((...a: Parameters<typeof register>) => (registrations++, register(...a))) as typeof register;
    const c = rig.open({ settings: { prewarmIdleMs: 60_000 }, deps: { permissionServer: () => new Promise((r) => setTimeout(() => r(rig.perms), 200)) } });
    const [, r] = await Promise.all([c.prewarm(), c.send('race SCENARIO:text')]);
    assert.equal(r?.outcome, 'success');
    assert.equal(registrations, 1, 'one session registered with the permission server');
    assert.equal(claudePids(rig.sb.root).length, 1);
  });

  it('does nothing when turned off (0) or refused by the guard (untrusted workspace)', async () => {
    const off = open(0);
    assert.equal(await off.prewarm(), undefined);
    const guarded = rig.open({ settings: { prewarmIdleMs: 60_000 }, deps: { guard: () => new ClaudeError('untrustedWorkspace', 'untrusted') } });
    assert.equal(await guarded.prewarm(), undefined);
    assert.deepEqual(claudePids(rig.sb.root), []);
  });
});
