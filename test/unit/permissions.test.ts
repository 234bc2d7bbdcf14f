import assert from 'node:assert/strict';
import { PermissionQueue } from '../../src/core/permissionQueue';
import { buildReply, toolResultFor } from '../../src/claude/permissionReply';
import { changedLines, PermissionCancelled, summarizeToolRequest, type PermissionDecision, type PermissionRequest } from '../../src/core/permissions';

const input = { file_path: '/ws/a.txt', content: 'hi\n' };

describe('permission replies (docs/protocol.md, "Permission prompts through our MCP tool")', () => {
  it('allow always carries updatedInput', () => {
    assert.deepEqual(buildReply({ kind: 'allow' }, 'Write', input, '/ws'), { behavior: 'allow', updatedInput: input });
  });

  it('allow for the session adds a session rule; Bash is scoped to the command', () => {
    const bash = { command: 'npm test', description: 'x' };
    const r = buildReply({ kind: 'allowSession' }, 'Bash', bash, '/ws');
    assert.equal(r.behavior, 'allow');
    const update = r.behavior === 'allow' ? r.updatedPermissions?.[0] : undefined;
    assert.deepEqual(update?.type === 'addRules' && update.rules, [{ toolName: 'Bash', ruleContent: 'npm test' }]);
  });

  it('deny does not interrupt; deny and stop does; both have a message', () => {
    assert.deepEqual(buildReply({ kind: 'deny', message: 'no' }, 'Write', input, '/ws'), { behavior: 'deny', message: 'no' });
    const d = buildReply({ kind: 'deny' }, 'Write', input, '/ws');
    assert.ok(d.behavior === 'deny' && d.message.length > 0 && !('interrupt' in d));
    const s = buildReply({ kind: 'denyAndStop' }, 'Write', input, '/ws');
    assert.ok(s.behavior === 'deny' && s.interrupt === true && s.message.length > 0);
  });

  it('the tool result is one text block of JSON', () => {
    const r = toolResultFor({ behavior: 'deny', message: 'no' });
    assert.equal(r.content.length, 1);
    assert.equal(r.content[0].type, 'text');
    assert.deepEqual(JSON.parse(r.content[0].text), { behavior: 'deny', message: 'no' });
  });
});

describe('summarizeToolRequest', () => {
  const cwd = '/ws/proj';
  it('Bash shows the command on one line', () => {
    assert.equal(summarizeToolRequest('Bash', { command: 'touch a.txt', description: 'd' }, cwd), 'Run: touch a.txt');
    assert.equal(summarizeToolRequest('Bash', { command: 'a &&\n  b' }, cwd), 'Run: a && ⏎ b');
    const long = summarizeToolRequest('Bash', { command: 'x'.repeat(1000) }, cwd);
    assert.match(long, /… \(\+700 characters\)$/, 'a long command is cut visibly, never silently');
  });
  it('Write shows the path and size', () => {
    assert.equal(summarizeToolRequest('Write', { file_path: '/ws/proj/src/a.ts', content: 'hello' }, cwd), 'Write src/a.ts (5 bytes)');
    assert.equal(summarizeToolRequest('Write', { file_path: '/ws/proj/b', content: 'x'.repeat(2048) }, cwd), 'Write b (2.0 KB)');
    assert.equal(summarizeToolRequest('Write', { file_path: '/etc/x', content: '' }, cwd), 'Write /etc/x (outside the workspace) (0 bytes)');
  });
  it('Edit shows the path and lines changed', () => {
    assert.equal(
      summarizeToolRequest('Edit', { file_path: '/ws/proj/a.ts', old_string: 'a\nb\nc', new_string: 'a\nB\nc', replace_all: false }, cwd),
      'Edit a.ts (+1 −1)',
    );
    assert.equal(summarizeToolRequest('Edit', { file_path: '/ws/proj/a.ts', old_string: 'x', new_string: 'y\nz\nw', replace_all: true }, cwd), 'Edit a.ts (+3 −1, every occurrence)');
    assert.equal(changedLines('same', 'same'), 0);
  });
  it('Read notes a path outside the workspace', () => {
    assert.equal(summarizeToolRequest('Read', { file_path: '/ws/proj/a.ts' }, cwd), 'Read a.ts');
    assert.equal(summarizeToolRequest('Read', { file_path: '/ws/project2/a.ts' }, cwd), 'Read /ws/project2/a.ts (outside the workspace)');
  });
  it('other tools: a sentence or a key/value list, never JSON', () => {
    assert.equal(summarizeToolRequest('WebFetch', { url: 'https://x.dev' }, cwd), 'Fetch https://x.dev');
    assert.ok(summarizeToolRequest('mcp__x__y', { blob: 'z'.repeat(500) }, cwd).length < 140);
    assert.equal(summarizeToolRequest('Write', { nope: 1 }, cwd), 'Write (nope: 1)');
  });
});

