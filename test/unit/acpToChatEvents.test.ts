import assert from 'node:assert/strict';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import { eventFromUpdate } from '../../src/acp/events';
import { AcpChatMapper } from '../../src/chat/acp/acpToChatEvents';
import { ChatEvent } from '../../src/shared/contract';

/** Feeds raw `session/update` payloads (as claude-agent-acp 0.23 sends them) through the mapper. */
function run(mapper: AcpChatMapper, updates: SessionUpdate[]) {
  const out = updates.flatMap((u) => mapper.map(eventFromUpdate(u)));
  for (const e of out) assert.ok(ChatEvent.safeParse(e).success, `invalid ChatEvent ${JSON.stringify(e)}`);
  return out;
}

const chunk = (text: string): SessionUpdate => ({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });
const thought = (text: string): SessionUpdate => ({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text } });

describe('acpToChatEvents', () => {
  it('turns a prompt into user, text deltas with one stable message id, and turnEnd', () => {
    const m = new AcpChatMapper();
    const start = m.map({ type: 'promptStarted', turnId: 't1', text: 'hi' });
    assert.deepEqual(start, [{ type: 'user', turnId: 't1', text: 'hi' }]);
    const out = run(m, [chunk(''), chunk('Hello from the scr'), chunk('ipted model.')]);
    assert.equal(out.length, 2, 'empty chunks are dropped');
    assert.ok(out.every((e) => e.type === 'text' && e.index === 0));
    assert.equal(new Set(out.map((e) => (e as { messageId: string }).messageId)).size, 1);
    const end = m.map({ type: 'promptEnded', turnId: 't1', durationMs: 12, stopReason: 'end_turn' });
    assert.deepEqual(end, [{ type: 'turnEnd', turnId: 't1', outcome: 'success', durationMs: 12, error: undefined }]);
  });

  it('maps thoughts to thinking blocks and gives the following text its own index', () => {
    const m = new AcpChatMapper();
    m.map({ type: 'promptStarted', turnId: 't1', text: 'q' });
    const out = run(m, [thought('Let me '), thought('think.'), chunk('Answer: 42')]);
    assert.deepEqual(out.map((e) => [e.type, (e as { index: number }).index]), [['thinking', 0], ['thinking', 0], ['text', 1]]);
  });

  it('uses the agent\'s messageId when it sends one', () => {
    const m = new AcpChatMapper();
    const out = run(m, [
      { sessionUpdate: 'agent_message_chunk', messageId: 'a', content: { type: 'text', text: 'one' } },
      { sessionUpdate: 'agent_message_chunk', messageId: 'b', content: { type: 'text', text: 'two' } },
    ]);
    assert.deepEqual(out.map((e) => (e as { messageId: string }).messageId), ['a', 'b']);
  });

  it('renders a Write (edit kind, diff without old text) as a Write card and completes it', () => {
    const m = new AcpChatMapper();
    m.map({ type: 'promptStarted', turnId: 't1', text: 'write' });
    const out = run(m, [
      chunk('I will write the file.'),
      { sessionUpdate: 'tool_call', toolCallId: 'toolu_1', title: 'Write', kind: 'edit', status: 'pending', content: [], locations: [], rawInput: {}, _meta: { claudeCode: { toolName: 'Write' } } },
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: 'toolu_1',
        kind: 'edit',
        title: 'Write /ws/out.txt',
        content: [{ type: 'diff', path: '/ws/out.txt', oldText: null, newText: 'hello\n' }],
        locations: [{ path: '/ws/out.txt' }],
        rawInput: { file_path: '/ws/out.txt', content: 'hello\n' },
      },
      { sessionUpdate: 'tool_call_update', toolCallId: 'toolu_1', _meta: { claudeCode: { toolResponse: { type: 'create', filePath: '/ws/out.txt', structuredPatch: [] }, toolName: 'Write' } } },
      { sessionUpdate: 'tool_call_update', toolCallId: 'toolu_1', status: 'completed', rawOutput: 'File created successfully at: /ws/out.txt' },
      chunk('Done.'),
    ]);
    const text = out.filter((e) => e.type === 'text');
    const tools = out.filter((e) => e.type === 'tool');
    assert.equal(tools.length, 2);
    assert.equal(tools[0].type === 'tool' && tools[0].name, 'Write');
    assert.deepEqual(tools[1].type === 'tool' && tools[1].input, { file_path: '/ws/out.txt', content: 'hello\n' });
    // The card sits after the text block in the same message; the reply after it is a new message.
    assert.equal(tools[0].type === 'tool' && tools[0].messageId, (text[0] as { messageId: string }).messageId);
    assert.equal(tools[0].type === 'tool' && tools[0].index, 1);
    assert.notEqual((text[1] as { messageId: string }).messageId, (text[0] as { messageId: string }).messageId);
    const result = out.find((e) => e.type === 'toolResult');
    assert.deepEqual(result, {
      type: 'toolResult',
      toolUseId: 'toolu_1',
      isError: false,
      text: 'File created successfully at: /ws/out.txt',
      structured: { type: 'create', filePath: '/ws/out.txt', structuredPatch: [] },
    });
    assert.deepEqual(out.filter((e) => e.type === 'toolState').map((e) => (e as { state: string }).state), ['pending', 'done']);
  });

  it('renders an edit diff with old text as an Edit card', () => {
    const m = new AcpChatMapper();
    const out = run(m, [
      { sessionUpdate: 'tool_call', toolCallId: 'e1', title: 'Edit a.ts', kind: 'edit', status: 'in_progress', content: [{ type: 'diff', path: '/ws/a.ts', oldText: 'hello', newText: 'goodbye' }] },
    ]);
    assert.deepEqual(out[0], { type: 'tool', messageId: (out[0] as { messageId: string }).messageId, index: 0, toolUseId: 'e1', name: 'Edit', input: { file_path: '/ws/a.ts', old_string: 'hello', new_string: 'goodbye' } });
    assert.deepEqual(out[1], { type: 'toolState', toolUseId: 'e1', state: 'running' });
  });

  it('maps read to Read {file_path}, execute to Bash {command}, anything else to its title', () => {
    const m = new AcpChatMapper();
    const out = run(m, [
      { sessionUpdate: 'tool_call', toolCallId: 'r', title: 'Read a.ts', kind: 'read', locations: [{ path: '/ws/a.ts', line: 1 }], rawInput: { file_path: '/ws/a.ts' } },
      { sessionUpdate: 'tool_call', toolCallId: 'x', title: 'npm test', kind: 'execute', rawInput: { command: 'npm test', description: 'Run tests' } },
      { sessionUpdate: 'tool_call', toolCallId: 'y', title: 'ls -la', kind: 'execute' },
      { sessionUpdate: 'tool_call', toolCallId: 'g', title: 'Find `*.ts`', kind: 'search', rawInput: { pattern: '*.ts' } },
    ]);
    const tools = out.filter((e) => e.type === 'tool') as Extract<ChatEvent, { type: 'tool' }>[];
    assert.deepEqual(tools.map((t) => t.name), ['Read', 'Bash', 'Bash', 'Find `*.ts`']);
    assert.equal((tools[0].input as { file_path: string }).file_path, '/ws/a.ts');
    assert.equal((tools[1].input as { command: string }).command, 'npm test');
    assert.equal((tools[2].input as { command: string }).command, 'ls -la');
    assert.deepEqual(tools[3].input, { pattern: '*.ts' });
  });

  it('reports a failed tool as an error result with its text content', () => {
    const m = new AcpChatMapper();
    const out = run(m, [
      { sessionUpdate: 'tool_call', toolCallId: 'b', title: 'false', kind: 'execute', status: 'in_progress', rawInput: { command: 'false' } },
      { sessionUpdate: 'tool_call_update', toolCallId: 'b', status: 'failed', content: [{ type: 'content', content: { type: 'text', text: 'exit code 1' } }] },
    ]);
    assert.deepEqual(out.slice(-2), [
      { type: 'toolResult', toolUseId: 'b', isError: true, text: 'exit code 1', structured: undefined },
      { type: 'toolState', toolUseId: 'b', state: 'error' },
    ]);
  });

  it('turns plans into one TodoWrite card per turn that updates in place', () => {
    const m = new AcpChatMapper();
    m.map({ type: 'promptStarted', turnId: 't9', text: 'plan' });
    const out = run(m, [
      { sessionUpdate: 'plan', entries: [{ content: 'Read the code', priority: 'high', status: 'in_progress' }, { content: 'Fix it', priority: 'medium', status: 'pending' }] },
      { sessionUpdate: 'plan', entries: [{ content: 'Read the code', priority: 'high', status: 'completed' }, { content: 'Fix it', priority: 'medium', status: 'in_progress' }] },
    ]);
    const tools = out.filter((e) => e.type === 'tool') as Extract<ChatEvent, { type: 'tool' }>[];
    assert.equal(tools.length, 2);
    assert.equal(tools[0].toolUseId, tools[1].toolUseId);
    assert.equal(tools[0].name, 'TodoWrite');
    assert.deepEqual((tools[1].input as { todos: unknown[] }).todos, [
      { content: 'Read the code', status: 'completed', activeForm: 'Read the code' },
      { content: 'Fix it', status: 'in_progress', activeForm: 'Fix it' },
    ]);
  });

  it('shows permission prompts and denials on the tool card', () => {
    const m = new AcpChatMapper();
    run(m, [{ sessionUpdate: 'tool_call', toolCallId: 'w', title: 'Write', kind: 'edit' }]);
    assert.deepEqual(m.map({ type: 'permissionAsked', toolCallId: 'w', requestId: 'p1' }), [{ type: 'toolState', toolUseId: 'w', state: 'permission' }]);
    assert.deepEqual(m.map({ type: 'permissionAnswered', toolCallId: 'w', requestId: 'p1', outcome: 'denied' }), [{ type: 'toolState', toolUseId: 'w', state: 'denied' }]);
  });

  it('ends cancelled and failed turns with the right outcome', () => {
    const m = new AcpChatMapper();
    assert.equal((m.map({ type: 'promptEnded', turnId: 't', durationMs: 1, stopReason: 'cancelled' })[0] as { outcome: string }).outcome, 'cancelled');
    const failed = m.map({ type: 'promptEnded', turnId: 't', durationMs: 1, error: Object.assign(new Error('gone'), { code: 'agentExited', actions: ['retry'] }) as never });
    assert.deepEqual((failed[0] as { error: unknown }).error, { code: 'agentExited', message: 'gone', actions: ['retry'] });
  });

  it('ignores updates the panel has no card for', () => {
    const m = new AcpChatMapper();
    assert.deepEqual(run(m, [
      { sessionUpdate: 'available_commands_update', availableCommands: [] },
      { sessionUpdate: 'usage_update', used: 26, size: 200000, cost: { amount: 0.0001, currency: 'USD' } },
      { sessionUpdate: 'current_mode_update', currentModeId: 'plan' },
    ]), []);
  });
});
