import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaudeSession } from '../../src/claude/session';
import type { SessionEvent } from '../../src/claude/events';
import type { Logger } from '../../src/core/logger';
import { makeFakeCli, type FakeCli } from '../support/fakeCli';

// The real CLI never writes these lines, so a stand-in injects them (COMMON.md allows this).
const SID = '5230ca73-b561-4df3-81e7-bedb3136de08';
const ev = (event: unknown) => JSON.stringify({ type: 'stream_event', event, session_id: SID, parent_tool_use_id: null });
const INIT = JSON.stringify({ type: 'system', subtype: 'init', session_id: SID, tools: [], mcp_servers: [] });
const result = (text: string) => JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: text, session_id: SID });
const goodTurn = (text: string) => [
  ev({ type: 'message_start', message: { id: `msg_${text}`, model: 'm' } }),
  ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
  ev({ type: 'content_block_stop', index: 0 }),
  ev({ type: 'message_stop' }),
];

describe('ClaudeSession stdout handling (stand-in CLI)', function () {
  this.timeout(20_000);
  let fake: FakeCli | undefined;
  let cwd: string;
  let session: ClaudeSession | undefined;
  const warnings: string[] = [];
  const logged: string[] = [];
  const debug: string[] = [];
  const logger: Logger = { trace() {}, debug: (m) => debug.push(m), info: (m) => logged.push(m), warn: (m) => (warnings.push(m), logged.push(m)), error: (m) => (warnings.push(m), logged.push(m)) };

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'session-lines-'));
    warnings.length = 0;
    logged.length = 0;
    debug.length = 0;
  });
  afterEach(async () => {
    await session?.dispose();
    session = undefined;
    fake?.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  const open = (replies: string[][]) => {
    fake = makeFakeCli(replies);
    session = new ClaudeSession({ cwd, logger, cliPath: fake.path, env: { CLAUDE_CONFIG_DIR: join(cwd, 'config') } });
    const events: SessionEvent[] = [];
    session.onEvent((e) => events.push(e));
    return { session, events };
  };

  it('a malformed event line costs one warning, not the rest of its chunk (issue 15 #12)', async () => {
    const { session, events } = open([[
      INIT,
      ev({ type: 'message_start' }),
      ev({ type: 'content_block_start', index: 0 }),
      ev({ type: 'content_block_delta', index: 0 }),
      ...goodTurn('after-the-bad-lines'),
      result('after-the-bad-lines'),
    ]]);
    const r = await session.send('hello');
    assert.equal(r.outcome, 'success');
    assert.equal(r.text, 'after-the-bad-lines');
    const text = events.filter((e) => e.type === 'textDelta').map((e) => (e as { text: string }).text).join('');
    assert.equal(text, 'after-the-bad-lines', 'the good lines after the bad ones in the same chunk were handled');
    assert.equal(warnings.filter((w) => /malformed/.test(w)).length, 3, warnings.join('\n'));
  });

  it('warnings about bad lines are rate-limited with a count of the rest', async () => {
    const bad = Array.from({ length: 200 }, () => '{"type":"result","subtype":1}');
    const { session } = open([[INIT, ...bad, ...goodTurn('ok'), result('ok')]]);
    const r = await session.send('hello');
    assert.equal(r.outcome, 'success');
    await session.dispose();
    const about = logged.filter((m) => /malformed|suppressed/.test(m));
    assert.ok(about.length <= 6, `${about.length} log lines for 200 bad lines`);
    assert.ok(about.some((m) => /suppressed 195 /.test(m)), about.join('\n'));
  });

  it('system subtypes it does not show (known or new) cost a few debug lines, never a warning or an event', async () => {
    const sys = (subtype: string) => JSON.stringify({ type: 'system', subtype, session_id: SID });
    const { session, events } = open([[INIT, sys('task_started'), sys('brand_new_subtype'), ...Array.from({ length: 40 }, () => sys('thinking_tokens')), ...goodTurn('fine'), result('fine')]]);
    const r = await session.send('go');
    assert.equal(r.text, 'fine');
    assert.deepEqual(warnings, []);
    const sysLines = debug.filter((m) => m.includes(' system/'));
    assert.ok(sysLines.some((m) => m.endsWith(' system/task_started')), debug.join('\n'));
    assert.ok(sysLines.some((m) => m.includes(' system/brand_new_subtype (a subtype this extension does not know')), debug.join('\n'));
    assert.ok(sysLines.length <= 20, `${sysLines.length} debug lines`);
    assert.ok(!events.some((e) => e.type === 'unknown'));
  });

  it('a duplicate result is dropped, not taken as the next prompt\'s answer (issue 15 #16)', async () => {
    const { session } = open([
      [INIT, ...goodTurn('one'), result('one')],
      // The stray copy of turn 1's result arrives after the second prompt was written.
      [result('one'), INIT, ...goodTurn('two'), result('two')],
    ]);
    const r1 = await session.send('first');
    const r2 = await session.send('second');
    assert.deepEqual([r1.text, r2.text], ['one', 'two']);
    assert.ok(warnings.some((w) => /dropped a result/.test(w)), warnings.join('\n'));
  });

  it('a result for another session is dropped', async () => {
    const other = JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'foreign', session_id: '00000000-0000-4000-8000-000000000000' });
    const { session } = open([[INIT, other, ...goodTurn('mine'), result('mine')]]);
    const r = await session.send('hello');
    assert.equal(r.text, 'mine');
  });
});