describe('PermissionQueue', () => {
  function req(id: string, sessionKey: string, signal = new AbortController().signal): PermissionRequest {
    return { id, sessionKey, toolName: 'Write', input: {}, summary: id, receivedAt: Date.now(), signal };
  }

  it('asks one at a time per session, in order, and sessions do not wait for each other', async () => {
    const answers = new Map<string, (d: PermissionDecision) => void>();
    const shown: string[] = [];
    const q = new PermissionQueue((r) => {
      shown.push(r.id);
      return new Promise((res) => answers.set(r.id, res));
    });
    let changes = 0;
    q.onChange(() => changes++);
    const a1 = q.request(req('a1', 'A'));
    const a2 = q.request(req('a2', 'A'));
    const b1 = q.request(req('b1', 'B'));
    assert.deepEqual(shown, ['a1', 'b1']);
    assert.deepEqual(q.pending('A').map((p) => [p.id, p.state]), [['a1', 'showing'], ['a2', 'waiting']]);
    assert.equal(q.pending().length, 3);
    answers.get('a1')!({ kind: 'allow' });
    assert.deepEqual(await a1, { kind: 'allow' });
    assert.deepEqual(shown, ['a1', 'b1', 'a2']);
    answers.get('a2')!({ kind: 'deny', message: 'no' });
    answers.get('b1')!({ kind: 'allowSession' });
    assert.deepEqual(await a2, { kind: 'deny', message: 'no' });
    assert.deepEqual(await b1, { kind: 'allowSession' });
    assert.deepEqual(q.pending(), []);
    assert.ok(changes >= 9);
  });

  it('a withdrawn prompt settles as deny at once, shown or waiting, and the next one is shown', async () => {
    const shown: string[] = [];
    const signals = new Map<string, AbortSignal>();
    const q = new PermissionQueue((r) => {
      shown.push(r.id);
      signals.set(r.id, r.signal);
      return new Promise(() => undefined);
    });
    const cancelled: string[] = [];
    q.onChange((c) => c.type === 'cancelled' && cancelled.push(`${c.prompt.id}:${c.reason.reason}`));
    const c1 = new AbortController();
    const c2 = new AbortController();
    const c3 = new AbortController();
    const p1 = q.request(req('1', 'A', c1.signal));
    const p2 = q.request(req('2', 'A', c2.signal));
    const p3 = q.request(req('3', 'A', c3.signal));
    c2.abort(new PermissionCancelled('timeout', 'too slow'));
    assert.deepEqual(await p2, { kind: 'deny', message: 'too slow' });
    c1.abort(new PermissionCancelled('interrupted', 'stopped'));
    assert.deepEqual(await p1, { kind: 'deny', message: 'stopped' });
    assert.equal(signals.get('1')!.aborted, true);
    assert.deepEqual(shown, ['1', '3']);
    assert.deepEqual(cancelled, ['2:timeout', '1:interrupted']);
    q.dispose();
    assert.equal((await p3).kind, 'deny');
  });

  it('a presenter that throws denies', async () => {
    const q = new PermissionQueue(() => {
      throw new Error('boom');
    });
    assert.equal((await q.request(req('x', 'A'))).kind, 'deny');
    assert.deepEqual(q.pending(), []);
  });
});
