import assert from 'node:assert/strict';
import { RecordingFs } from '../support/recordingFs';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcpClient } from '../../src/acp/client';
import { AcpError } from '../../src/acp/errors';
import type { AcpSessionEvent } from '../../src/acp/events';
import type { AcpFileSystem } from '../../src/acp/fileSystem';
import type { AcpSession } from '../../src/acp/session';
import { consoleLogger } from '../../src/core/logger';
import type { PermissionBroker, PermissionDecision, PermissionRequest } from '../../src/core/permissions';
import { AcpChatMapper } from '../../src/chat/acp/acpToChatEvents';
import { ChatEvent } from '../../src/shared/contract';
import { claudePids, isAlive, makeSandbox, REPO_ROOT, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

const logger = consoleLogger(process.env.TEST_LOG === 'debug' ? 'debug' : 'warn');
const AGENT_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'claude-agent-acp');

class ScriptedBroker implements PermissionBroker {
  readonly requests: PermissionRequest[] = [];
  decision: PermissionDecision = { kind: 'allow' };
  async request(req: PermissionRequest): Promise<PermissionDecision> {
    this.requests.push(req);
    return this.decision;
  }
}

function record(session: AcpSession) {
  const events: AcpSessionEvent[] = [];
  session.onEvent((e) => events.push(e));
  const text = () => events.map((e) => (e.type === 'agentMessageChunk' && e.content.type === 'text' ? e.content.text : '')).join('');
  return { events, text };
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The real claude-agent-acp (npm) driving the Claude Agent SDK's bundled CLI against our
 * scripted model server. The agent does its own file I/O through the CLI's tools, so the
 * fs/terminal handlers are exercised by the scripted agent in test/unit/acpClient.test.ts.
 */
describe('ACP client against claude-agent-acp (real agent, scripted model)', function () {
  this.timeout(90_000);
  let model: ModelServer;
  let sandbox: Sandbox;
  const clients: AcpClient[] = [];

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-acp');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  after(async () => {
    await model.stop();
    await waitFor(() => claudePids(sandbox.root).length === 0, 'no leftover processes', 5000).catch(() => undefined);
    sandbox.cleanup();
  });

  async function start(broker: PermissionBroker = new ScriptedBroker(), fileSystem: AcpFileSystem = new RecordingFs()) {
    const env: Record<string, string> = { ...sandbox.env };
    // The CLI refuses to run as root unless it is told it is in a sandbox (containers, CI).
    if (process.getuid?.() === 0) env.IS_SANDBOX = '1';
    const client = await AcpClient.start({ agent: { name: 'claude-agent-acp', command: AGENT_BIN, args: [], env, cwd: sandbox.workspace }, broker, fileSystem, logger });
    clients.push(client);
    return client;
  }

  it('initializes, opens a session in the workspace and streams a prompt to end_turn', async () => {
    const client = await start();
    assert.equal(client.protocolVersion, 1);
    assert.equal(client.agentInfo?.name, '@zed-industries/claude-agent-acp');
    const session = await client.newSession(sandbox.workspace);
    const { events, text } = record(session);
    const mapper = new AcpChatMapper();
    const chat: ChatEvent[] = [];
    session.onEvent((e) => chat.push(...mapper.map(e)));
    const result = await session.prompt('Say hello. SCENARIO:text');
    assert.equal(result.stopReason, 'end_turn');
    assert.equal(text(), 'Hello from the scripted model. This answer streams in several pieces.');
    assert.ok(events.filter((e) => e.type === 'agentMessageChunk').length >= 3, 'text arrives in several chunks');
    for (const e of chat) assert.ok(ChatEvent.safeParse(e).success);
    assert.deepEqual([chat[0].type, chat[chat.length - 1].type], ['user', 'turnEnd']);
    assert.equal(new Set(chat.filter((e) => e.type === 'text').map((e) => (e as { messageId: string }).messageId)).size, 1);
  });

  it('asks the broker before a Write: allow creates the file, reject does not', async () => {
    const broker = new ScriptedBroker();
    const fs = new RecordingFs();
    const client = await start(broker, fs);
    const session = await client.newSession(sandbox.workspace);
    const { events, text } = record(session);
    const mapper = new AcpChatMapper();
    const chat: ChatEvent[] = [];
    session.onEvent((e) => chat.push(...mapper.map(e)));

    const allowed = join(sandbox.workspace, 'allowed.txt');
    assert.equal((await session.prompt(`Write it. SCENARIO:tool-write:${allowed}`)).stopReason, 'end_turn');
    assert.equal(broker.requests.length, 1);
    assert.equal(broker.requests[0].toolName, 'Write');
    assert.equal(broker.requests[0].summary, 'Write allowed.txt (30 bytes)');
    // The agent's own options travel with the prompt: the UI offers exactly these.
    const kinds = (broker.requests[0].agentOptions ?? []).map((o) => o.kind);
    assert.ok(kinds.includes('allow_once') && kinds.includes('reject_once'), JSON.stringify(broker.requests[0].agentOptions));
    assert.ok(existsSync(allowed), 'allowed write happened');
    assert.match(text(), /Tool finished: File created successfully/);
    const card = chat.filter((e) => e.type === 'tool').pop();
    assert.deepEqual(card && card.type === 'tool' && card.input, { file_path: allowed, content: 'hello from the scripted model\n' });
    assert.deepEqual(chat.filter((e) => e.type === 'toolState').map((e) => (e as { state: string }).state), ['pending', 'permission', 'running', 'done']);

    broker.decision = { kind: 'deny' };
    const rejected = join(sandbox.workspace, 'rejected.txt');
    assert.equal((await session.prompt(`Write it. SCENARIO:tool-write:${rejected}`)).stopReason, 'end_turn');
    assert.equal(broker.requests.length, 2);
    assert.ok(!existsSync(rejected), 'rejected write did not happen');
    assert.match(text(), /Tool failed: User refused permission/);
    assert.ok(events.some((e) => e.type === 'permissionAnswered' && e.outcome === 'denied'));
    // claude-agent-acp writes through the CLI's own Write tool, never through fs/write_text_file.
    assert.deepEqual(fs.calls, []);
  });

  it('reads files with the CLI\'s Read tool, not fs/read_text_file, and reports it as a read tool call', async () => {
    const fs = new RecordingFs();
    const client = await start(new ScriptedBroker(), fs);
    const session = await client.newSession(sandbox.workspace);
    const { events, text } = record(session);
    const file = join(sandbox.workspace, 'readme.txt');
    writeFileSync(file, 'line one\nline two\n');
    await session.prompt(`Read it. SCENARIO:tool-read:${file}`);
    const call = events.find((e) => e.type === 'toolCallUpdate' && e.update.kind === 'read');
    assert.ok(call, 'a read tool call');
    assert.match(text(), /line two/);
    assert.deepEqual(fs.calls, [], 'this agent never calls fs/read_text_file');
  });

  it('cancel during a slow stream ends the prompt as cancelled, and the session keeps answering', async () => {
    const client = await start();
    const session = await client.newSession(sandbox.workspace);
    const { text } = record(session);
    const slow = session.prompt('Take your time. SCENARIO:slow:20');
    await waitFor(() => text().includes('tick3'), 'the slow stream to start');
    const t0 = Date.now();
    await session.cancel();
    const result = await slow;
    assert.equal(result.stopReason, 'cancelled');
    assert.ok(Date.now() - t0 < 10_000, `cancel took ${Date.now() - t0} ms`);
    assert.ok(!text().includes('tick150'), 'the stream stopped');
    const next = await session.prompt('Again. SCENARIO:text:after cancel');
    assert.equal(next.stopReason, 'end_turn');
    if (!/after cancel$/.test(text())) {
      // claude-agent-acp 0.23.1 leaves the cancelled turn's `session_state_changed: idle` unread,
      // so the next prompt returns end_turn at once and its reply streams during the prompt
      // after it (fixed upstream: agentclientprotocol/claude-agent-acp#480). Tolerate that here.
      await session.prompt('Once more. SCENARIO:text:third');
    }
    assert.match(text(), /after cancel/);
  });

  it('lists the agent\'s modes and models and switches them; a bad mode is refused', async () => {
    const client = await start();
    const session = await client.newSession(sandbox.workspace);
    const modes = session.modes;
    assert.ok(modes);
    assert.equal(modes.currentId, 'default');
    for (const id of ['default', 'acceptEdits', 'plan']) assert.ok(modes.available.some((m) => m.id === id), `mode ${id}`);
    await session.setMode('acceptEdits');
    assert.equal(session.modes?.currentId, 'acceptEdits');
    await assert.rejects(session.setMode('no-such-mode'), (e: unknown) => e instanceof AcpError && e.code === 'refused');
    assert.equal(session.modes?.currentId, 'acceptEdits');

    const models = session.models;
    assert.ok(models && models.available.length > 0, 'models listed');
    const other = models.available.find((m) => m.id !== models.currentId);
    assert.ok(other);
    await session.setModel(other.id);
    assert.equal(session.models?.currentId, other.id);
    // The mode really changed: with acceptEdits a Write needs no permission prompt.
    const file = join(sandbox.workspace, 'accept-edits.txt');
    await session.prompt(`SCENARIO:tool-write:${file}`);
    assert.ok(existsSync(file));
  });

  it('when the agent is killed, the open session reports a clear error and no process is left', async () => {
    const client = await start();
    const session = await client.newSession(sandbox.workspace);
    const { events, text } = record(session);
    const slow = session.prompt('SCENARIO:slow:20').then(() => undefined, (e: unknown) => e);
    await waitFor(() => text().includes('tick2'), 'the slow stream to start');
    assert.ok(claudePids(sandbox.root).length >= 2, 'agent and CLI are running');
    process.kill(client.pid!, 'SIGKILL');
    const err = await slow;
    assert.ok(err instanceof AcpError && err.code === 'agentExited', String(err));
    assert.match(err.message, /claude-agent-acp.*stopped \(SIGKILL\)/);
    assert.ok(events.some((e) => e.type === 'error' && e.error.code === 'agentExited'));
    await assert.rejects(session.prompt('SCENARIO:text'), (e: unknown) => e instanceof AcpError && e.code === 'agentExited');
    await waitFor(() => claudePids(sandbox.root).length === 0, 'the CLI to be gone', 5000);
  });

  it('dispose kills the agent and the CLI it started', async () => {
    const client = await start();
    const session = await client.newSession(sandbox.workspace);
    await session.prompt('SCENARIO:text');
    const pids = claudePids(sandbox.root);
    assert.ok(pids.length >= 2, `agent and CLI: ${pids.join(',')}`);
    await client.dispose();
    await waitFor(() => pids.every((p) => !isAlive(p) || !claudePids(sandbox.root).includes(p)), 'all processes to exit', 5000);
    assert.deepEqual(claudePids(sandbox.root), []);
  });
});
