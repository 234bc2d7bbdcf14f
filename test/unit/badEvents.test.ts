// The webview rejects what the host accepts / whole files flow to the webview:
// every event a chat publishes passes the panel's schema on its own and is cut to size, so one
// bad event is repaired or dropped alone and the chat keeps updating.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaudeChat } from '../../src/chat/claude/claudeChat';
import { PermissionServer } from '../../src/claude/permissionServer';
import type { Logger } from '../../src/core/logger';
import { nullLogger } from '../../src/core/logger';
import { EventBatcher } from '../../src/shared/batcher';
import { ChatEvent, HostMessage } from '../../src/shared/contract';
import { normalizeChatEvent, TOO_DEEP } from '../../src/shared/eventLimits';
import { makeFakeCli, SESSION_ID_MARK, type FakeCli } from '../support/fakeCli';

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
const depthOf = (v: unknown): number => {
  let d = 0;
  while (v && typeof v === 'object' && 'a' in v) {
    v = (v as { a: unknown }).a;
    d++;
  }
  return d;
};

describe('transcript events the panel can always take', () => {
  it('a fractional index is floored, a non-number one dropped; good deltas pass untouched', () => {
    const good: ChatEvent = { type: 'text', messageId: 'm', index: 2, text: 'x' };
    assert.equal(normalizeChatEvent(good).event, good, 'the fast path returns the same object');
    const half = normalizeChatEvent({ type: 'text', messageId: 'm', index: 0.5, text: 'half' });
    assert.deepEqual(half.event, { type: 'text', messageId: 'm', index: 0, text: 'half' });
    assert.match(half.problem ?? '', /index 0\.5/);
    const huge = normalizeChatEvent({ type: 'tool', messageId: 'm', index: 1e300, toolUseId: 't', name: 'Bash' });
    assert.equal(ChatEvent.safeParse(huge.event).success, true);
    const bad = normalizeChatEvent({ type: 'block', messageId: 'm', index: 'zero' as unknown as number, kind: 'text', text: '' });
    assert.equal(bad.event, undefined);
    assert.match(bad.problem, /dropped/);
    const wrong = normalizeChatEvent({ type: 'toolState', toolUseId: 't', state: 'exploded' as 'done' });
    assert.equal(wrong.event, undefined, 'anything else the schema refuses is dropped');
  });

  it('a tool input nested 20,000 deep is cut to a depth that serialises; results lose originalFile and long strings', () => {
    const n = normalizeChatEvent({ type: 'tool', messageId: 'm', index: 0, toolUseId: 't', name: 'X', input: deep(20_000) });
    assert.ok(n.event && n.event.type === 'tool');
    assert.ok(depthOf(n.event.input) < 40, `depth ${depthOf(n.event.input)}`);
    assert.ok(JSON.stringify(n.event).includes(TOO_DEEP));
    const r = normalizeChatEvent({ type: 'toolResult', toolUseId: 't', isError: false, text: 'y'.repeat(300_000), structured: { filePath: '/f', originalFile: 'z'.repeat(500_000), newString: 'n' } });
    assert.ok(r.event && r.event.type === 'toolResult');
    assert.ok(JSON.stringify(r.event).length < 110_000, `${JSON.stringify(r.event).length} bytes`);
    assert.deepEqual(Object.keys(r.event.structured as object).sort(), ['filePath', 'newString']);
  });
});

