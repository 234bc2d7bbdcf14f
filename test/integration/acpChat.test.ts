import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AcpChat } from '../../src/chat/acp/acpChat';
import { nullLogger } from '../../src/core/logger';
import type { PermissionBroker } from '../../src/core/permissions';
import type { ChatEvent } from '../../src/shared/contract';
import { claudePids, makeSandbox, REPO_ROOT, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

const AGENT_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'claude-agent-acp');

describe('AcpChat: an ACP agent behind the panel contract (real claude-agent-acp)', function () {
  this.timeout(120_000);
  let server: ModelServer;
  let sb: Sandbox;
  let chat: AcpChat | undefined;
  const allow: PermissionBroker = { request: async () => ({ kind: 'allow' }) };

  beforeEach(async () => {
    server = new ModelServer();
    await server.start();
    sb = makeSandbox(server.url, 'claude-chat-acpchat');
  });

  afterEach(async () => {
    await chat?.dispose();
    await server.stop();
    assert.deepEqual(claudePids(sb.root), [], 'an agent process was left behind');
    sb.cleanup();
  });

  const open = () => {
    const env = { ...sb.env, ...(process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}) };
    chat = new AcpChat({ folder: sb.workspace, agent: { name: 'claude-agent-acp', command: AGENT_BIN, args: [], env }, logger: nullLogger, broker: allow });
    return chat;
  };

  it('spawns nothing until the first prompt, then streams text into the same panel events', async () => {
    const c = open();
    assert.equal(c.pid, undefined);
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    await c.send('Hello SCENARIO:text:Alpha beta gamma.');
    assert.ok(c.pid, 'the agent runs after the first prompt');
    assert.equal(events[0].type, 'user');
    const text = events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('');
    assert.equal(text, 'Alpha beta gamma.');
    const end = events.find((e) => e.type === 'turnEnd');
    assert.ok(end && end.type === 'turnEnd' && end.outcome === 'success');
    assert.equal(c.status.state, 'idle');
    assert.ok(c.snapshot().length > 0);
  });

  it('stop cancels a streaming turn and the chat goes on', async () => {
    const c = open();
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    const turn = c.send('slow SCENARIO:slow:20');
    const start = Date.now();
    while (!events.some((e) => e.type === 'text') && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 20));
    await c.stop();
    await turn;
    const end = events.filter((e) => e.type === 'turnEnd').at(-1);
    assert.ok(end && end.type === 'turnEnd' && end.outcome === 'cancelled');
    assert.equal(c.status.state, 'idle');
  });
});
