import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeError } from '../../src/claude/errors';
import { isAlive } from '../support/cliEnv';
import { useControllerRig } from '../support/controllerRig';
import { poll } from '../support/processes';

function writeSettings(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

/** The user's `statusLine` command, run by the chat after each turn (the CLI runs none in -p mode). */
describe('the status line (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig('claude-chat-statusline');
  const userSettings = () => join(rig.sb.home, '.claude', 'settings.json');
  const projectSettings = () => join(rig.sb.workspace, '.claude', 'settings.json');
  const file = (name: string) => join(rig.sb.root, name);

  it('runs the user\'s command with the session on stdin and shows its first line as plain text', async () => {
    // ANSI colours, a blank line and a second line: the footer gets the first line, uncoloured.
    writeSettings(userSettings(), { statusLine: { type: 'command', command: `cat > ${file('input.json')}; printf '\\033[1;32m%s\\033[0m main · ok\\n\\nsecond line\\n' branch` } });
    const c = rig.open();
    const r = await c.send('SCENARIO:text:hello');
    assert.equal(r?.outcome, 'success');
    const text = await poll('the status line', () => c.status.statusLine);
    assert.equal(text, 'branch main · ok');
    const input = JSON.parse(readFileSync(file('input.json'), 'utf8')) as { session_id: string; cwd: string; model: { id: string }; workspace: { current_dir: string }; transcript_path: string; cost: { total_cost_usd: number } };
    assert.equal(input.session_id, c.sessionId);
    assert.equal(input.cwd, rig.sb.workspace);
    assert.equal(input.workspace.current_dir, rig.sb.workspace);
    assert.ok(input.model.id.length > 0, 'the model the CLI reported');
    assert.ok(input.transcript_path.endsWith(`${c.sessionId}.jsonl`));
    assert.equal(typeof input.cost.total_cost_usd, 'number');
  });

  it('kills a command that outlives its timeout, with what it started, and shows nothing', async () => {
    writeSettings(userSettings(), { statusLine: { type: 'command', command: `sleep 300 & echo $! > ${file('kid')}; echo $$ > ${file('pid')}; echo never shown; wait` } });
    const c = rig.open({ deps: { statusLineTimeoutMs: 1500 } });
    await c.send('SCENARIO:text:hello');
    const pid = Number(await poll('the command', () => (existsSync(file('pid')) ? readFileSync(file('pid'), 'utf8').trim() || undefined : undefined)));
    const kid = Number(await poll('its child', () => (existsSync(file('kid')) ? readFileSync(file('kid'), 'utf8').trim() || undefined : undefined)));
    await poll('the command killed', () => (!isAlive(pid) && !isAlive(kid) ? true : undefined), 20_000);
    assert.equal(c.status.statusLine, undefined);
  });

  it('a chat that ends kills its running command', async () => {
    writeSettings(userSettings(), { statusLine: { type: 'command', command: `echo $$ > ${file('pid')}; sleep 300 & wait` } });
    const c = rig.open({ deps: { statusLineTimeoutMs: 120_000 } });
    await c.send('SCENARIO:text:hello');
    const pid = Number(await poll('the command', () => (existsSync(file('pid')) ? readFileSync(file('pid'), 'utf8').trim() || undefined : undefined)));
    assert.ok(isAlive(pid));
    await c.dispose();
    assert.equal(isAlive(pid), false, 'gone when dispose returns');
  });

  it("reads the folder's statusLine only once the folder is trusted", async () => {
    writeSettings(userSettings(), { statusLine: { type: 'command', command: 'echo from user' } });
    writeSettings(projectSettings(), { statusLine: { type: 'command', command: 'echo from project' } });
    let trusted = false;
    const trust = { confirm: async () => undefined, settingSources: () => (trusted ? undefined : ['user']) };
    const c = rig.open({ deps: { trust } });
    await c.send('SCENARIO:text:one');
    assert.equal(await poll('the status line', () => c.status.statusLine), 'from user');
    trusted = true;
    await c.send('SCENARIO:text:two');
    assert.equal(await poll('the project status line', () => (c.status.statusLine === 'from project' ? c.status.statusLine : undefined)), 'from project');
  });

  it('runs nothing in Restricted Mode, and nothing when the settings disable hooks', async () => {
    writeSettings(userSettings(), { statusLine: { type: 'command', command: `touch ${file('ran')}; echo ran` } });
    // The guard lets the prompt in, then the workspace is restricted (as when the user turns
    // trust off mid-turn): the turn runs, its status line must not.
    let restrictedNow = false;
    const restricted = new ClaudeError('untrustedWorkspace', 'Restricted Mode', []);
    const c = rig.open({ deps: { guard: () => (restrictedNow ? restricted : undefined) } });
    c.onEvents((events) => {
      if (events.some((e) => e.type === 'user')) restrictedNow = true;
    });
    assert.equal((await c.send('SCENARIO:text:hello'))?.outcome, 'success', 'the prompt itself went through');
    writeSettings(userSettings(), { disableAllHooks: true, statusLine: { type: 'command', command: `touch ${file('ran')}; echo ran` } });
    const d = rig.open();
    assert.equal((await d.send('SCENARIO:text:hello'))?.outcome, 'success');
    // Each chat's refresh ran (or would have) at its result: give a run time to show.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(existsSync(file('ran')), false);
    assert.equal(c.status.statusLine, undefined);
    assert.equal(d.status.statusLine, undefined);
  });
});
