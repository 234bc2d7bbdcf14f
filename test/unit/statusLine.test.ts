import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStatusLineSetting, statusLineInput, statusLineText } from '../../src/claude/statusLine';

describe('statusLine: output, settings and input', () => {
  it('shows the first non-empty line without colours, escapes or invisible characters', () => {
    assert.equal(statusLineText('\u001b[1;32mmain\u001b[0m · \u001b[38;5;208m42%\u001b[0m\nsecond\n'), 'main · 42%');
    assert.equal(statusLineText('\n  \n\tindented\r\n'), ' indented');
    // OSC 8 hyperlinks and titles are escape sequences too: their text stays, the link does not.
    assert.equal(statusLineText('\u001b]8;;https://example.com\u001b\\link\u001b]8;;\u001b\\ and \u001b]0;title\u0007done'), 'link and done');
    assert.equal(statusLineText('a\u202Eb\u200Bc\u0007'), 'abc');
    assert.equal(statusLineText(''), undefined);
    assert.equal(statusLineText('\n\n'), undefined);
    assert.equal(statusLineText('x'.repeat(1000))?.length, 300);
  });

  describe('which setting applies', () => {
    let root: string;
    let env: NodeJS.ProcessEnv;
    const ws = () => join(root, 'ws');
    const write = (path: string, value: unknown) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'statusline-'));
      env = { CLAUDE_CONFIG_DIR: join(root, 'config') };
      mkdirSync(ws());
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it("the user's, unless a trusted folder's project or local settings set one", () => {
      assert.equal(readStatusLineSetting(ws(), env, undefined), undefined);
      write(join(root, 'config', 'settings.json'), { statusLine: { type: 'command', command: 'user.sh', padding: 1 } });
      assert.deepEqual(readStatusLineSetting(ws(), env, undefined), { command: 'user.sh', padding: 1 });
      write(join(ws(), '.claude', 'settings.json'), { statusLine: { type: 'command', command: 'project.sh' } });
      assert.deepEqual(readStatusLineSetting(ws(), env, undefined), { command: 'project.sh' });
      write(join(ws(), '.claude', 'settings.local.json'), { statusLine: { type: 'command', command: 'local.sh' } });
      assert.deepEqual(readStatusLineSetting(ws(), env, undefined), { command: 'local.sh' });
      assert.deepEqual(readStatusLineSetting(ws(), env, ['user']), { command: 'user.sh', padding: 1 }, 'an untrusted folder brings none');
    });

    it('none when any loaded source disables hooks; a bad file or value is skipped', () => {
      write(join(root, 'config', 'settings.json'), { statusLine: { type: 'command', command: 'user.sh' } });
      write(join(ws(), '.claude', 'settings.json'), '{ not json');
      assert.deepEqual(readStatusLineSetting(ws(), env, undefined), { command: 'user.sh' });
      write(join(ws(), '.claude', 'settings.local.json'), { statusLine: { type: 'prompt', command: 'x' } });
      assert.deepEqual(readStatusLineSetting(ws(), env, undefined), { command: 'user.sh' });
      write(join(ws(), '.claude', 'settings.local.json'), { disableAllHooks: true });
      assert.equal(readStatusLineSetting(ws(), env, undefined), undefined);
      assert.deepEqual(readStatusLineSetting(ws(), env, ['user']), { command: 'user.sh' }, 'an untrusted folder cannot turn it off either');
    });
  });

  it("builds the CLI's stdin fields from what the chat knows", () => {
    const input = statusLineInput({ sessionId: 's1', transcriptPath: '/t/s1.jsonl', cwd: '/ws', model: 'claude-opus', cliVersion: '2.1.332', costUsd: 0.5, context: { usedTokens: 50_000, maxTokens: 200_000 }, limit: { window: 'five_hour', utilization: 0.92, resetsAt: 1_796_207_739_000 } });
    assert.equal(input.session_id, 's1');
    assert.deepEqual(input.model, { id: 'claude-opus', display_name: 'claude-opus' });
    assert.deepEqual(input.workspace, { current_dir: '/ws', project_dir: '/ws', added_dirs: [] });
    assert.equal((input.cost as { total_cost_usd: number }).total_cost_usd, 0.5);
    assert.equal((input.context_window as { used_percentage: number }).used_percentage, 25);
    assert.deepEqual(input.rate_limits, { five_hour: { used_percentage: 92, resets_at: 1_796_207_739 } });
    assert.equal(statusLineInput({ cwd: '/ws' }).rate_limits, undefined);
  });
});
