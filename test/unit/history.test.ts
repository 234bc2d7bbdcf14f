import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listHistory, loadConversation } from '../../src/claude/history';
import { projectDir } from '../../src/claude/paths';
import type { ClaudeError } from '../../src/claude/errors';

// Recorded from the real CLI (three turns: text, thinking, Read + Edit), paths replaced by /ws.
const FIXTURE = join(__dirname, '..', 'fixtures', 'history', '9c06990e-c634-4b86-8e9f-3be1fb0bbe42.jsonl');
const ID = '9c06990e-c634-4b86-8e9f-3be1fb0bbe42';

describe('history from the CLI transcripts', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  const cwd = '/ws/my project';

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'history-'));
    env = { CLAUDE_CONFIG_DIR: join(root, 'config') };
    const dir = projectDir(cwd, env);
    mkdirSync(dir, { recursive: true });
    copyFileSync(FIXTURE, join(dir, `${ID}.jsonl`));
    writeFileSync(join(dir, '11111111-1111-4111-8111-111111111111.jsonl'), '{not json\n{also bad\n');
    writeFileSync(join(dir, '22222222-2222-4222-8222-222222222222.jsonl'), '{"type":"queue-operation","operation":"enqueue"}\n');
    writeFileSync(join(dir, 'not-a-session.jsonl'), '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists a recorded session with its first prompt, time and message count; honours CLAUDE_CONFIG_DIR', async () => {
    const scan = await listHistory(cwd, env);
    assert.equal(scan.entries.length, 1);
    const e = scan.entries[0];
    assert.equal(e.sessionId, ID);
    assert.equal(e.firstPrompt, 'First question SCENARIO:text');
    // What tells a fork (same first prompt) from its original in the history list.
    assert.equal(e.lastPrompt, 'Edit it SCENARIO:tool-edit:/ws/greet.txt');
    assert.equal(e.messageCount, 9);
    assert.ok(e.lastActivity > Date.parse('2026-01-01'));
  });

  it('skips and reports corrupt or empty transcripts', async () => {
    const scan = await listHistory(cwd, env);
    const files = scan.skipped.map((s) => s.file).sort();
    assert.deepEqual(files, ['11111111-1111-4111-8111-111111111111.jsonl', '22222222-2222-4222-8222-222222222222.jsonl']);
    assert.match(scan.skipped.find((s) => s.file.startsWith('1'))!.reason, /not valid JSON/);
  });

  it('returns no entries for a folder with no history', async () => {
    assert.deepEqual(await listHistory('/nowhere', env), { entries: [], skipped: [] });
  });

  it('loads the conversation as panel events', async () => {
    const events = await loadConversation(cwd, ID, env);
    const users = events.filter((e) => e.type === 'user').map((e) => (e as { text: string }).text);
    assert.deepEqual(users, ['First question SCENARIO:text', 'Think please SCENARIO:thinking', 'Edit it SCENARIO:tool-edit:/ws/greet.txt']);
    const blocks = events.filter((e) => e.type === 'block');
    assert.ok(blocks.some((b) => b.type === 'block' && b.kind === 'thinking' && b.text === 'Let me think about this carefully.'));
    const tools = events.filter((e) => e.type === 'tool').map((e) => (e as { name: string }).name);
    assert.deepEqual(tools, ['Read', 'Edit']);
    const edit = events.find((e) => e.type === 'toolResult' && (e.structured as { oldString?: string })?.oldString === 'hello');
    assert.ok(edit, 'the Edit result keeps its structured patch');
  });

  it('leaves out the CLI\'s own markers: interrupt notes and synthetic replies', async () => {
    const id = '44444444-4444-4444-8444-444444444444';
    const lines = [
      { type: 'user', message: { role: 'user', content: 'real question' }, timestamp: '2026-11-22T04:00:00Z' },
      { type: 'user', message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user for tool use]' }] } },
      { type: 'assistant', message: { id: 'm1', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'No response requested.' }] } },
      { type: 'assistant', message: { id: 'm2', model: 'claude', role: 'assistant', content: [{ type: 'text', text: 'real answer' }] } },
      { type: 'assistant', message: { id: 'm3', model: 'claude', role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Write', input: {} }, { type: 'tool_use', id: 't2', name: 'Bash', input: {} }] } },
      { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: 'The user denied permission for this tool use.' }, { type: 'tool_result', tool_use_id: 't2', is_error: true, content: 'Exit code 1' }] } },
    ];
    writeFileSync(join(projectDir(cwd, env), `${id}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const events = await loadConversation(cwd, id, env);
    assert.deepEqual(
      events.filter((e) => e.type === 'user' || e.type === 'block').map((e) => (e as { text: string }).text),
      ['real question', 'real answer'],
    );
    const states = events.filter((e) => e.type === 'toolState').map((e) => (e as { state: string }).state);
    assert.deepEqual(states, ['denied', 'error'], 'a denial is restored as denied, a failure as error');
    const entry = (await listHistory(cwd, env)).entries.find((e) => e.sessionId === id)!;
    assert.equal(entry.messageCount, 3, "typed prompts and real assistant messages; markers and synthetic replies do not count");
  });

  it('rejects bad ids, missing and corrupt transcripts with a clear error', async () => {
    await assert.rejects(loadConversation(cwd, '../../etc/passwd', env), (e: ClaudeError) => e.code === 'history' && /not a valid session id/.test(e.message));
    await assert.rejects(loadConversation(cwd, '33333333-3333-4333-8333-333333333333', env), /no longer exists/);
    await assert.rejects(loadConversation(cwd, '11111111-1111-4111-8111-111111111111', env), /corrupt/);
  });

  describe('untrusted files', () => {
    const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
    const user = (text: string) => JSON.stringify({ type: 'user', message: { role: 'user', content: text }, timestamp: '2026-11-22T04:00:00Z' });
    const assistant = (id: string, content: unknown[]) => JSON.stringify({ type: 'assistant', message: { id, model: 'claude', role: 'assistant', content } });

    it('skips a <uuid>.jsonl symlink to /dev/zero instead of reading it', async function () {
      if (process.platform === 'win32') this.skip();
      symlinkSync('/dev/zero', join(projectDir(cwd, env), `${A}.jsonl`));
      const scan = await listHistory(cwd, env);
      assert.deepEqual(scan.entries.map((e) => e.sessionId), [ID]);
      assert.match(scan.skipped.find((s) => s.file === `${A}.jsonl`)!.reason, /not a regular file/);
      await assert.rejects(loadConversation(cwd, A, env), /not a regular file/);
    });

    it('skips a FIFO instead of waiting on it', async function () {
      if (process.platform === 'win32') this.skip();
      execFileSync('mkfifo', [join(projectDir(cwd, env), `${B}.jsonl`)]);
      const scan = await listHistory(cwd, env);
      assert.deepEqual(scan.entries.map((e) => e.sessionId), [ID]);
      assert.match(scan.skipped.find((s) => s.file === `${B}.jsonl`)!.reason, /not a regular file/);
      await assert.rejects(loadConversation(cwd, B, env), /not a regular file/);
    });

    it('drops a block with a non-string tool id, not the conversation', async () => {
      const lines = [
        user('question'),
        assistant('m1', [{ type: 'text', text: 'before' }, { type: 'tool_use', id: { toString: 1 }, name: 'Bash', input: {} }, { type: 'tool_use', id: 7, name: 'Bash', input: {} }]),
        JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: { x: 1 }, content: 'x' }] } }),
        assistant('m2', [{ type: 'text', text: { not: 'a string' } }, { type: 'text', text: 'after' }]),
      ];
      writeFileSync(join(projectDir(cwd, env), `${A}.jsonl`), lines.join('\n') + '\n');
      const events = await loadConversation(cwd, A, env);
      assert.deepEqual(events.map((e) => e.type), ['user', 'block', 'block']);
      assert.deepEqual(events.filter((e) => e.type === 'block').map((e) => (e as { text: string }).text), ['before', 'after']);
    });

    it('caps line and text sizes: a 20 MB line does not become a 20 MB snapshot', async () => {
      const file = join(projectDir(cwd, env), `${A}.jsonl`);
      writeFileSync(file, user('question') + '\n');
      appendFileSync(file, assistant('m1', [{ type: 'text', text: 'y'.repeat(20 * 1024 * 1024) }]) + '\n');
      appendFileSync(file, assistant('m2', [{ type: 'text', text: 'z'.repeat(2 * 1024 * 1024) }]) + '\n');
      appendFileSync(file, assistant('m3', [{ type: 'text', text: 'the end' }]) + '\n');
      const events = await loadConversation(cwd, A, env);
      const size = JSON.stringify(events).length;
      assert.ok(size < 1024 * 1024, `snapshot of ${size} characters`);
      const texts = events.filter((e) => e.type === 'block').map((e) => (e as { text: string }).text);
      assert.equal(texts.length, 2, 'the oversized line is skipped, the others are kept');
      assert.match(texts[0], /^z+\n… \[\d+ more characters not shown\]$/);
      assert.equal(texts[1], 'the end');
      const entry = (await listHistory(cwd, env)).entries.find((e) => e.sessionId === A);
      assert.equal(entry?.firstPrompt, 'question');
    });
  });
});
