import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeChat } from '../../src/chat/claude/claudeChat';
import { PermissionServer } from '../../src/claude/permissionServer';
import { nullLogger } from '../../src/core/logger';
import type { PermissionRequest } from '../../src/core/permissions';
import { ideMcpServer } from '../../src/ide/chatWiring';
import { IdeServer } from '../../src/ide/server';
import { CLAUDE_BIN, claudePids, makeSandbox, REPO_ROOT, type Sandbox } from '../support/cliEnv';
import { FakeEditor } from '../support/fakeEditor';
import { ModelServer } from '../support/modelServer';

/**
 * The IDE server against the real CLI (docs/protocol.md, "The IDE integration"). Discovery is an
 * interactive-session feature (the TUI scans the lock files; `claude -p` never does), so the
 * terminal case runs the TUI under `script` for a pty; the model's tool call runs through
 * `claude -p` with the same server given as a WebSocket MCP server named `ide`, as a chat would.
 */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function runPrint(sandbox: Sandbox, prompt: string, args: string[], env: Record<string, string> = {}): Promise<{ events: { type: string; [k: string]: unknown }[]; code: number | null }> {
  const child = spawn(CLAUDE_BIN, ['-p', prompt, '--output-format', 'stream-json', '--verbose', ...args], { cwd: sandbox.workspace, env: { ...process.env, ...sandbox.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, events: out.split('\n').filter(Boolean).map((l) => JSON.parse(l)) })));
}

const ideMcp = (server: IdeServer, token: string) => ['--mcp-config', JSON.stringify({ mcpServers: { ide: { type: 'ws', url: `ws://127.0.0.1:${server.port}`, headers: { 'X-Claude-Code-Ide-Authorization': token } } } })];

