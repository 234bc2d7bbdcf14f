import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { nullLogger } from '../../src/core/logger';
import { IdeServer } from '../../src/ide/server';
import { ideLockDir, sweepStaleLocks, writeLockFile } from '../../src/ide/lockFile';
import { checkInWorkspace } from '../../src/ide/workspacePath';
import { refusal } from '../../src/ide/auth';
import { FakeEditor } from '../support/fakeEditor';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers, read freely by the assertions */
/** A minimal MCP client over the server's WebSocket: what the CLI does, in a test's hands. */
async function connect(port: number, headers: Record<string, string>): Promise<{ ws: WebSocket; call: (method: string, params?: unknown) => Promise<any>; notes: any[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, ['mcp'], { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let next = 1;
  const pending = new Map<number, (m: any) => void>();
  const notes: any[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.id !== undefined && pending.has(m.id)) pending.get(m.id)!(m);
    else notes.push(m);
  });
  const call = (method: string, params?: unknown) =>
    new Promise<any>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  return { ws, call, notes };
}

describe('IDE server (src/ide)', () => {
  let root: string;
  let ws: string;
  let lockDir: string;
  let server: IdeServer | undefined;
  let editor: FakeEditor;

  beforeEach(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'ide-unit-')));
    ws = join(root, 'ws');
    lockDir = join(root, 'config', 'ide');
    mkdirSync(ws);
    editor = new FakeEditor([ws]);
    server = await IdeServer.start({ editor, ideName: 'Test Code', log: nullLogger, lockDir, selectionDebounceMs: 10 });
  });
  afterEach(async () => {
    await server?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes <port>.lock (0600, folder 0700) with what the CLI reads, and removes it on dispose', async () => {
    const file = join(lockDir, `${server!.port}.lock`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(lockDir).mode & 0o777, 0o700);
    const lock = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(lock, { pid: process.pid, workspaceFolders: [ws], ideName: 'Test Code', transport: 'ws', authToken: server!.authToken, runningInWindows: false });
    assert.match(lock.authToken, /^[0-9a-f]{64}$/);
    // A second caller (deactivate after the subscription's dispose) waits for the same teardown.
    void server!.dispose();
    await server!.dispose();
    assert.deepEqual(readdirSync(lockDir), []);
  });

  it('the lock folder follows CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    assert.equal(ideLockDir({ CLAUDE_CONFIG_DIR: '/x/cfg' }, '/home/u'), '/x/cfg/ide');
    assert.equal(ideLockDir({}, '/home/u'), '/home/u/.claude/ide');
    assert.equal(ideLockDir({ CLAUDE_CONFIG_DIR: '  ' }, '/home/u'), '/home/u/.claude/ide');
  });

  it('sweeps lock files of dead pids only', async () => {
    const dir = join(root, 'sweep');
    const content = { workspaceFolders: [], ideName: 'x', transport: 'ws' as const, authToken: 't', runningInWindows: false };
    await writeLockFile(dir, 1111, { ...content, pid: 424242 });
    await writeLockFile(dir, 2222, { ...content, pid: process.pid });
    writeFileSync(join(dir, '3333.lock'), 'not json');
    const gone = await sweepStaleLocks(dir, (pid) => pid === process.pid);
    assert.deepEqual(gone, [join(dir, '1111.lock')]);
    assert.deepEqual(readdirSync(dir).sort(), ['2222.lock', '3333.lock']);
  });

  it('refuses a missing token, a wrong token, a browser Origin and a non-loopback peer', async () => {
    const port = server!.port;
    await assert.rejects(connect(port, {}), /401/);
    await assert.rejects(connect(port, { 'x-claude-code-ide-authorization': 'forged' }), /401/);
    await assert.rejects(connect(port, { 'x-claude-code-ide-authorization': server!.authToken, Origin: 'https://evil.example' }), /401/);
    const ok = await connect(port, { 'x-claude-code-ide-authorization': server!.authToken });
    ok.ws.close();
    const req = (remoteAddress: string) => ({ headers: { 'x-claude-code-ide-authorization': 'tok' }, socket: { remoteAddress } });
    assert.equal(refusal(req('10.0.0.5'), 'tok'), 'not a loopback peer');
    assert.equal(refusal(req('::ffff:127.0.0.1'), 'tok'), undefined);
  });

  it("a second window's token does not open this window", async () => {
    const other = await IdeServer.start({ editor, ideName: 'Other', log: nullLogger, lockDir });
    try {
      await assert.rejects(connect(server!.port, { 'x-claude-code-ide-authorization': other.authToken }), /401/);
    } finally {
      await other.dispose();
    }
  });

  it('answers initialize, tools/list and getDiagnostics in the shapes the CLI parses', async () => {
    const file = join(ws, 'a.json');
    writeFileSync(file, '{');
    editor.diagnosticsByFile.set(file, [{ message: 'Expected a comma', severity: 'Error', source: 'json', range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } } }]);
    const c = await connect(server!.port, { 'x-claude-code-ide-authorization': server!.authToken });
    const init = await c.call('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'claude-code', version: 'x' } });
    assert.equal(init.result.protocolVersion, '2025-11-25');
    const list = await c.call('tools/list');
    assert.ok(list.result.tools.some((t: { name: string }) => t.name === 'getDiagnostics'));
    assert.ok(list.result.tools.every((t: { inputSchema: { type: string } }) => t.inputSchema.type === 'object'));
    const r = await c.call('tools/call', { name: 'getDiagnostics', arguments: { uri: `file://${file}` } });
    const parsed = JSON.parse(r.result.content[0].text);
    assert.deepEqual(parsed, [{ uri: `file://${file}`, diagnostics: editor.diagnosticsByFile.get(file) }]);
    c.ws.close();
  });

  it('refuses paths outside the workspace, through symlinks too, before the editor sees them', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(ws, 'link'));
    assert.throws(() => checkInWorkspace('/etc/passwd', [ws]), /Outside the workspace/);
    assert.throws(() => checkInWorkspace(join(ws, 'link', 'new.txt'), [ws]), /Outside the workspace/);
    assert.throws(() => checkInWorkspace(join(ws, '..', 'outside', 'x'), [ws]), /Outside the workspace/);
    assert.throws(() => checkInWorkspace('relative.txt', [ws]), /Not an absolute path/);
    assert.equal(checkInWorkspace(join(ws, 'sub', 'new.txt'), [ws]), join(ws, 'sub', 'new.txt'));
    const c = await connect(server!.port, { 'x-claude-code-ide-authorization': server!.authToken });
    for (const [name, args] of [
      ['openFile', { filePath: join(ws, 'link', 'x') }],
      ['saveDocument', { filePath: '/etc/hosts' }],
      ['openDiff', { old_file_path: '/etc/hosts', new_file_path: '/etc/hosts', new_file_contents: 'x', tab_name: 't' }],
    ] as const) {
      const r = await c.call('tools/call', { name, arguments: args });
      assert.equal(r.result.isError, true, name);
      assert.match(r.result.content[0].text, /Outside the workspace/);
    }
    assert.deepEqual(editor.calls.filter((x) => x.name !== 'diagnostics'), []);
    const bad = await c.call('tools/call', { name: 'openFile', arguments: { filePath: 42 } });
    assert.equal(bad.result.isError, true);
    assert.match(bad.result.content[0].text, /filePath/);
    c.ws.close();
  });

  it('openDiff blocks for the user: accept returns FILE_SAVED and the edited text, reject DIFF_REJECTED, close_tab TAB_CLOSED', async () => {
    const file = join(ws, 'f.txt');
    writeFileSync(file, 'old\n');
    const c = await connect(server!.port, { 'x-claude-code-ide-authorization': server!.authToken });
    const args = (tab: string) => ({ name: 'openDiff', arguments: { old_file_path: file, new_file_path: file, new_file_contents: 'proposed\n', tab_name: tab } });
    const accepted = c.call('tools/call', args('a'));
    while (editor.diffs.length < 1) await new Promise((r) => setTimeout(r, 5));
    assert.equal(editor.diffs[0].request.proposed, 'proposed\n');
    editor.diffs[0].answer({ kind: 'accepted', text: 'user edited\n' });
    assert.deepEqual((await accepted).result.content, [{ type: 'text', text: 'FILE_SAVED' }, { type: 'text', text: 'user edited\n' }]);
    const rejected = c.call('tools/call', args('b'));
    while (editor.diffs.length < 2) await new Promise((r) => setTimeout(r, 5));
    editor.diffs[1].answer({ kind: 'rejected' });
    assert.deepEqual((await rejected).result.content, [{ type: 'text', text: 'DIFF_REJECTED' }]);
    const closed = c.call('tools/call', args('c'));
    while (editor.diffs.length < 3) await new Promise((r) => setTimeout(r, 5));
    const closeAnswer = await c.call('tools/call', { name: 'close_tab', arguments: { tab_name: 'c' } });
    assert.deepEqual(closeAnswer.result.content, [{ type: 'text', text: 'TAB_CLOSED' }]);
    assert.deepEqual((await closed).result.content, [{ type: 'text', text: 'TAB_CLOSED' }]);
    assert.equal(readFileSync(file, 'utf8'), 'old\n', 'the server never writes the file: the CLI does, with the text it got');
    // A CLI that goes away mid-diff: the editor is told to drop the tab.
    void c.call('tools/call', args('d'));
    while (editor.diffs.length < 4) await new Promise((r) => setTimeout(r, 5));
    c.ws.close();
    while (!editor.diffs[3].signal.aborted) await new Promise((r) => setTimeout(r, 5));
  });

  it('executeCode without a notebook API is an honest error; unknown tools are a JSON-RPC error', async () => {
    const c = await connect(server!.port, { 'x-claude-code-ide-authorization': server!.authToken });
    const r = await c.call('tools/call', { name: 'executeCode', arguments: { code: 'print(1)' } });
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /Jupyter/);
    const u = await c.call('tools/call', { name: 'rm_rf', arguments: {} });
    assert.equal(u.error.code, -32602);
    c.ws.close();
  });

  it('sends selection_changed debounced (the last one wins) to every connection, at_mentioned to interactive sessions only, and counts sessions', async () => {
    const counts: number[] = [];
    server!.onDidChangeConnections((n) => counts.push(n));
    const c = await connect(server!.port, { 'x-claude-code-ide-authorization': server!.authToken });
    // A chat's `claude -p`: connected, never says ide_connected.
    const bare = await connect(server!.port, { 'x-claude-code-ide-authorization': server!.authToken });
    c.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'ide_connected', params: { pid: 1 } }));
    while (server!.sessionCount < 1) await new Promise((r) => setTimeout(r, 5));
    const sel = (line: number) => ({ text: 'x', filePath: join(ws, 'a'), fileUrl: `file://${join(ws, 'a')}`, selection: { start: { line, character: 0 }, end: { line, character: 1 }, isEmpty: false } });
    server!.selectionChanged(sel(1));
    server!.selectionChanged(sel(2));
    assert.equal(server!.atMentioned(join(ws, 'a'), 3, 4), 1, 'one session told');
    while (c.notes.length < 2 || bare.notes.length < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(c.notes.map((n) => n.method), ['at_mentioned', 'selection_changed']);
    assert.equal(c.notes[1].params.selection.start.line, 2);
    assert.deepEqual(c.notes[0].params, { filePath: join(ws, 'a'), lineStart: 3, lineEnd: 4 });
    assert.deepEqual(bare.notes.map((n) => n.method), ['selection_changed'], 'no at_mentioned for a connection that is not a session');
    bare.ws.close();
    while (server!.connectionCount > 1) await new Promise((r) => setTimeout(r, 5));
    c.ws.close();
    while (counts.at(-1) !== 0) await new Promise((r) => setTimeout(r, 5));
    // Only an interactive session (it says ide_connected) counts; the bare connection does not.
    assert.deepEqual(counts, [0, 0, 1, 1, 0]);
  });
});
