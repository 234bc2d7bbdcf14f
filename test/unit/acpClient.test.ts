import assert from 'node:assert/strict';
import { RecordingFs } from '../support/recordingFs';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AcpClient } from '../../src/acp/client';
import { AcpError } from '../../src/acp/errors';
import type { AcpSessionEvent } from '../../src/acp/events';
import type { AcpFileSystem } from '../../src/acp/fileSystem';
import { pickPermissionOption } from '../../src/acp/permissions';
import { NodeTerminals } from '../../src/acp/terminals';
import type { PermissionBroker, PermissionDecision, PermissionRequest } from '../../src/core/permissions';
import { AcpChat } from '../../src/chat/acp/acpChat';
import { nullLogger } from '../../src/core/logger';

const SDK = pathToFileURL(resolve(__dirname, '../../node_modules/@agentclientprotocol/sdk/dist/v1/stable/acp.js')).href;

/**
 * A scripted ACP agent on the SDK's agent side. Each prompt's text is a command:
 * `fs-write <path> <text>`, `fs-read <path>`, `term <cmd> <args…>`, `perm`, `hang`, `die`.
 * FAKE_VERSION sets the protocol version it answers; FAKE_AUTH=1 demands `authenticate`;
 * FAKE_MCP_HTTP=1 advertises HTTP MCP servers, and `mcp` says which servers session/new named.
 */
const FAKE_AGENT = `
import { agent, ndJsonStream, RequestError } from ${JSON.stringify(SDK)};
import { Readable, Writable } from 'node:stream';
let authed = process.env.FAKE_AUTH !== '1';
let mode = 'default';
const say = (ctx, sessionId, text) => ctx.client.notify('session/update', { sessionId, update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } } });
const hanging = new Map();
let mcpServers = [];
agent({ name: 'fake' })
  .onRequest('initialize', () => ({ protocolVersion: Number(process.env.FAKE_VERSION ?? 1), agentCapabilities: process.env.FAKE_MCP_HTTP === '1' ? { mcpCapabilities: { http: true } } : {}, authMethods: [{ id: 'token', name: 'Token', description: 'Use a token' }] }))
  .onRequest('authenticate', ({ params }) => { if (params.methodId !== 'token') throw RequestError.invalidParams(undefined, 'unknown method'); authed = true; return {}; })
  .onRequest('session/new', ({ params }) => {
    if (!authed) throw RequestError.authRequired();
    mcpServers = params.mcpServers;
    return {
      sessionId: 'fake-session-1',
      modes: { currentModeId: mode, availableModes: [{ id: 'default', name: 'Default' }, { id: 'plan', name: 'Plan' }] },
      configOptions: [{ id: 'model', name: 'Model', category: 'model', type: 'select', currentValue: 'small', options: [{ value: 'small', name: 'Small' }, { value: 'big', name: 'Big' }] }],
    };
  })
  .onRequest('session/set_mode', ({ params }) => { if (params.modeId === 'nope') throw RequestError.invalidParams(undefined, 'Invalid Mode'); mode = params.modeId; return {}; })
  .onRequest('session/set_config_option', ({ params }) => {
    if (params.value !== 'small' && params.value !== 'big') throw RequestError.invalidParams(undefined, 'Invalid value');
    return { configOptions: [{ id: 'model', name: 'Model', category: 'model', type: 'select', currentValue: params.value, options: [{ value: 'small', name: 'Small' }, { value: 'big', name: 'Big' }] }] };
  })
  .onNotification('session/cancel', ({ params }) => { hanging.get(params.sessionId)?.(); })
  .onRequest('session/prompt', async ({ params, client }) => {
    const ctx = { client };
    const sid = params.sessionId;
    const [cmd, ...rest] = params.prompt[0].text.split(' ');
    if (cmd === 'fs-write') { await client.request('fs/write_text_file', { sessionId: sid, path: rest[0], content: rest.slice(1).join(' ') }); await say(ctx, sid, 'wrote'); }
    if (cmd === 'fs-read') { const r = await client.request('fs/read_text_file', { sessionId: sid, path: rest[0], line: 2, limit: 1 }); await say(ctx, sid, 'read:' + r.content); }
    if (cmd === 'term') {
      const t = await client.request('terminal/create', { sessionId: sid, command: rest[0], args: rest.slice(1), outputByteLimit: 10 });
      const exit = await client.request('terminal/wait_for_exit', { sessionId: sid, terminalId: t.terminalId });
      const out = await client.request('terminal/output', { sessionId: sid, terminalId: t.terminalId });
      await client.request('terminal/release', { sessionId: sid, terminalId: t.terminalId });
      await say(ctx, sid, JSON.stringify({ exit, out }));
    }
    if (cmd === 'perm') {
      await client.notify('session/update', { sessionId: sid, update: { sessionUpdate: 'tool_call', toolCallId: 'tc1', title: 'rm -rf build', kind: 'execute', status: 'pending', rawInput: { command: 'rm -rf build' } } });
      const r = await client.request('session/request_permission', { sessionId: sid, toolCall: { toolCallId: 'tc1' }, options: [
        { optionId: 'yes', name: 'Allow', kind: 'allow_once' }, { optionId: 'always', name: 'Always', kind: 'allow_always' }, { optionId: 'no', name: 'Reject', kind: 'reject_once' } ] });
      await say(ctx, sid, 'perm:' + JSON.stringify(r.outcome));
    }
    if (cmd === 'hang') { await new Promise((r) => hanging.set(sid, r)); throw new Error('Tool use aborted'); }
    if (cmd === 'die') { process.exit(3); }
    if (cmd === 'mcp') await say(ctx, sid, JSON.stringify(mcpServers));
    return { stopReason: 'end_turn' };
  })
  .connect(ndJsonStream(Writable.toWeb(process.stdout), Readable.toWeb(process.stdin)));
`;

