import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaudeSession } from '../../src/claude/session';
import type { SessionEvent } from '../../src/claude/events';
import { nullLogger, type Logger } from '../../src/core/logger';
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
    // The stand-in's init names SID: an init of another session is ignored.
    session = new ClaudeSession({ cwd, logger, cliPath: fake.path, sessionId: SID, env: { CLAUDE_CONFIG_DIR: join(cwd, 'config') } });
    const events: SessionEvent[] = [];
    session.onEvent((e) => events.push(e));
    return { session, events };
  };

  it('a malformed event line costs one warning, not the rest of its chunk', async () => {
    const { session, events } = open([[
      INIT,
      ev({ type: 'message_start' }),
      ev({ type: 'content_block_start', index: 0 }),
      ev({ type: 'content_block_delta', index: 0 }),
      ...goodTurn('after-the-bad-lines'),
      result('after-the-bad-lines'),
    ]]);
    const r = await session.send('hello');
    assert.equal(r.outcome, 'success', r.error?.message);
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

  it('a duplicate result is dropped, not taken as the next prompt\'s answer', async () => {
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

  it('a system/init of another session is ignored, not taken over: the turn ends with its own result', async () => {
    const stray = JSON.stringify({ type: 'system', subtype: 'init', session_id: '00000000-0000-4000-8000-000000000000', tools: [], mcp_servers: [] });
    const { session, events } = open([[INIT, stray, ...goodTurn('mine'), result('mine')], [stray, INIT, ...goodTurn('next'), result('next')]]);
    const r = await settledWithin(session.send('hello'));
    assert.equal(r.text, 'mine');
    assert.equal((await settledWithin(session.send('again'))).text, 'next');
    const bound = events.filter((e): e is Extract<SessionEvent, { type: 'sessionBound' }> => e.type === 'sessionBound').map((e) => e.info.sessionId);
    assert.deepEqual([...new Set(bound)], [SID], 'the session stays bound to its own id');
    assert.ok(warnings.some((w) => /ignored a system\/init of another session/.test(w)), warnings.join('\n'));
  });
});

/** Fails instead of hanging: the bugs below left turns open forever. */
function settledWithin<T>(p: Promise<T>, ms = 15_000): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the turn did not end within ${ms} ms`)), ms).unref())]);
}

// CLIs that never speak the protocol. The real CLI can't be made to do this, so
// small scripts stand in (cliPath pointing at the wrong program is exactly this case).
describe('ClaudeSession with a cliPath that does not speak the protocol (stand-in scripts)', function () {
  this.timeout(30_000);
  let dir: string;
  let session: ClaudeSession | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'session-silent-'));
  });
  afterEach(async () => {
    await session?.dispose();
    session = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (script: string) => {
    const path = join(dir, 'claude');
    writeFileSync(path, script, { mode: 0o755 });
    session = new ClaudeSession({ cwd: dir, logger: nullLogger, cliPath: path, env: { CLAUDE_CONFIG_DIR: join(dir, 'config') }, initializeTimeoutMs: 2000 });
    const r = await settledWithin(session.send('hello'));
    assert.equal(r.outcome, 'error');
    return r.error!;
  };

  const INIT_LINE = JSON.stringify({ type: 'system', subtype: 'init', session_id: SID, tools: [], mcp_servers: [] });
  const silent: [string, string, RegExp][] = [
    ['reads stdin and prints nothing', '#!/bin/sh\ncat >/dev/null\n', /printed nothing/],
    ['prints only garbage', '#!/bin/sh\nwhile read -r l; do echo "garbage, not json"; done\n', /printed: garbage, not json/],
    ['prints only init lines', `#!/bin/sh\nwhile read -r l; do case "$l" in *'"type":"user"'*) echo '${INIT_LINE}';; esac; done\n`, /did not answer/],
  ];
  for (const [what, script, detail] of silent) {
    it(`a CLI that ${what} ends the turn with a clear error after the initialize timeout`, async () => {
      const error = await run(script);
      assert.equal(error.code, 'cliStartFailed');
      assert.match(error.message, /did not answer within 2 s of starting/);
      assert.match(error.message, detail);
    });
  }

  it('a program that prints its help and exits 0 is not "stopped during the turn"', async () => {
    const error = await run('#!/bin/sh\necho "Usage: claude [options] [command] [prompt]"\necho "  -h, --help  display help"\nexit 0\n');
    assert.match(error.message, /exited \(code 0\) without answering in Claude Code's stream-json protocol/);
    assert.match(error.message, /Usage: claude/);
    assert.doesNotMatch(error.message, /stopped during the turn/);
  });

  it('a temp folder that cannot be written gives a clear message, not a raw "ENOENT: mkdir"', async () => {
    const path = join(dir, 'claude');
    writeFileSync(path, '#!/bin/sh\ncat >/dev/null\n', { mode: 0o755 });
    writeFileSync(join(dir, 'a-file'), '');
    const saved = process.env.TMPDIR;
    // Below a regular file: no folder can be made there, not even by root.
    process.env.TMPDIR = join(dir, 'a-file', 'tmp');
    try {
      const wiring = { mcpConfigJson: '{}', promptTool: 'mcp__x__prompt', serverName: 'x' };
      session = new ClaudeSession({ cwd: dir, logger: nullLogger, cliPath: path, env: { CLAUDE_CONFIG_DIR: join(dir, 'config') }, permissions: wiring });
      const r = await settledWithin(session.send('hello'));
      assert.equal(r.outcome, 'error');
      assert.match(r.error!.message, /Could not write a private file for Claude Code in the temp folder .*Check that TMPDIR/);
      assert.doesNotMatch(r.error!.message, /ENOENT|ENOTDIR|mkdir/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('a script whose #! interpreter is missing says so, not "install the CLI"', async () => {
    const error = await run('#!/nonexistent/bin/node\nconsole.log(1)\n');
    assert.match(error.message, /#!\/nonexistent\/bin\/node\) was not found/);
    assert.doesNotMatch(error.message, /Install it|not found \(/);
  });
});
