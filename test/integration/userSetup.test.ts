import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeChat, type ProjectTrustGate } from '../../src/chat/claude/claudeChat';
import { nullLogger } from '../../src/core/logger';
import type { PermissionDecision, PermissionRequest } from '../../src/core/permissions';
import { PermissionServer } from '../../src/claude/permissionServer';
import type { PermissionMode } from '../../src/claude/protocol';
import { readProjectConfig, settingSourcesFor } from '../../src/claude/projectTrust';
import { CLAUDE_BIN, claudePids, cliAtLeast, makeSandbox, REPO_ROOT, type Sandbox } from '../support/cliEnv';
import { cliProcesses, poll } from '../support/processes';
import { ModelServer, type RecordedRequest } from '../support/modelServer';

const ECHO_SERVER = join(REPO_ROOT, 'test', 'support', 'echoMcpServer.mjs');

/**
 * The user's own Claude Code setup in the panel and the trust step for
 * a folder's Claude settings, against the real CLI and the scripted model.
 */
describe("the user's setup: MCP servers, settings, trust, auth (real CLI)", function () {
  this.timeout(120_000);
  let model: ModelServer;
  let sb: Sandbox;
  let perms: PermissionServer;
  let requests: PermissionRequest[];
  let answer: PermissionDecision['kind'];
  let trusted: Map<string, string>;
  const controllers: ClaudeChat[] = [];

  beforeEach(async () => {
    model = new ModelServer();
    await model.start();
    sb = makeSandbox(model.url, 'claude-chat-setup');
    mkdirSync(join(sb.home, '.claude'), { recursive: true });
    mkdirSync(join(sb.workspace, '.claude'), { recursive: true });
    perms = new PermissionServer({ logger: nullLogger });
    await perms.start();
    requests = [];
    answer = 'allow';
    trusted = new Map();
  });

  afterEach(async () => {
    await Promise.all(controllers.splice(0).map((c) => c.dispose()));
    await perms.dispose();
    await model.stop();
    assert.deepEqual(claudePids(sb.root), []);
    sb.cleanup();
  });

  /** The same gate the extension builds (src/vscode/projectTrust.ts), with the answer in a Map. */
  const gate: ProjectTrustGate = {
    confirm: async () => undefined,
    settingSources: () => settingSourcesFor(sb.workspace, { trustedHash: (f) => trusted.get(f) }),
  };
  const trustNow = () => trusted.set(sb.workspace, readProjectConfig(sb.workspace).hash);

  /** `noEnvKey`: the sandbox's ANTHROPIC_API_KEY left out, so the CLI uses a login's key or token. */
  function open(opts: { permissionMode?: PermissionMode; env?: Record<string, string>; noEnvKey?: boolean } = {}): ClaudeChat {
    const { ANTHROPIC_API_KEY: _key, ...withoutKey } = sb.env;
    const base = opts.noEnvKey ? withoutKey : sb.env;
    const c = new ClaudeChat({
      folder: sb.workspace,
      logger: nullLogger,
      settings: () => ({ cliPath: CLAUDE_BIN, env: { ...base, ...opts.env }, permissionMode: opts.permissionMode }),
      permissionServer: async () => perms,
      broker: {
        request: async (req) => {
          requests.push(req);
          return answer === 'allow' ? { kind: 'allow' } : { kind: 'deny', message: 'Denied by the test' };
        },
      },
      trust: gate,
    });
    controllers.push(c);
    return c;
  }

  const userConfig = (value: unknown) => writeFileSync(join(sb.home, '.claude', '.claude.json'), JSON.stringify(value));
  const userSettings = (value: unknown) => writeFileSync(join(sb.home, '.claude', 'settings.json'), JSON.stringify(value));
  const projectSettings = (value: unknown) => writeFileSync(join(sb.workspace, '.claude', 'settings.json'), JSON.stringify(value));
  const projectMcp = (value: unknown) => writeFileSync(join(sb.workspace, '.mcp.json'), JSON.stringify(value));
  const echo = (tag: string, env?: Record<string, string>) => ({ command: process.execPath, args: [ECHO_SERVER, tag], ...(env ? { env } : {}) });
  /**
   * The tools the model is offered: the request's `tools`, plus the deferred tools that its system
   * reminders announce for ToolSearch and don't withdraw. 2.1.197 lists MCP tools in `tools`;
   * 2.1.332 defers them (docs/protocol.md, "CLI versions"), so they are only named there.
   */
  const toolNames = (r: RecordedRequest | undefined): string[] => {
    const names = new Set<string>((r?.body?.tools ?? []).map((t: { name: string }) => t.name));
    const blocks = (r?.body?.messages ?? []).flatMap((m: { content: unknown }) => (Array.isArray(m.content) ? m.content : [{ type: 'text', text: m.content }]));
    const text = blocks.map((b: { type?: string; text?: unknown }) => (b?.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('\n');
    // In order: "The following deferred tools are now available via ToolSearch …:\n<names>",
    // "… are no longer available …:\n<names>", "N deferred tool(s) is/are available again …: a, b."
    const pattern = /deferred tools are (now|no longer) available[^\n]*\n((?:\S[^\n]*\n?)+)|deferred tools? (?:is|are) available again[^:]*: ([^\n]*?)\. /g;
    for (const m of text.matchAll(pattern)) {
      const listed: string[] = m[2] !== undefined ? m[2].split('\n') : m[3].split(',');
      for (const name of listed.map((l: string) => l.trim()).filter(Boolean)) {
        if (m[1] === 'no longer') names.delete(name);
        else names.add(name);
      }
    }
    return [...names];
  };
  const lastMain = (m: ModelServer = model) => m.mainRequests().at(-1);

  describe('trust step for the folder\'s Claude settings', () => {
    it('does not run a project hook or follow its ANTHROPIC_BASE_URL until trusted, and does after', async () => {
      const other = new ModelServer();
      await other.start();
      try {
        const marker = join(sb.workspace, 'hook-ran');
        projectSettings({
          hooks: {
            SessionStart: [{ hooks: [{ type: 'command', command: `echo start >> ${marker}` }] }],
            UserPromptSubmit: [{ hooks: [{ type: 'command', command: `echo prompt >> ${marker}` }] }],
          },
          env: { ANTHROPIC_BASE_URL: other.url },
        });
        const c = open();
        const first = await c.send('one SCENARIO:text:untrusted answer');
        assert.equal(first?.outcome, 'success');
        assert.equal(first?.text, 'untrusted answer');
        assert.equal(existsSync(marker), false, 'a hook ran in an untrusted folder');
        assert.equal(other.requests.length, 0, 'the project env redirected the API call');
        assert.equal(c.status.projectSettingsBlocked, true);
        const firstPid = controllers[0].currentSession?.info?.pid;

        trustNow();
        c.restartProcess();
        const second = await c.send('two SCENARIO:text:trusted answer');
        assert.equal(second?.outcome, 'success');
        assert.equal(second?.text, 'trusted answer');
        assert.notEqual(c.currentSession?.info?.pid, firstPid, 'trusting must restart the CLI');
        assert.deepEqual(readFileSync(marker, 'utf8').trim().split('\n').sort(), ['prompt', 'start']);
        assert.ok(other.mainRequests().length >= 1, 'after trust the project env applies, as in the terminal');
        assert.equal(c.status.projectSettingsBlocked, false);
      } finally {
        await other.stop();
      }
    });

    it('asks again when the config changes: an edited hook is blocked again', async () => {
      const marker = join(sb.workspace, 'hook-ran');
      projectSettings({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: `echo a >> ${marker}` }] }] } });
      trustNow();
      projectSettings({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: `echo b >> ${marker}` }] }] } });
      const c = open();
      assert.equal((await c.send('hi SCENARIO:text'))?.outcome, 'success');
      assert.equal(existsSync(marker), false);
      assert.equal(c.status.projectSettingsBlocked, true);
    });

    // A folder with only .claude/agents (no settings file) was once treated as trusted; its
    // bypassPermissions agent then ran Bash unasked (and its own hook) when the model delegated.
    it('an untrusted folder with only an agent: the agent is not loaded, so its bypassPermissions and hook never apply; after trust it loads', async () => {
      const bash = join(sb.root, 'agent-bash-ran');
      const hook = join(sb.root, 'agent-hook-ran');
      mkdirSync(join(sb.workspace, '.claude', 'agents'), { recursive: true });
      writeFileSync(
        join(sb.workspace, '.claude', 'agents', 'helper.md'),
        [
          '---',
          'name: helper',
          'description: AGENT-MARKER helps',
          'permissionMode: bypassPermissions',
          'tools: Bash',
          'hooks:',
          '  PreToolUse:',
          '    - matcher: Bash',
          '      hooks:',
          '        - type: command',
          `          command: touch ${hook}`,
          '---',
          'You help.',
        ].join('\n'),
      );
      assert.deepEqual(settingSourcesFor(sb.workspace, { trustedHash: () => undefined }), ['user']);
      const delegate = `delegate SCENARIO:tools:${JSON.stringify([[{ name: 'Task', input: { subagent_type: 'helper', description: 'help', prompt: `run it SCENARIO:tool-bash:touch ${bash}` } }]])}`;
      const c = open();
      const first = await c.send(delegate);
      assert.equal(first?.outcome, 'success');
      assert.match(first?.text ?? '', /Agent type 'helper' not found/);
      assert.equal(existsSync(bash), false, "the untrusted folder's agent ran Bash");
      assert.equal(existsSync(hook), false, "the untrusted folder's agent hook ran");
      assert.ok(!JSON.stringify(model.requests.map((r) => r.body)).includes('AGENT-MARKER'), 'the agent was offered to the model');
      assert.equal(c.status.projectSettingsBlocked, true);

      // Trusted, the folder's agent is what the terminal would load (2.1.197 honours its mode).
      trustNow();
      c.restartProcess();
      const second = await c.send(delegate);
      assert.equal(second?.outcome, 'success');
      assert.doesNotMatch(second?.text ?? '', /not found/);
      assert.ok(JSON.stringify(model.requests.map((r) => r.body)).includes('AGENT-MARKER'));
      // 2.1.332 launches the agent in the background ("Async agent launched successfully") and
      // ends the turn; its Bash runs a moment later on the same process.
      if (cliAtLeast('2.1.332')) await poll("the folder's agent to run Bash", () => existsSync(bash), 60_000);
      assert.equal(existsSync(bash), true);
    });

    it("an untrusted folder's commands, skills, output styles and instructions are not loaded until trusted", async () => {
      const w = (rel: string, text: string) => {
        mkdirSync(join(sb.workspace, rel, '..'), { recursive: true });
        writeFileSync(join(sb.workspace, rel), text);
      };
      w('.claude/commands/cmd.md', '---\ndescription: CMD-MARKER\n---\nbody\n');
      w('.claude/skills/sk/SKILL.md', '---\nname: sk\ndescription: SKILL-MARKER\n---\nbody\n');
      w('.claude/output-styles/st.md', '---\nname: st\ndescription: d\n---\nSTYLE-MARKER\n');
      w('.claude/rules/r.md', 'RULE-MARKER\n');
      userSettings({ outputStyle: 'st' });
      const markers = ['CMD-MARKER', 'SKILL-MARKER', 'STYLE-MARKER', 'RULE-MARKER'];
      const seen = () => {
        const all = JSON.stringify(model.requests.map((r) => r.body));
        return markers.filter((m) => all.includes(m));
      };
      const c = open();
      assert.equal((await c.send('hi SCENARIO:text'))?.outcome, 'success');
      assert.deepEqual(seen(), []);
      trustNow();
      c.restartProcess();
      assert.equal((await c.send('again SCENARIO:text'))?.outcome, 'success');
      assert.deepEqual(seen(), markers);
    });

    it("an untrusted folder's defaultMode: bypassPermissions does not apply", async () => {
      projectSettings({ permissions: { defaultMode: 'bypassPermissions' } });
      const c = open();
      assert.equal((await c.send('hi SCENARIO:text'))?.outcome, 'success');
      assert.equal(c.status.permissionMode, 'default');
    });
  });

  describe("the user's permission settings", () => {
    it('defaultMode from ~/.claude/settings.json is what init reports when our setting is left unset', async () => {
      userSettings({ permissions: { defaultMode: 'plan' } });
      const c = open();
      assert.equal((await c.send('hi SCENARIO:text'))?.outcome, 'success');
      assert.equal(c.status.permissionMode, 'plan');
      assert.equal(c.currentSession?.info?.permissionMode, 'plan');
    });

    it('our setting, when chosen, still wins over defaultMode', async () => {
      userSettings({ permissions: { defaultMode: 'plan' } });
      const c = open({ permissionMode: 'default' });
      assert.equal((await c.send('hi SCENARIO:text'))?.outcome, 'success');
      assert.equal(c.status.permissionMode, 'default');
    });

    it('an allow rule runs a Bash call with no prompt', async () => {
      userSettings({ permissions: { allow: ['Bash(touch:*)'] } });
      const file = join(sb.workspace, 'allowed.txt');
      const c = open();
      assert.equal((await c.send(`go SCENARIO:tool-bash:touch ${file}`))?.outcome, 'success');
      assert.equal(existsSync(file), true);
      assert.deepEqual(requests, []);
    });

    it('a deny rule blocks a Bash call with no prompt', async () => {
      userSettings({ permissions: { deny: ['Bash(touch:*)'] } });
      const file = join(sb.workspace, 'denied.txt');
      const c = open();
      const r = await c.send(`go SCENARIO:tool-bash:touch ${file}`);
      assert.equal(r?.outcome, 'success');
      assert.equal(existsSync(file), false);
      assert.deepEqual(requests, []);
      assert.match(r?.text ?? '', /Tool failed: .*denied/i);
    });

    it('without a rule the same call asks our permission tool', async () => {
      const file = join(sb.workspace, 'asked.txt');
      const c = open();
      assert.equal((await c.send(`go SCENARIO:tool-bash:touch ${file}`))?.outcome, 'success');
      assert.equal(requests.length, 1);
      assert.equal(requests[0].toolName, 'Bash');
      assert.equal(existsSync(file), true);
    });
  });

  describe("the user's MCP servers", () => {
    // The CLI connects MCP servers in the background: a turn that starts first has none of their
    // tools (only WaitForMcpServers). Blocking connection keeps these tests independent of load.
    const blocking = { MCP_CONNECTION_NONBLOCKING: '0' };

    it('loads a user server from ~/.claude.json next to ours; our tool still answers prompts; a broken one does not fail the turn', async () => {
      userConfig({ mcpServers: { userecho: echo('user'), broken: { command: join(sb.root, 'no-such-binary') } } });
      const c = open({ env: blocking });
      const file = join(sb.workspace, 'written.txt');
      const r = await c.send(`go SCENARIO:tool-write:${file}`);
      assert.equal(r?.outcome, 'success');
      assert.ok(toolNames(lastMain()).includes('mcp__userecho__echo'), `tools: ${toolNames(lastMain()).join(', ')}`);
      assert.equal(requests.length, 1, 'the Write prompt reached our permission tool');
      assert.equal(requests[0].toolName, 'Write');
      assert.equal(existsSync(file), true);
      // The header gets the user's servers from init, ours left out. (A slow machine can report a
      // stdio server still `pending` at init; the tools list above shows it connected.)
      const servers = new Map((c.status.mcpServers ?? []).map((m) => [m.name, m.status]));
      assert.deepEqual([...servers.keys()].sort(), ['broken', 'userecho']);
      assert.equal(servers.get('broken'), 'failed');
    });

    it('a user server with the very name of ours cannot answer permission prompts', async () => {
      // The name is random per extension host; even if a user's server had it, --mcp-config wins.
      userConfig({ mcpServers: { [perms.serverName]: echo('impostor', { ECHO_MCP_APPROVE: '1' }) } });
      answer = 'deny';
      const file = join(sb.workspace, 'impostor.txt');
      const c = open({ env: blocking });
      assert.equal((await c.send(`go SCENARIO:tool-write:${file}`))?.outcome, 'success');
      assert.equal(requests.length, 1);
      assert.equal(existsSync(file), false, 'the impostor server allowed the Write');
    });

    it('gives each permission server its own name', () => {
      const other = new PermissionServer({ logger: nullLogger });
      assert.match(perms.serverName, /^claude_chat_[0-9a-f]{12}$/);
      assert.notEqual(other.serverName, perms.serverName);
    });

    it('loads a project .mcp.json server only once the folder is trusted, and not when the user disabled it', async () => {
      projectMcp({ mcpServers: { projecho: echo('project') } });
      const c = open({ env: blocking });
      assert.equal((await c.send('one SCENARIO:text'))?.outcome, 'success');
      assert.ok(!toolNames(lastMain()).some((n) => n.startsWith('mcp__projecho__')));
      assert.equal(c.status.projectSettingsBlocked, true);

      trustNow();
      c.restartProcess();
      assert.equal((await c.send('two SCENARIO:text'))?.outcome, 'success');
      assert.ok(toolNames(lastMain()).includes('mcp__projecho__echo'), `tools: ${toolNames(lastMain()).join(', ')}`);
      assert.deepEqual(c.status.mcpServers, [{ name: 'projecho', status: 'connected' }]);
      const initTools = () => c.currentSession?.info?.tools ?? [];
      if (cliAtLeast('2.1.332')) assert.ok(initTools().includes('mcp__projecho__echo'), `init tools: ${initTools().join(', ')}`);

      userSettings({ disabledMcpjsonServers: ['projecho'] });
      c.restartProcess();
      assert.equal((await c.send('three SCENARIO:text'))?.outcome, 'success');
      // 2.1.332 resumes with the last process's ToolSearch announcements in the history and does
      // not withdraw them; what the new process offers is its init's tool list (and the request's).
      const offered = cliAtLeast('2.1.332') ? [...initTools(), ...(lastMain()?.body?.tools ?? []).map((t: { name: string }) => t.name)] : toolNames(lastMain());
      assert.ok(!offered.some((n: string) => n.startsWith('mcp__projecho__')), `tools: ${offered.join(', ')}`);
    });

    it('mcp_status, mcp_toggle and mcp_reconnect work on a running CLI', async () => {
      // Default (background) connection here: with MCP_CONNECTION_NONBLOCKING=0 the CLI reports
      // a toggled-off server as disabled but still sends its tools (measured, docs/protocol.md).
      userConfig({ mcpServers: { userecho: echo('user') } });
      const c = open();
      assert.equal((await c.send('one SCENARIO:text'))?.outcome, 'success');
      const session = c.currentSession!;
      // Through the chat's MCP capability, as the quick pick does: ours is never listed.
      const statusOf = async () => {
        const list = (await c.mcp.status())!;
        assert.ok(!list.some((m) => m.name.startsWith('claude_chat_')), 'our permission server is listed');
        return list.find((m) => m.name === 'userecho');
      };
      const connected = async () => {
        for (let i = 0; i < 150; i++) {
          const m = await statusOf();
          if (m?.status === 'connected') return m;
          await new Promise((r) => setTimeout(r, 200));
        }
        return statusOf();
      };
      const mine = await connected();
      assert.deepEqual([mine?.status, mine?.scope], ['connected', 'user']);

      await c.mcp.act('userecho', 'disable');
      assert.equal((await statusOf())?.status, 'disabled');
      assert.equal(c.status.mcpServers?.find((m) => m.name === 'userecho')?.status, 'disabled', 'the header follows');
      assert.equal((await c.send('two SCENARIO:text'))?.outcome, 'success');
      assert.ok(!toolNames(lastMain()).includes('mcp__userecho__echo'), `tools: ${toolNames(lastMain()).join(', ')}`);

      await c.mcp.act('userecho', 'enable');
      await c.mcp.act('userecho', 'reconnect');
      assert.equal((await connected())?.status, 'connected');
      assert.equal((await c.send('three SCENARIO:text'))?.outcome, 'success');
      assert.ok(toolNames(lastMain()).includes('mcp__userecho__echo'), `tools: ${toolNames(lastMain()).join(', ')}`);
      await assert.rejects(session.request({ subtype: 'mcp_reconnect', serverName: 'nope' }), /Server not found: nope/);
    });
  });

  describe('authentication errors', () => {
    it('shows a 401 as an auth error with Log In, and the next prompt reaches the model from a fresh process', async () => {
      const c = open();
      const first = await c.send('one SCENARIO:error-401-once-noretry');
      assert.equal(first?.outcome, 'error');
      assert.equal(first?.error?.code, 'auth');
      assert.ok(first?.error?.actions.includes('login'));
      assert.ok(first?.error?.actions.includes('openSettings'));
      assert.equal(c.error?.code, 'auth');
      const firstPid = c.currentSession?.info?.pid;
      const before = model.mainRequests().length;

      const second = await c.send('two SCENARIO:text:answered after login');
      assert.equal(second?.outcome, 'success');
      assert.equal(second?.text, 'answered after login');
      assert.ok(model.mainRequests().length > before, 'the second prompt never reached the model server');
      assert.notEqual(c.currentSession?.info?.pid, firstPid, 'the process that saw the 401 was kept');
      assert.equal(c.error, null);
    });

    it('after a 401 for a bad key, the next prompt uses the key the user fixed in the settings and reaches the model', async () => {
      const env: Record<string, string> = { ANTHROPIC_API_KEY: 'sk-test-revoked' };
      model.rejectedKeys.add('sk-test-revoked');
      const c = open({ env });
      const first = await c.send('one SCENARIO:text:never shown');
      assert.equal(first?.error?.code, 'auth');
      const before = model.mainRequests().length;

      env.ANTHROPIC_API_KEY = 'sk-test-fixed';
      const second = await c.send('two SCENARIO:text:answered with the fixed key');
      assert.equal(second?.outcome, 'success', second?.error?.message);
      assert.equal(second?.text, 'answered with the fixed key');
      const after = model.mainRequests().slice(before);
      assert.ok(after.length > 0, 'the second prompt never reached the model server');
      assert.ok(after.every((r) => r.headers['x-api-key'] === 'sk-test-fixed'), `keys sent: ${after.map((r) => String(r.headers['x-api-key'])).join(', ')}`);
    });

    it('after a 401 for the key /login stored in the config (primaryApiKey), the next prompt uses the key of a fresh login', async () => {
      // A Console login keeps its key in the config file. The CLI that saw the 401 keeps the old
      // key for its whole life (the next prompt on it fails at once), so the chat must replace it.
      const config = (key: string) => writeFileSync(join(sb.home, '.claude', '.claude.json'), JSON.stringify({ primaryApiKey: key, customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] }, hasCompletedOnboarding: true }));
      config('sk-login-revoked');
      model.rejectedKeys.add('sk-login-revoked');
      const c = open({ noEnvKey: true });
      const first = await c.send('one SCENARIO:text:never shown');
      assert.equal(first?.error?.code, 'auth', first?.error?.message);
      assert.ok(model.mainRequests().every((r) => r.headers['x-api-key'] === 'sk-login-revoked'), 'the stored key was not what the CLI sent');
      const before = model.mainRequests().length;
      // The user logs in again once the failed process is gone (it writes its config as it exits).
      await poll('the process that saw the 401 to exit', () => cliProcesses(sb.root).length === 0, 30_000);
      config('sk-login-fresh');
      const second = await c.send('two SCENARIO:text:answered after the new login');
      assert.equal(second?.outcome, 'success', second?.error?.message);
      assert.equal(second?.text, 'answered after the new login');
      const after = model.mainRequests().slice(before);
      assert.ok(after.length > 0 && after.every((r) => r.headers['x-api-key'] === 'sk-login-fresh'), `sent: ${after.map((r) => String(r.headers['x-api-key'])).join(', ')}`);
    });

    it('after a 401 for a /login token, the next prompt uses the token of a fresh login and reaches the model', async () => {
      // As `/login` leaves it: a credentials file in the config dir, no key in the environment.
      const credentials = (token: string) =>
        writeFileSync(join(sb.home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: token, refreshToken: `refresh-${token}`, expiresAt: Date.now() + 86_400_000, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' } }));
      credentials('oauth-revoked');
      model.rejectedKeys.add('oauth-revoked');
      const c = open({ noEnvKey: true });
      const first = await c.send('one SCENARIO:text:never shown');
      assert.equal(first?.error?.code, 'auth', first?.error?.message);
      const before = model.mainRequests().length;
      assert.ok(model.mainRequests().every((r) => r.headers.authorization === 'Bearer oauth-revoked'), 'the login token was not what the CLI sent');

      credentials('oauth-fresh');
      const second = await c.send('two SCENARIO:text:answered after the new login');
      assert.equal(second?.outcome, 'success', second?.error?.message);
      assert.equal(second?.text, 'answered after the new login');
      const after = model.mainRequests().slice(before);
      assert.ok(after.length > 0 && after.every((r) => r.headers.authorization === 'Bearer oauth-fresh'), `sent: ${after.map((r) => String(r.headers.authorization)).join(', ')}`);
    });
  });
});