describe('IDE server with the real CLI', function () {
  this.timeout(180_000);
  let model: ModelServer;
  let sandbox: Sandbox;
  let server: IdeServer;
  let editor: FakeEditor;
  let tty: ChildProcess | undefined;

  beforeEach(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-ide');
    editor = new FakeEditor([sandbox.workspace]);
    server = await IdeServer.start({ editor, ideName: 'Test Code', log: nullLogger, lockDir: join(sandbox.env.CLAUDE_CONFIG_DIR, 'ide') });
  });

  afterEach(async () => {
    if (tty?.pid && tty.exitCode === null) {
      process.kill(-tty.pid, 'SIGKILL');
      await new Promise((r) => tty!.once('exit', r));
    }
    tty = undefined;
    await server.dispose();
    await until('the sandbox CLI processes to end', () => claudePids(sandbox.root).length === 0, 20_000);
    await model.stop();
    sandbox.cleanup();
  });

  it('a terminal `claude` with CLAUDE_CODE_SSE_PORT finds the lock file and connects as a session, shows the selection, takes an at_mentioned into its prompt; the lock is gone after dispose', async function () {
    if (!hasScript) this.skip();
    // The TUI's first-run questions (theme, this API key, folder trust) answered as a user would have.
    writeFileSync(
      join(sandbox.env.CLAUDE_CONFIG_DIR, '.claude.json'),
      JSON.stringify({ hasCompletedOnboarding: true, theme: 'dark', customApiKeyResponses: { approved: [sandbox.env.ANTHROPIC_API_KEY.slice(-20)], rejected: [] }, projects: { [sandbox.workspace]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } } }),
    );
    const sessions: number[] = [];
    server.onDidChangeConnections((n) => sessions.push(n));
    // What an integrated terminal gets from the extension: the port, nothing else.
    const env: NodeJS.ProcessEnv = { ...process.env, ...sandbox.env, CLAUDE_CODE_SSE_PORT: String(server.port), TERM: 'xterm-256color' };
    delete env.TERM_PROGRAM;
    tty = spawn('script', ['-qfec', `'${CLAUDE_BIN}'`, '/dev/null'], { cwd: sandbox.workspace, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let screen = '';
    tty.stdout!.on('data', (d) => (screen += d));
    await until('the CLI to connect and say ide_connected', () => server.sessionCount === 1);
    assert.ok(sessions.includes(1));
    // The CLI shows what the editor selects: the notification reached it. (Sent until shown: the
    // CLI installs its handler a little after it says ide_connected.)
    const select = () => server.selectionChanged({ text: 'abc', filePath: join(sandbox.workspace, 'a.txt'), fileUrl: `file://${join(sandbox.workspace, 'a.txt')}`, selection: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 }, isEmpty: false } });
    const resend = setInterval(select, 500);
    try {
      // eslint-disable-next-line no-control-regex -- the pty's escape sequences (cursor moves) are stripped before matching
      await until('the TUI to show the selection', () => /1\s*line\s*selected/.test(screen.replace(/\x1b\[[0-9;?>]*[a-zA-Z]/g, '')));
    } finally {
      clearInterval(resend);
    }
    // "Add Selection to Claude" for the terminal: the TUI puts the mention into its prompt, 1-based.
    writeFileSync(join(sandbox.workspace, 'b.txt'), 'one\ntwo\nthree\n');
    assert.equal(server.atMentioned(join(sandbox.workspace, 'b.txt'), 1, 2), 1, 'the session was told');
    // eslint-disable-next-line no-control-regex -- as above
    await until('the TUI to insert the mention', () => /@b\.txt#L2-3/.test(screen.replace(/\x1b\[[0-9;?>]*[a-zA-Z]/g, '')));
    const lock = join(sandbox.env.CLAUDE_CONFIG_DIR, 'ide', `${server.port}.lock`);
    assert.ok(existsSync(lock));
    await server.dispose();
    assert.deepEqual(readdirSync(join(sandbox.env.CLAUDE_CONFIG_DIR, 'ide')), []);
    await until('the session to be dropped', () => server.sessionCount === 0);
  });

  it("the model's getDiagnostics call gets the editor's diagnostics; the model sees only getDiagnostics and executeCode", async () => {
    const file = join(sandbox.workspace, 'broken.json');
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    editor.diagnosticsByFile.set(file, [{ message: 'Expected comma', severity: 'Error', source: 'json', code: '514', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } } }]);
    const prompt = `SCENARIO:tools:${JSON.stringify([[{ name: 'mcp__ide__getDiagnostics', input: { uri: `file://${file}` } }]])}`;
    const { events, code } = await runPrint(sandbox, prompt, [...ideMcp(server, server.authToken), '--allowedTools=mcp__ide__getDiagnostics']);
    assert.equal(code, 0);
    const init = events.find((e) => e.type === 'system' && e.subtype === 'init') as unknown as { mcp_servers: { name: string; status: string }[]; tools: string[] };
    assert.deepEqual(init.mcp_servers.find((s) => s.name === 'ide')?.status, 'connected');
    assert.deepEqual(init.tools.filter((t) => t.startsWith('mcp__ide__')).sort(), ['mcp__ide__executeCode', 'mcp__ide__getDiagnostics']);
    const results = events.filter((e) => e.type === 'user').flatMap((e) => (e.message as { content: { type: string; content?: unknown; is_error?: boolean }[] }).content).filter((b) => b.type === 'tool_result');
    assert.equal(results.length, 1);
    assert.notEqual(results[0].is_error, true, JSON.stringify(results[0]));
    const text = JSON.stringify(results[0].content);
    assert.match(text, /Expected comma/);
    assert.deepEqual(editor.calls.filter((c) => c.name === 'diagnostics').map((c) => c.arg), [file]);
  });

  it("a chat's process gets the IDE server beside the permission server: getDiagnostics runs without a prompt, and neither of ours is listed as the user's", async () => {
    const file = join(sandbox.workspace, 'chat.json');
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    editor.diagnosticsByFile.set(file, [{ message: 'Expected comma', severity: 'Error', source: 'json', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } } }]);
    // One server of the user's own, so the lists are not empty by accident.
    writeFileSync(join(sandbox.env.CLAUDE_CONFIG_DIR, '.claude.json'), JSON.stringify({ mcpServers: { userecho: { command: process.execPath, args: [join(REPO_ROOT, 'test', 'support', 'echoMcpServer.mjs'), 'user'] } } }));
    const perms = new PermissionServer({ logger: nullLogger });
    await perms.start();
    const asked: PermissionRequest[] = [];
    const chat = new ClaudeChat({
      folder: sandbox.workspace,
      logger: nullLogger,
      // Blocking MCP connection: the turn starts with every server's tools.
      settings: () => ({ cliPath: CLAUDE_BIN, env: { ...sandbox.env, MCP_CONNECTION_NONBLOCKING: '0' } }),
      permissionServer: async () => perms,
      mcpServers: async () => [ideMcpServer({ port: server.port, authToken: server.authToken })],
      broker: { request: async (req) => (asked.push(req), { kind: 'deny', message: 'Denied by the test' }) },
    });
    try {
      const r = await chat.send(`SCENARIO:tools:${JSON.stringify([[{ name: 'mcp__ide__getDiagnostics', input: { uri: `file://${file}` } }]])}`);
      assert.equal(r?.outcome, 'success', JSON.stringify(r));
      assert.match(r?.text ?? '', /Expected comma/, r?.text);
      assert.deepEqual(asked, [], 'no permission prompt for the read-only tool');
      assert.deepEqual(editor.calls.filter((c) => c.name === 'diagnostics').map((c) => c.arg), [file]);
      // The header (from init) and the MCP list (mcp_status) show the user's server only.
      assert.deepEqual((chat.status.mcpServers ?? []).map((m) => m.name), ['userecho']);
      assert.deepEqual(((await chat.mcp.status()) ?? []).map((m) => m.name), ['userecho']);
    } finally {
      await chat.dispose();
      await perms.dispose();
    }
  });

  it("a forged token and a second window's token are refused: the CLI reports the server failed and no tool reaches the editor", async () => {
    const other = await IdeServer.start({ editor: new FakeEditor([sandbox.workspace]), ideName: 'Other', log: nullLogger, lockDir: join(sandbox.root, 'other-ide') });
    try {
      for (const token of ['forged-token', other.authToken]) {
        const { events } = await runPrint(sandbox, 'SCENARIO:text', ideMcp(server, token));
        const init = events.find((e) => e.type === 'system' && e.subtype === 'init') as unknown as { mcp_servers: { name: string; status: string }[] };
        assert.equal(init.mcp_servers.find((s) => s.name === 'ide')?.status, 'failed', token);
      }
      assert.equal(server.connectionCount, 0);
      assert.deepEqual(editor.calls, []);
    } finally {
      await other.dispose();
    }
  });
});