class ScriptedBroker implements PermissionBroker {
  readonly requests: PermissionRequest[] = [];
  constructor(public decision: PermissionDecision | 'never') {}
  request(req: PermissionRequest): Promise<PermissionDecision> {
    this.requests.push(req);
    return this.decision === 'never' ? new Promise(() => undefined) : Promise.resolve(this.decision);
  }
}

describe('AcpClient against a scripted agent', function () {
  this.timeout(20_000);
  let dir: string;
  let script: string;
  const clients: AcpClient[] = [];

  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'acp-unit-')));
    script = join(dir, 'fake-agent.mjs');
    writeFileSync(script, FAKE_AGENT);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function start(env: Record<string, string> = {}, broker: PermissionBroker = new ScriptedBroker({ kind: 'allow' }), fileSystem?: AcpFileSystem) {
    const c = await AcpClient.start({ agent: { name: 'fake', command: process.execPath, args: [script], env }, broker, fileSystem, terminals: new NodeTerminals() });
    clients.push(c);
    return c;
  }

  function collect(session: { onEvent: (l: (e: AcpSessionEvent) => void) => unknown }) {
    const events: AcpSessionEvent[] = [];
    session.onEvent((e) => events.push(e));
    const text = () => events.map((e) => (e.type === 'agentMessageChunk' && e.content.type === 'text' ? e.content.text : '')).join('');
    return { events, text };
  }

  it("hands the editor tools' HTTP server to an agent that advertises mcpCapabilities.http, and to no other", async () => {
    const spec = { name: 'vscode', type: 'http' as const, url: 'http://127.0.0.1:9/mcp/k', headers: { Authorization: 'Bearer t' } };
    for (const [env, expected] of [
      [{}, []],
      [{ FAKE_MCP_HTTP: '1' }, [{ type: 'http', name: 'vscode', url: spec.url, headers: [{ name: 'Authorization', value: 'Bearer t' }] }]],
    ] as const) {
      let asked = 0;
      const revoked: string[] = [];
      const chat = new AcpChat({
        folder: dir,
        agent: { name: 'fake', command: process.execPath, args: [script], env: { ...env } },
        logger: nullLogger,
        broker: new ScriptedBroker({ kind: 'allow' }),
        editorTools: async () => (asked++, { server: spec, dispose: () => void revoked.push(spec.url) }),
      });
      const text: string[] = [];
      chat.onEvents((events) => events.forEach((e) => e.type === 'text' && text.push(e.text)));
      try {
        await chat.send('mcp');
        assert.deepEqual(JSON.parse(text.join('')), expected, JSON.stringify(env));
        assert.equal(asked, expected.length, 'a grant is only asked for when the agent can use it');
      } finally {
        await chat.dispose();
      }
      assert.equal(revoked.length, expected.length, 'the grant is revoked with the chat');
    }
  });

  it('refuses an agent below protocol version 1 with a typed error and kills it', async () => {
    await assert.rejects(start({ FAKE_VERSION: '0' }), (err: unknown) => err instanceof AcpError && err.code === 'unsupportedVersion' && /unsupported version/.test(err.message));
  });

  it('surfaces auth methods on auth_required and works after authenticate', async () => {
    const c = await start({ FAKE_AUTH: '1' });
    assert.deepEqual(c.authMethods.map((m) => m.id), ['token']);
    const err = await c.newSession(dir).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AcpError && err.code === 'authRequired', String(err));
    assert.deepEqual(err.authMethods.map((m) => m.id), ['token']);
    await c.authenticate('token');
    const s = await c.newSession(dir);
    assert.equal(s.sessionId, 'fake-session-1');
  });

  it('serves fs/write_text_file and fs/read_text_file through the injected file system', async () => {
    const fs = new RecordingFs();
    const c = await start({}, undefined, fs);
    const s = await c.newSession(dir);
    const { text } = collect(s);
    const file = join(dir, 'sub', 'note.txt');
    assert.equal((await s.prompt(`fs-write ${file} one\ntwo\nthree`)).stopReason, 'end_turn');
    assert.equal(readFileSync(file, 'utf8'), 'one\ntwo\nthree');
    await s.prompt(`fs-read ${file}`);
    assert.deepEqual(fs.calls, [`write ${file}`, `read ${file}`]);
    assert.match(text(), /read:two$/, 'line 2, limit 1');
  });

  it('runs terminals without a shell, caps output by bytes and reports the exit status', async () => {
    const c = await start();
    const s = await c.newSession(dir);
    const { text } = collect(s);
    await s.prompt(`term ${process.execPath} -e process.stdout.write('0123456789abcdef');process.exit(7)`);
    const report = JSON.parse(text());
    assert.deepEqual(report.exit, { exitCode: 7, signal: null });
    assert.equal(report.out.output, '6789abcdef');
    assert.equal(report.out.truncated, true);
  });

  it('maps broker decisions onto the agent\'s options and answers with the optionId', async () => {
    const broker = new ScriptedBroker({ kind: 'allowSession' });
    const c = await start({}, broker);
    const s = await c.newSession(dir);
    const { events, text } = collect(s);
    await s.prompt('perm');
    // allowSession is never the agent's own allow_always (a wider rule than the call shown).
    assert.match(text(), /perm:\{"outcome":"selected","optionId":"yes"\}/);
    assert.equal(broker.requests[0].toolName, 'Bash');
    assert.equal(broker.requests[0].summary, 'Run: rm -rf build');
    assert.equal(broker.requests[0].toolUseId, 'tc1');
    // The UI offers the agent's own options: they travel with the request.
    assert.deepEqual(broker.requests[0].agentOptions, [
      { optionId: 'yes', name: 'Allow', kind: 'allow_once' },
      { optionId: 'always', name: 'Always', kind: 'allow_always' },
      { optionId: 'no', name: 'Reject', kind: 'reject_once' },
    ]);
    assert.deepEqual(events.filter((e) => e.type.startsWith('permission')).map((e) => (e.type === 'permissionAnswered' ? e.outcome : e.type)), ['permissionAsked', 'allowed']);
    broker.decision = { kind: 'deny' };
    await s.prompt('perm');
    assert.match(text(), /perm:\{"outcome":"selected","optionId":"no"\}/);
  });

  it('cancel withdraws a pending permission prompt: the agent gets "cancelled" and the turn ends cancelled', async () => {
    const broker = new ScriptedBroker('never');
    const c = await start({}, broker);
    const s = await c.newSession(dir);
    const { text } = collect(s);
    const p = s.prompt('perm');
    while (broker.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const aborted = new Promise((r) => broker.requests[0].signal.addEventListener('abort', r));
    await s.cancel();
    await aborted;
    assert.equal((await p).stopReason, 'end_turn');
    assert.match(text(), /perm:\{"outcome":"cancelled"\}/);
  });

  it('counts a prompt that fails after cancel as cancelled, and the next prompt works', async () => {
    const c = await start();
    const s = await c.newSession(dir);
    const p = s.prompt('hang');
    await new Promise((r) => setTimeout(r, 100));
    await s.cancel();
    assert.equal((await p).stopReason, 'cancelled');
    assert.equal((await s.prompt('hello')).stopReason, 'end_turn');
  });

  it('lists modes and models, switches them, and reports refusals without changing state', async () => {
    const c = await start();
    const s = await c.newSession(dir);
    assert.deepEqual(s.modes?.available.map((m) => m.id), ['default', 'plan']);
    await s.setMode('plan');
    assert.equal(s.modes?.currentId, 'plan');
    await assert.rejects(s.setMode('nope'), (e: unknown) => e instanceof AcpError && e.code === 'refused' && /Invalid Mode/.test(e.message));
    assert.equal(s.modes?.currentId, 'plan');
    assert.deepEqual(s.models, { currentId: 'small', available: [{ id: 'small', name: 'Small', description: undefined }, { id: 'big', name: 'Big', description: undefined }] });
    await s.setModel('big');
    assert.equal(s.models?.currentId, 'big');
    await assert.rejects(s.setModel('huge'), (e: unknown) => e instanceof AcpError && e.code === 'refused');
    assert.equal(s.models?.currentId, 'big');
  });

  it('reports the agent\'s exit on the open session and rejects the running prompt', async () => {
    const c = await start();
    const s = await c.newSession(dir);
    const { events } = collect(s);
    const err = await s.prompt('die').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AcpError && err.code === 'agentExited', String(err));
    assert.match(err.message, /code 3/);
    assert.ok(events.some((e) => e.type === 'error' && e.error.code === 'agentExited'));
    await assert.rejects(s.prompt('again'), (e: unknown) => e instanceof AcpError && e.code === 'agentExited');
  });

  it('reports a missing agent binary as startFailed', async () => {
    await assert.rejects(
      AcpClient.start({ agent: { name: 'missing', command: join(dir, 'no-such-agent'), args: [] }, broker: new ScriptedBroker({ kind: 'allow' }) }),
      (e: unknown) => e instanceof AcpError && e.code === 'startFailed',
    );
  });
});

