import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nullLogger } from '../../src/core/logger';
import { AgentToolServer } from '../../src/ide/agentServer';
import { FakeEditor } from '../support/fakeEditor';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers, read freely by the assertions */
/** One raw HTTP request, as an agent's MCP client (or a web page) would send it. */
function send(url: string, o: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; json?: any; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: o.method ?? 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...o.headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const rpc = (id: number, method: string, params?: unknown) => ({ jsonrpc: '2.0', id, method, params });

describe('editor tools for ACP agents (src/ide/agentServer.ts)', () => {
  let root: string;
  let editor: FakeEditor;
  let server: AgentToolServer;

  beforeEach(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'agent-tools-')));
    editor = new FakeEditor([root]);
    server = await AgentToolServer.start(editor, nullLogger);
  });
  afterEach(async () => {
    await server.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('a grant is a Streamable HTTP server with its own route and bearer token on 127.0.0.1', () => {
    const a = server.grant().server;
    const b = server.grant().server;
    assert.equal(a.type, 'http');
    assert.match(a.url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/mcp/[A-Za-z0-9_-]+$`));
    assert.match(a.headers.Authorization, /^Bearer \S{40,}$/);
    assert.notEqual(a.url, b.url);
    assert.notEqual(a.headers.Authorization, b.headers.Authorization);
  });

  it('answers initialize, lists only the read-only tools, and getDiagnostics gets the editor\'s answer', async () => {
    const { server: spec } = server.grant();
    const init = await send(spec.url, { headers: spec.headers, body: rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } }) });
    assert.equal(init.status, 200);
    assert.equal(init.json.result.protocolVersion, '2025-06-18');
    assert.equal((await send(spec.url, { headers: spec.headers, body: { jsonrpc: '2.0', method: 'notifications/initialized' } })).status, 202);
    const list = await send(spec.url, { headers: spec.headers, body: rpc(2, 'tools/list') });
    assert.deepEqual(list.json.result.tools.map((t: any) => t.name).sort(), ['getCurrentSelection', 'getDiagnostics', 'getLatestSelection', 'getOpenEditors', 'getWorkspaceFolders']);
    const file = join(root, 'a.json');
    editor.diagnosticsByFile.set(file, [{ message: 'Expected comma', severity: 'Error', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } }]);
    const call = await send(spec.url, { headers: spec.headers, body: rpc(3, 'tools/call', { name: 'getDiagnostics', arguments: { uri: `file://${file}` } }) });
    assert.match(call.json.result.content[0].text, /Expected comma/);
    const folders = await send(spec.url, { headers: spec.headers, body: rpc(4, 'tools/call', { name: 'getWorkspaceFolders', arguments: {} }) });
    assert.equal(JSON.parse(folders.json.result.content[0].text).folders[0].path, root);
  });

  it('tools that open, save, diff or run are not there for agents, and a path outside the workspace is refused', async () => {
    const { server: spec } = server.grant();
    for (const name of ['openDiff', 'openFile', 'saveDocument', 'executeCode', 'closeAllDiffTabs']) {
      const r = await send(spec.url, { headers: spec.headers, body: rpc(1, 'tools/call', { name, arguments: {} }) });
      assert.equal(r.json.error.code, -32602, name);
    }
    const outside = await send(spec.url, { headers: spec.headers, body: rpc(2, 'tools/call', { name: 'getDiagnostics', arguments: { uri: 'file:///etc/passwd' } }) });
    assert.equal(outside.json.result.isError, true);
    assert.deepEqual(editor.calls, [], 'the editor saw none of it');
  });

  it('refuses a missing or wrong token, another grant\'s token, a revoked grant, a foreign Host or Origin, and GET', async () => {
    const a = server.grant();
    const b = server.grant();
    const body = rpc(1, 'tools/list');
    assert.equal((await send(a.server.url, { body })).status, 401);
    assert.equal((await send(a.server.url, { headers: { Authorization: 'Bearer wrong' }, body })).status, 401);
    assert.equal((await send(a.server.url, { headers: b.server.headers, body })).status, 401);
    assert.equal((await send(a.server.url, { headers: { ...a.server.headers, host: 'evil.example:80' }, body })).status, 403);
    assert.equal((await send(a.server.url, { headers: { ...a.server.headers, origin: 'https://evil.example' }, body })).status, 403);
    assert.equal((await send(a.server.url, { method: 'GET', headers: a.server.headers })).status, 405);
    assert.equal((await send(a.server.url, { headers: a.server.headers, body })).status, 200);
    a.dispose();
    assert.equal((await send(a.server.url, { headers: a.server.headers, body })).status, 401);
    assert.equal((await send(b.server.url, { headers: b.server.headers, body })).status, 200, 'the other session keeps its access');
  });
});