// The real CLI never writes these lines, so a stand-in injects them (COMMON.md allows this).
describe('a chat fed bad CLI output keeps updating (stand-in CLI)', function () {
  this.timeout(30_000);
  // The stand-in puts the chat's own session id here: an init of another session is ignored.
  const SID = SESSION_ID_MARK;
  const line = (o: object) => JSON.stringify({ ...o, session_id: SID });
  const ev = (event: object) => line({ type: 'stream_event', event, parent_tool_use_id: null });
  let fake: FakeCli | undefined;
  let dir: string;
  let perms: PermissionServer;
  let chat: ClaudeChat | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bad-events-'));
    perms = new PermissionServer({ logger: nullLogger });
    await perms.start();
  });
  afterEach(async () => {
    await chat?.dispose();
    chat = undefined;
    await perms.dispose();
    fake?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a delta with index 0.5, a 20,000-deep tool input and a 500 KB originalFile: every batch and the snapshot pass the panel schema, later events still arrive, the file is not posted', async () => {
    const original = 'hello\n' + 'o'.repeat(500_000);
    const file = join(dir, 'big.txt');
    fake = makeFakeCli([[
      line({ type: 'system', subtype: 'init', tools: [], mcp_servers: [] }),
      ev({ type: 'message_start', message: { id: 'msg_a', model: 'm' } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'before ' } }),
      ev({ type: 'content_block_delta', index: 0.5, delta: { type: 'text_delta', text: 'half ' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'message_stop' }),
      line({ type: 'assistant', parent_tool_use_id: null, message: { id: 'msg_b', role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_deep', name: 'Deep', input: 'DEEP' }] } }).replace('"DEEP"', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)),
      line({ type: 'assistant', parent_tool_use_id: null, message: { id: 'msg_c', role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_edit', name: 'Edit', input: { file_path: file, old_string: 'hello', new_string: 'bye' } }] } }),
      line({
        type: 'user',
        parent_tool_use_id: null,
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_edit', content: 'edited' }] },
        tool_use_result: { filePath: file, oldString: 'hello', newString: 'bye', originalFile: original, structuredPatch: [], userModified: false, replaceAll: false },
      }),
      ev({ type: 'message_start', message: { id: 'msg_d', model: 'm' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'after-the-bad-ones' } }),
      ev({ type: 'message_stop' }),
      line({ type: 'result', subtype: 'success', is_error: false, result: 'after-the-bad-ones' }),
    ]]);
    const warnings: string[] = [];
    const logger: Logger = { ...nullLogger, warn: (m) => void warnings.push(m) };
    chat = new ClaudeChat({
      folder: dir,
      logger,
      settings: () => ({ cliPath: fake!.path, env: { CLAUDE_CONFIG_DIR: join(dir, 'config') } }),
      permissionServer: async () => perms,
      broker: { request: async () => ({ kind: 'allow' }) },
    });
    const posted: string[] = [];
    const rejected: string[] = [];
    // What the panel gets: the real batcher, then postMessage's serialisation, then the panel's parse.
    const batcher = new EventBatcher({
      intervalMs: 0,
      post: (events) => {
        const wire = JSON.stringify({ type: 'events', events });
        posted.push(wire);
        const parsed = HostMessage.safeParse(JSON.parse(wire));
        if (!parsed.success) rejected.push(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      },
    });
    chat.onEvents((events) => batcher.pushAll(events));
    await chat.send('go');
    batcher.flushNow();
    assert.deepEqual(rejected, [], 'a batch the panel would drop');
    const all = posted.flatMap((w) => (JSON.parse(w) as { events: ChatEvent[] }).events);
    assert.ok(all.some((e) => e.type === 'text' && e.text.includes('after-the-bad-ones')), 'events after the bad ones reached the panel');
    assert.ok(all.some((e) => e.type === 'text' && e.text.includes('half')), 'the repaired delta was kept');
    assert.ok(all.some((e) => e.type === 'tool' && e.toolUseId === 'toolu_deep'), 'the deep tool is shown, cut');
    const bytes = posted.reduce((n, w) => n + w.length, 0);
    assert.ok(bytes < original.length / 2, `${bytes} bytes posted for a ${original.length}-byte file`);
    const snap = { type: 'snapshot', events: chat.snapshot(), status: chat.status, permissions: [] };
    const wire = JSON.stringify(snap);
    assert.equal(HostMessage.safeParse(JSON.parse(wire)).success, true, 'the snapshot passes the panel schema');
    assert.ok(wire.length < original.length / 2, `${wire.length} bytes kept in the snapshot`);
    assert.ok(warnings.some((w) => /index 0\.5/.test(w)), warnings.join('\n'));
    // The host still has the whole file for Open Diff.
    assert.equal(chat.changes.get('toolu_edit')?.before, original);
  });

  it('100 edits of a 200 KB file: what is posted stays small, and what the host keeps for diffs and checkpoints is capped', async () => {
    const file = join(dir, 'big.txt');
    const body = 'x'.repeat(200_000);
    const steps: string[] = [];
    for (let i = 0; i < 100; i++) {
      const id = `toolu_e${i}`;
      steps.push(
        line({ type: 'assistant', parent_tool_use_id: null, message: { id: `msg_${i}`, role: 'assistant', content: [{ type: 'tool_use', id, name: 'Edit', input: { file_path: file, old_string: `v${i};`, new_string: `v${i + 1};` } }] } }),
        line({
          type: 'user',
          parent_tool_use_id: null,
          message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'edited' }] },
          tool_use_result: { filePath: file, oldString: `v${i};`, newString: `v${i + 1};`, originalFile: `v${i};${body}`, structuredPatch: [], userModified: false, replaceAll: false },
        }),
      );
    }
    fake = makeFakeCli([[line({ type: 'system', subtype: 'init', tools: [], mcp_servers: [] }), ...steps, line({ type: 'result', subtype: 'success', is_error: false, result: 'done' })]]);
    chat = new ClaudeChat({
      folder: dir,
      logger: nullLogger,
      settings: () => ({ cliPath: fake!.path, env: { CLAUDE_CONFIG_DIR: join(dir, 'config') } }),
      permissionServer: async () => perms,
      broker: { request: async () => ({ kind: 'allow' }) },
    });
    let posted = 0;
    const batcher = new EventBatcher({ intervalMs: 0, post: (events) => void (posted += JSON.stringify({ type: 'events', events }).length) });
    chat.onEvents((events) => batcher.pushAll(events));
    assert.equal((await chat.send('edit it 100 times'))?.outcome, 'success');
    batcher.flushNow();
    const fileBytes = 100 * body.length;
    assert.ok(posted < fileBytes / 20, `${posted} characters posted for 100 edits of a ${body.length}-character file`);
    // Kept for Open Diff (the change record) and for restores (the checkpoints' prompts), counted
    // the same way before and after the cap: the contents each record still holds.
    const held = (changes: Iterable<{ before: string; after: string } | undefined>) => [...changes].reduce((n, c) => n + (c ? c.before.length + c.after.length : 0), 0);
    const record = held(Array.from({ length: 100 }, (_, i) => chat!.changes.get(`toolu_e${i}`)));
    const prompts = (chat.checkpoints as unknown as { prompts: { changes: { before: string; after: string }[] }[] }).prompts;
    const checkpoints = held(prompts.flatMap((p) => p.changes));
    const cap = 32_000_000 + 2 * (body.length + 10);
    assert.ok(record <= cap, `the change record holds ${record} characters`);
    assert.ok(checkpoints <= cap, `the checkpoints hold ${checkpoints} characters`);
    // The newest change is whole, so its diff still opens; the oldest says it is gone.
    assert.equal(chat.changes.get('toolu_e99')?.before, `v99;${body}`);
    assert.equal(chat.changes.get('toolu_e0'), undefined);
    const turn = chat.snapshot().find((e) => e.type === 'user')!;
    assert.ok(turn.type === 'user');
    assert.deepEqual(chat.checkpoints.turnChanges(turn.turnId), [], 'no diff or revert from a file whose early changes were dropped');
  });
});