describe('pickPermissionOption', () => {
  const options = [
    { optionId: 'a1', name: 'Allow', kind: 'allow_once' as const },
    { optionId: 'a2', name: 'Always', kind: 'allow_always' as const },
    { optionId: 'r1', name: 'Reject', kind: 'reject_once' as const },
  ];
  it('prefers the matching kind and falls back', () => {
    assert.deepEqual(pickPermissionOption({ kind: 'allow' }, options), { outcome: { outcome: 'selected', optionId: 'a1' } });
    // Never the agent's allow_always (its own, wider rule).
    assert.deepEqual(pickPermissionOption({ kind: 'allowSession' }, options), { outcome: { outcome: 'selected', optionId: 'a1' } });
    assert.deepEqual(pickPermissionOption({ kind: 'allow' }, options.slice(1)), { outcome: { outcome: 'cancelled' } });
    assert.deepEqual(pickPermissionOption({ kind: 'denyAndStop' }, options), { outcome: { outcome: 'selected', optionId: 'r1' } });
    assert.deepEqual(pickPermissionOption({ kind: 'allowSession' }, [options[0]]), { outcome: { outcome: 'selected', optionId: 'a1' } });
    assert.deepEqual(pickPermissionOption({ kind: 'deny' }, options.slice(0, 2)), { outcome: { outcome: 'cancelled' } });
  });

  it('an agent option the user picked is answered as itself; an id the agent did not offer is cancelled', () => {
    assert.deepEqual(pickPermissionOption({ kind: 'agentOption', optionId: 'a2', allow: true }, options), { outcome: { outcome: 'selected', optionId: 'a2' } });
    assert.deepEqual(pickPermissionOption({ kind: 'agentOption', optionId: 'r1', allow: false }, options), { outcome: { outcome: 'selected', optionId: 'r1' } });
    assert.deepEqual(pickPermissionOption({ kind: 'agentOption', optionId: 'made-up', allow: true }, options), { outcome: { outcome: 'cancelled' } });
  });
});
