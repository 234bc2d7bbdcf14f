import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { ClaudeError } from '../../src/claude/errors';
import { delay } from '../../src/core/delay';
import { consoleLogger } from '../../src/core/logger';
import { PermissionQueue } from '../../src/core/permissionQueue';
import type { PermissionCancelled, PermissionDecision, PermissionRequest } from '../../src/core/permissions';
import { PermissionServer } from '../../src/claude/permissionServer';
import { ClaudeSession, type PermissionWiring } from '../../src/claude/session';
import { CLAUDE_BIN, claudePids, isAlive, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

const logger = consoleLogger(process.env.TEST_LOG === 'debug' ? 'debug' : 'warn');

/** A broker whose answers the test scripts; records every request and every withdrawal. */
class ScriptedBroker {
  readonly requests: PermissionRequest[] = [];
  readonly cancelled: PermissionCancelled[] = [];
  private waiters: (() => void)[] = [];
  constructor(private answer: (req: PermissionRequest) => PermissionDecision | Promise<PermissionDecision>) {}

  request = (req: PermissionRequest): Promise<PermissionDecision> => {
    this.requests.push(req);
    req.signal.addEventListener('abort', () => this.cancelled.push(req.signal.reason as PermissionCancelled));
    for (const w of this.waiters.splice(0)) w();
    return Promise.resolve(this.answer(req));
  };

  async nextRequest(timeoutMs = 30_000): Promise<PermissionRequest> {
    const n = this.requests.length;
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length === n) {
      if (Date.now() > deadline) throw new Error('no permission request arrived');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return this.requests[n];
  }
}

const never = () => new Promise<PermissionDecision>(() => undefined);

describe('permission prompts through the MCP server (real CLI)', function () {
  let model: ModelServer;
  let sandbox: Sandbox;
  let server: PermissionServer;
  let timeoutSeconds = 0;
  const sessions: ClaudeSession[] = [];
  const pids = new Set<number>();
  let keyCounter = 0;

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-perm');
    server = new PermissionServer({ logger, progressIntervalMs: 1000, timeoutSeconds: () => timeoutSeconds });
    await server.start();
  });

  afterEach(async () => {
    timeoutSeconds = 0;
    for (const s of sessions.splice(0)) await s.dispose();
  });

  after(async () => {
    await server?.dispose();
    await model?.stop();
    for (const pid of pids) assert.equal(isAlive(pid), false, `claude ${pid} is still running`);
    assert.deepEqual(claudePids(sandbox.root), []);
    sandbox?.cleanup();
  });

  function open(broker: { request: ScriptedBroker['request'] }, opts: { env?: Record<string, string>; wiring?: (w: PermissionWiring) => PermissionWiring; onFailed?: () => void } = {}) {
    const key = `k${++keyCounter}`;
    server.registerSession(key, broker, { cwd: sandbox.workspace });
    const session = new ClaudeSession({
      cwd: sandbox.workspace,
      logger,
      cliPath: CLAUDE_BIN,
      env: { ...sandbox.env, ...opts.env },
      permissions: () => (opts.wiring ?? ((w) => w))(server.wiringFor(key)),
      onPermissionServerFailed: opts.onFailed,
    });
    session.onEvent((e) => {
      if (e.type === 'sessionBound' && e.info.pid) pids.add(e.info.pid);
    });
    sessions.push(session);
    return { key, session };
  }

  /** Every tool_result the CLI sent to the model, in order. */
  function toolResultsSent(): { text: string; isError: boolean }[] {
    const out: { text: string; isError: boolean }[] = [];
    const seen = new Set<string>();
    for (const r of model.mainRequests()) {
      for (const m of r.body.messages ?? []) {
        if (m.role !== 'user' || !Array.isArray(m.content)) continue;
        for (const b of m.content) {
          if (b?.type !== 'tool_result' || seen.has(b.tool_use_id)) continue;
          seen.add(b.tool_use_id);
          const text = typeof b.content === 'string' ? b.content : (b.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
          out.push({ text, isError: b.is_error === true });
        }
      }
    }
    return out;
  }

  const file = (name: string) => join(sandbox.workspace, name);

  it('Write allowed: the file is written and the turn completes', async () => {
    const broker = new ScriptedBroker(() => ({ kind: 'allow' }));
    const { session, key } = open(broker);
    const r = await session.send(`SCENARIO:tool-write:${file('allowed.txt')}`);
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.equal(readFileSync(file('allowed.txt'), 'utf8'), 'hello from the scripted model\n');
    assert.equal(broker.requests.length, 1);
    const req = broker.requests[0];
    assert.equal(req.toolName, 'Write');
    assert.equal(req.sessionKey, key);
    assert.equal(req.summary, 'Write allowed.txt (30 bytes)');
    assert.match(req.toolUseId ?? '', /^toolu_scripted_/);
    assert.deepEqual(req.input, { file_path: file('allowed.txt'), content: 'hello from the scripted model\n' });
    assert.match(r.text ?? '', /^Tool finished: File created successfully/);
    // The bearer token never appears on the command line, where any local user could read it.
    const token = /Bearer ([^"]+)/.exec(server.wiringFor(key).mcpConfigJson)![1];
    const cmdline = readFileSync(`/proc/${session.pid}/cmdline`, 'utf8');
    assert.ok(!cmdline.includes(token), 'the token is visible in the process list');
    assert.match(cmdline, /--mcp-config=\/.*mcp-\d+-[0-9a-f]+\.json/);
  });

  it('Write denied: no file, the model gets our message, the turn goes on', async () => {
    const broker = new ScriptedBroker(() => ({ kind: 'deny', message: 'Not in this folder, please (MARKER-DENY).' }));
    const { session } = open(broker);
    const r = await session.send(`SCENARIO:tool-write:${file('denied.txt')}`);
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.equal(existsSync(file('denied.txt')), false);
    assert.equal(r.text, 'Tool failed: Not in this folder, please (MARKER-DENY).');
    assert.deepEqual(toolResultsSent().at(-1), { text: 'Not in this folder, please (MARKER-DENY).', isError: true });
  });

  it('Allow for this session on a Write: this file only; another file or one outside the workspace asks again; a new session asks again', async () => {
    const broker = new ScriptedBroker(() => ({ kind: 'allowSession' }));
    const { session } = open(broker);
    assert.equal((await session.send(`SCENARIO:tool-write:${file('s1.txt')}`)).outcome, 'success');
    const pid = session.pid;
    assert.equal((await session.send(`SCENARIO:tool-write:${file('s1.txt')}`)).outcome, 'success');
    assert.equal(session.pid, pid);
    assert.equal(broker.requests.length, 1, 'the same file again must not prompt');
    assert.equal((await session.send(`SCENARIO:tool-edit:${file('s1.txt')}`)).outcome, 'success');
    assert.equal(broker.requests.length, 1, 'an Edit of the same file must not prompt either');
    assert.equal((await session.send(`SCENARIO:tool-write:${file('s2.txt')}`)).outcome, 'success');
    assert.equal(broker.requests.length, 2, 'a different file must prompt');
    const outside = join(sandbox.root, 'outside-session.txt');
    assert.equal((await session.send(`SCENARIO:tool-write:${outside}`)).outcome, 'success');
    assert.equal((await session.send(`SCENARIO:tool-write:${outside}`)).outcome, 'success');
    assert.equal(broker.requests.length, 4, 'outside the workspace every write prompts, even after Allow for Session');
    assert.ok(existsSync(file('s1.txt')) && existsSync(file('s2.txt')) && existsSync(outside));

    const broker2 = new ScriptedBroker(() => ({ kind: 'allow' }));
    const { session: other } = open(broker2);
    // A new file: the CLI refuses to overwrite a file this process has not read, before asking.
    assert.equal((await other.send(`SCENARIO:tool-write:${file('s3.txt')}`)).outcome, 'success');
    assert.equal(broker2.requests.length, 1, 'a new session must prompt again');
  });

  describe('Allow for Session allows exactly what the prompt showed', () => {
    const tools = (steps: unknown) => `SCENARIO:tools:${JSON.stringify(steps)}`;
    /** One tool call per prompt; every answer is Allow for Session. */
    async function run(calls: { name: string; input: Record<string, unknown> }[]): Promise<ScriptedBroker> {
      const broker = new ScriptedBroker(() => ({ kind: 'allowSession' }));
      const { session } = open(broker);
      for (const c of calls) assert.equal((await session.send(tools([[c]]))).outcome, 'success');
      return broker;
    }
    const asked = (b: ScriptedBroker) => b.requests.map((r) => (r.toolName === 'Bash' ? r.input.command : r.toolName === 'WebFetch' ? r.input.url : r.input.file_path ?? r.input.path));

    it('Read outside the workspace: allowing one file does not allow another (a later Read of ~/.ssh/id_rsa ran unasked)', async () => {
      const a = join(sandbox.root, 'outside-a.txt');
      const key = join(sandbox.home, '.ssh', 'id_rsa');
      mkdirSync(join(sandbox.home, '.ssh'), { recursive: true });
      writeFileSync(a, 'a\n');
      writeFileSync(key, 'PRIVATE KEY\n');
      const b = await run([{ name: 'Read', input: { file_path: a } }, { name: 'Read', input: { file_path: key } }]);
      assert.deepEqual(asked(b), [a, key]);
    });

    it('Bash with * : `touch build/*` does not allow `touch build/x src/y`; `node scripts/*.js` does not allow `node scripts/../../evil.js`', async () => {
      const b = await run([
        { name: 'Bash', input: { command: 'touch build/*' } },
        { name: 'Bash', input: { command: 'touch build/x src/y' } },
        { name: 'Bash', input: { command: 'node scripts/*.js' } },
        { name: 'Bash', input: { command: 'node scripts/../../evil.js' } },
      ]);
      assert.deepEqual(asked(b), ['touch build/*', 'touch build/x src/y', 'node scripts/*.js', 'node scripts/../../evil.js']);
    });

    it('Bash with a trailing :* is no prefix rule: `touch notes:*` does not allow `touch notes evil.txt`', async () => {
      const b = await run([
        { name: 'Bash', input: { command: 'touch notes:*' } },
        { name: 'Bash', input: { command: 'touch notes evil.txt' } },
      ]);
      assert.deepEqual(asked(b), ['touch notes:*', 'touch notes evil.txt']);
    });

    it('Bash: the same command again is allowed without asking; a longer one asks', async () => {
      const b = await run([
        { name: 'Bash', input: { command: 'touch same.txt' } },
        { name: 'Bash', input: { command: 'touch same.txt' } },
        { name: 'Bash', input: { command: 'touch same.txt other.txt' } },
      ]);
      assert.deepEqual(asked(b), ['touch same.txt', 'touch same.txt other.txt']);
    });

    it('WebFetch: allowing one domain does not allow another', async () => {
      const b = await run([
        { name: 'WebFetch', input: { url: 'https://docs.example.com/a', prompt: 'summarise' } },
        { name: 'WebFetch', input: { url: 'https://docs.example.com/b', prompt: 'summarise' } },
        { name: 'WebFetch', input: { url: 'https://attacker.example/?d=1', prompt: 'summarise' } },
      ]);
      assert.deepEqual(asked(b), ['https://docs.example.com/a', 'https://attacker.example/?d=1']);
    });
  });

  it('Bash allowed: the command runs', async () => {
    const broker = new ScriptedBroker(() => ({ kind: 'allow' }));
    const { session } = open(broker);
    const r = await session.send(`SCENARIO:tool-bash:touch ${file('bash-made.txt')}`);
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.ok(existsSync(file('bash-made.txt')));
    assert.equal(broker.requests[0].toolName, 'Bash');
    assert.equal(broker.requests[0].summary, `Run: touch ${file('bash-made.txt')}`);
  });

  it('Edit allowed: the file changes (the Read inside the workspace does not prompt)', async () => {
    writeFileSync(file('edit-me.txt'), 'hello world\n');
    const broker = new ScriptedBroker(() => ({ kind: 'allow' }));
    const { session } = open(broker);
    const r = await session.send(`SCENARIO:tool-edit:${file('edit-me.txt')}`);
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.equal(readFileSync(file('edit-me.txt'), 'utf8'), 'goodbye world\n');
    assert.deepEqual(broker.requests.map((q) => q.toolName), ['Edit']);
    assert.equal(broker.requests[0].summary, 'Edit edit-me.txt (+1 −1)');
  });

  it('Deny and stop: the tool does not run and the turn ends, the process stays', async () => {
    const broker = new ScriptedBroker(() => ({ kind: 'denyAndStop' }));
    const { session } = open(broker);
    const r = await session.send(`SCENARIO:tool-write:${file('stopped.txt')}`);
    assert.equal(existsSync(file('stopped.txt')), false);
    assert.equal(r.terminalReason, 'aborted_tools');
    assert.equal(r.outcome, 'interrupted');
    assert.equal(r.error, undefined);
    const pid = session.pid;
    assert.ok(pid);
    assert.equal((await session.send('SCENARIO:text:still here')).text, 'still here');
    assert.equal(session.pid, pid);
    // The model only sees the rejection with the next turn's history.
    assert.match(toolResultsSent().at(-1)?.text ?? '', /doesn't want to proceed/);
  });

  it('Stop while a prompt is pending: the prompt is withdrawn, the process survives, the next turn works', async () => {
    const broker = new ScriptedBroker(never);
    const { session, key } = open(broker);
    const turn = session.send(`SCENARIO:tool-write:${file('never.txt')}`);
    await broker.nextRequest();
    assert.equal(server.pendingCount(key), 1);
    const pid = session.pid;
    const t0 = Date.now();
    await session.interrupt();
    const r = await turn;
    assert.equal(r.outcome, 'interrupted');
    assert.ok(Date.now() - t0 < 2000, `interrupt took ${Date.now() - t0} ms`);
    await waitFor(() => broker.cancelled.length === 1);
    assert.equal(broker.cancelled[0].reason, 'interrupted');
    assert.equal(broker.requests[0].signal.aborted, true);
    assert.equal(server.pendingCount(key), 0);
    assert.equal(session.pid, pid);
    assert.equal(existsSync(file('never.txt')), false);
    const next = await session.send('SCENARIO:text:after the stop');
    assert.equal(next.outcome, 'success');
    assert.equal(next.text, 'after the stop');
    assert.equal(session.pid, pid);
  });

  it('settleAll while a prompt is pending: deny with our reason, the turn continues', async () => {
    const broker = new ScriptedBroker(never);
    const { session, key } = open(broker);
    const turn = session.send(`SCENARIO:tool-write:${file('settled.txt')}`);
    await broker.nextRequest();
    server.settleAll(key, 'Settled by the test (MARKER-SETTLE).');
    const r = await turn;
    assert.equal(r.outcome, 'success');
    assert.equal(r.text, 'Tool failed: Settled by the test (MARKER-SETTLE).');
    assert.equal(broker.cancelled[0].reason, 'sessionEnded');
  });

  it('the CLI dying while a prompt is pending withdraws the prompt', async () => {
    const broker = new ScriptedBroker(never);
    const { session, key } = open(broker);
    void session.send(`SCENARIO:tool-write:${file('dead.txt')}`);
    await broker.nextRequest();
    await session.dispose();
    await waitFor(() => broker.cancelled.length === 1);
    assert.equal(broker.cancelled[0].reason, 'disconnected');
    assert.equal(server.pendingCount(key), 0);
  });

  it('two Writes in one message are asked one at a time through PermissionQueue', async () => {
    const shown: string[] = [];
    const queue = new PermissionQueue(async (req) => {
      shown.push(req.summary);
      assert.equal(queue.pending().filter((p) => p.state === 'showing').length, 1);
      await delay(300);
      return { kind: 'allow' };
    }, logger);
    const changes: string[] = [];
    queue.onChange((c) => changes.push(c.type));
    const { session } = open(queue);
    const r = await session.send(`SCENARIO:tool-two:${file('two')}`);
    assert.equal(r.outcome, 'success', r.error?.message);
    assert.deepEqual(shown, ['Write two.1 (4 bytes)', 'Write two.2 (4 bytes)']);
    assert.equal(readFileSync(file('two.2'), 'utf8'), 'two\n');
    assert.deepEqual(queue.pending(), []);
    assert.equal(changes.filter((c) => c === 'answered').length, 2);
  });

  it('our own deadline: an unanswered prompt is denied with a timeout message', async () => {
    timeoutSeconds = 2;
    const broker = new ScriptedBroker(never);
    const { session } = open(broker);
    const t0 = Date.now();
    const r = await session.send(`SCENARIO:tool-write:${file('late.txt')}`);
    assert.ok(Date.now() - t0 >= 2000);
    assert.equal(r.outcome, 'success');
    assert.match(r.text ?? '', /^Tool failed: The permission request timed out after 2 s/);
    assert.equal(broker.cancelled[0].reason, 'timeout');
    assert.equal(existsSync(file('late.txt')), false);
  });

  it('a slow answer (35 s) survives a 3 s MCP idle timeout thanks to progress notifications', async function () {
    this.timeout(90_000);
    const slowly = () => delay(35_000).then(() => ({ kind: 'allow' as const }));
    const env = { CLAUDE_CODE_MCP_TOOL_IDLE_TIMEOUT: '3000' };
    const broker = new ScriptedBroker(slowly);
    const { session } = open(broker, { env });
    // Control, run alongside: the same wait without progress notifications is aborted by the CLI.
    const silent = new PermissionServer({ logger, serverName: 'silent', progressIntervalMs: 600_000 });
    await silent.start();
    const control = new ScriptedBroker(never);
    silent.registerSession('control', control, { cwd: sandbox.workspace });
    const controlSession = new ClaudeSession({
      cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: { ...sandbox.env, ...env }, permissions: () => silent.wiringFor('control'),
    });
    sessions.push(controlSession);
    controlSession.onEvent((e) => void (e.type === 'sessionBound' && e.info.pid && pids.add(e.info.pid)));
    try {
      const t0 = Date.now();
      const [r, c] = await Promise.all([
        session.send(`SCENARIO:tool-write:${file('slow.txt')}`),
        controlSession.send(`SCENARIO:tool-write:${file('slow-control.txt')}`),
      ]);
      const took = Date.now() - t0;
      assert.equal(r.outcome, 'success', r.error?.message);
      assert.ok(took >= 35_000, `took ${took} ms`);
      assert.match(r.text ?? '', /^Tool finished/);
      assert.ok(existsSync(file('slow.txt')));
      assert.deepEqual(broker.cancelled, []);

      assert.match(c.text ?? '', /sent no response or progress for \d+s; aborting/);
      assert.equal(existsSync(file('slow-control.txt')), false);
      // The CLI gives up silently: no notifications/cancelled, the stream stays open, so the prompt
      // is still pending after the turn ended. The adapter settles it on turnResult.
      assert.equal(silent.pendingCount('control'), 1);
      silent.settleAll('control', 'The turn ended.');
      await waitFor(() => control.cancelled.length > 0);
      assert.deepEqual(control.cancelled.map((x) => x.reason), ['sessionEnded']);
    } finally {
      await silent.dispose();
    }
  });

  describe('broken configuration', () => {
    for (const [name, broken] of [
      ['wrong token', (w: PermissionWiring) => ({ ...w, mcpConfigJson: w.mcpConfigJson.replace(/Bearer [^"]+/, 'Bearer wrong') })],
      ['dead port', (w: PermissionWiring) => ({ ...w, mcpConfigJson: w.mcpConfigJson.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1') })],
    ] as const) {
      it(`${name}: a clear permissionServer error, and onPermissionServerFailed`, async () => {
        let failed = 0;
        const broker = new ScriptedBroker(() => ({ kind: 'allow' }));
        const { session } = open(broker, { wiring: broken, onFailed: () => failed++ });
        const r = await session.send(`SCENARIO:tool-write:${file('broken.txt')}`);
        assert.equal(r.outcome, 'error');
        assert.ok(r.error instanceof ClaudeError);
        assert.equal(r.error.code, 'permissionServer');
        assert.match(r.error.message, /permission server/);
        assert.equal(failed, 1);
        assert.equal(broker.requests.length, 0);
        assert.equal(existsSync(file('broken.txt')), false);
      });
    }
  });

  describe('HTTP security', () => {
    const INIT = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } },
    });

    function post(path: string, headers: Record<string, string>, body = INIT): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: server.port,
            path,
            method: 'POST',
            headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            res.destroy();
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    }

    const tokenOf = (key: string) => /Bearer ([^"]+)/.exec(server.wiringFor(key).mcpConfigJson)![1];

    it('accepts the right token and refuses the rest before the MCP layer', async () => {
      const nobody = new ScriptedBroker(() => ({ kind: 'allow' }));
      const a = server.registerSession('sec-a', nobody, { cwd: sandbox.workspace });
      const b = server.registerSession('sec-b', nobody, { cwd: sandbox.workspace });
      try {
        const ta = tokenOf('sec-a');
        assert.equal(Buffer.from(ta, 'base64url').length, 32);
        assert.notEqual(ta, tokenOf('sec-b'));
        assert.equal(await post('/mcp/sec-a', { authorization: `Bearer ${ta}` }), 200);
        assert.equal(await post('/mcp/sec-a', {}), 401);
        assert.equal(await post('/mcp/sec-a', { authorization: 'Bearer nope' }), 401);
        assert.equal(await post('/mcp/sec-a', { authorization: ta }), 401);
        assert.equal(await post('/mcp/sec-b', { authorization: `Bearer ${ta}` }), 401);
        assert.equal(await post('/mcp/unknown', { authorization: `Bearer ${ta}` }), 401);
        assert.equal(await post('/.well-known/oauth-authorization-server', {}), 401);
        assert.equal(await post('/mcp/sec-a', { authorization: `Bearer ${ta}`, host: `evil.example:${server.port}` }), 403);
        assert.equal(await post('/mcp/sec-a', { authorization: `Bearer ${ta}`, host: `127.0.0.1:${server.port + 1}` }), 403);
        assert.equal(await post('/mcp/sec-a', { authorization: `Bearer ${ta}`, origin: 'http://evil.example' }), 403);
        assert.equal(await post('/mcp/sec-a', { authorization: `Bearer ${ta}`, host: `localhost:${server.port}` }), 200);
        b.dispose();
        assert.throws(() => server.wiringFor('sec-b'));
      } finally {
        a.dispose();
        b.dispose();
      }
      const revoked = await post('/mcp/sec-a', { authorization: 'Bearer x' });
      assert.equal(revoked, 401);
    });

    it('listens on 127.0.0.1 only', async () => {
      assert.equal(server.address?.address, '127.0.0.1');
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      if (!external) return;
      const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const req = httpRequest({ host: external.address, port: server.port, path: '/', timeout: 2000 }, (res) => {
          res.resume();
          resolve(undefined);
        });
        req.on('error', (e) => resolve(e));
        req.end();
      });
      assert.equal(err?.code, 'ECONNREFUSED');
    });
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(20);
  }
}
