// Runs inside the real extension host, trusted folder: VS Code's side of the IDE server.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers, read freely by the assertions */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import WebSocket from 'ws';
import { ideLockDir } from '../../../src/ide/lockFile';
import { extension, workspaceFolder } from './helpers';

async function until<T>(what: string, get: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function client(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, ['mcp'], { headers: { 'x-claude-code-ide-authorization': token } });
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  let next = 1;
  const pending = new Map<number, (m: any) => void>();
  const notes: any[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.id === undefined) notes.push(m);
    else pending.get(m.id)?.(m);
  });
  const call = (name: string, args: unknown) =>
    new Promise<any>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }));
    });
  return { ws, call, notes };
}

describe('in-host: the IDE server', () => {
  it('starts on a terminal; the lock file is 0600; terminals opened after it carry CLAUDE_CODE_SSE_PORT', async () => {
    const api = await extension().activate();
    const first = vscode.window.createTerminal({ name: 'ide-first', shellPath: '/bin/sh', shellArgs: ['-c', 'sleep 1'] });
    const server = await until('the server to start on the first terminal', () => (api.ide as any).server as { port: number; lockPath: string } | undefined);
    first.dispose();
    assert.equal(statSync(server.lockPath).mode & 0o777, 0o600);
    assert.equal(api.ide.terminalPort, String(server.port));
    // The lock the CLI finds through the port: its pid is this extension host, alive.
    assert.equal(server.lockPath, join(ideLockDir(), `${server.port}.lock`));
    const lock = JSON.parse(readFileSync(server.lockPath, 'utf8'));
    assert.equal(lock.pid, process.pid, 'the lock names the extension host');
    assert.equal(lock.transport, 'ws');
    assert.deepEqual(lock.workspaceFolders, [workspaceFolder()]);
    const out = join(mkdtempSync(join(tmpdir(), 'ide-env-')), 'port');
    const term = vscode.window.createTerminal({ name: 'ide-env', shellPath: '/bin/sh', shellArgs: ['-c', `printf %s "$CLAUDE_CODE_SSE_PORT" > '${out}'`] });
    try {
      await until('the terminal to write its environment', () => existsSync(out) && readFileSync(out, 'utf8').length > 0);
      assert.equal(readFileSync(out, 'utf8'), String(server.port));
    } finally {
      term.dispose();
    }
    // A shell the user types into, as in an ordinary integrated terminal.
    const typed = join(mkdtempSync(join(tmpdir(), 'ide-env-')), 'port');
    const shell = vscode.window.createTerminal({ name: 'ide-shell', shellPath: '/bin/sh' });
    try {
      shell.sendText(`echo "$CLAUDE_CODE_SSE_PORT" > '${typed}'`);
      await until('the shell to write its environment', () => existsSync(typed) && readFileSync(typed, 'utf8').endsWith('\n'));
      assert.equal(readFileSync(typed, 'utf8').trim(), String(server.port));
    } finally {
      shell.dispose();
    }
  });

  it("getDiagnostics answers with the JSON language service's real diagnostic", async () => {
    const api = await extension().activate();
    const server = (await api.ide.ensureStarted())!;
    const file = join(workspaceFolder(), 'ide-broken.json');
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await until('the JSON language service to report', () => vscode.languages.getDiagnostics(uri).length > 0);
    const c = await client(server.port, server.authToken);
    try {
      const r = await c.call('getDiagnostics', { uri: uri.toString() });
      const parsed = JSON.parse(r.result.content[0].text);
      assert.equal(parsed.length, 1);
      assert.equal(parsed[0].uri, uri.toString());
      assert.ok(parsed[0].diagnostics.some((d: any) => d.severity === 'Error' && d.range.start.line === 2), JSON.stringify(parsed));
    } finally {
      c.ws.close();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it("a chat's claude calls getDiagnostics without a permission prompt and gets the editor's diagnostic (item 4)", async () => {
    const api = await extension().activate();
    const file = join(workspaceFolder(), 'ide-chat.json');
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await until('the JSON language service to report', () => vscode.languages.getDiagnostics(uri).length > 0);
    const c = api.hub.active()!;
    try {
      const result = (await c.send(`SCENARIO:tools:${JSON.stringify([[{ name: 'mcp__ide__getDiagnostics', input: { uri: uri.toString() } }]])}`)) as { outcome: string; text?: string } | undefined;
      assert.equal(result?.outcome, 'success', JSON.stringify(result));
      assert.match(result!.text ?? '', /^Tool finished: /, result!.text);
      assert.match(result!.text ?? '', /ide-chat\.json.*"severity":"Error"/, result!.text);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Add Selection to Claude goes to the terminal session when the chat panel is hidden, as at_mentioned with 0-based lines', async () => {
    const api = await extension().activate();
    const server = (await api.ide.ensureStarted())!;
    const file = join(workspaceFolder(), 'ide-mention.ts');
    writeFileSync(file, 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    // What a terminal's `claude` does on connecting: it says ide_connected.
    const c = await client(server.port, server.authToken);
    try {
      c.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'ide_connected', params: { pid: process.pid } }));
      await until('the session to count', () => api.ide.terminalSessions === 1);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await until('the chat panel to be hidden', () => !api.view.isVisible);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
      editor.selection = new vscode.Selection(1, 0, 3, 0);
      const r = await vscode.commands.executeCommand('claudeChat.addSelection');
      assert.deepEqual(r, { terminal: file, lineStart: 1, lineEnd: 2 });
      const note = await until('the at_mentioned notification', () => c.notes.find((n) => n.method === 'at_mentioned'));
      assert.deepEqual(note.params, { filePath: file, lineStart: 1, lineEnd: 2 });
    } finally {
      c.ws.close();
      await until('the session to end', () => api.ide.terminalSessions === 0);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Leaves the sidebar closed: the suite runs the tests that need the chat panel before these.
    }
  });

  it("an ACP agent's grant: the editor's read-only tools over HTTP with its own token, getDiagnostics with the real diagnostic", async () => {
    const api = await extension().activate();
    const grant = (await api.ide.agentGrant())!;
    assert.ok(grant, 'a grant in a trusted window');
    const file = join(workspaceFolder(), 'ide-agent.json');
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await until('the JSON language service to report', () => vscode.languages.getDiagnostics(uri).length > 0);
    const post = async (headers: Record<string, string>, body: unknown) => {
      const r = await fetch(grant.server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
      return { status: r.status, json: r.status === 200 ? ((await r.json()) as any) : undefined };
    };
    try {
      const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'getDiagnostics', arguments: { uri: uri.toString() } } };
      const r = await post(grant.server.headers, call);
      assert.equal(r.status, 200);
      const parsed = JSON.parse(r.json.result.content[0].text);
      assert.ok(parsed[0].diagnostics.some((d: any) => d.severity === 'Error' && d.range.start.line === 2), JSON.stringify(parsed));
      assert.equal((await post({ Authorization: 'Bearer forged' }, call)).status, 401);
      grant.dispose();
      assert.equal((await post(grant.server.headers, call)).status, 401, 'revoked');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it("openDiff: the user's edit to the right side comes back with Accept; closing the tab rejects; the file is untouched", async () => {
    const api = await extension().activate();
    const server = (await api.ide.ensureStarted())!;
    const file = join(workspaceFolder(), 'ide-diff.txt');
    writeFileSync(file, 'old\n');
    const c = await client(server.port, server.authToken);
    const ourDiff = () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputTextDiff && tab.input.original.fsPath === file ? tab.input : undefined;
    };
    try {
      const accepted = c.call('openDiff', { old_file_path: file, new_file_path: file, new_file_contents: 'proposed\n', tab_name: 'tab-a' });
      const input = await until('the diff tab', ourDiff);
      const right = await vscode.workspace.openTextDocument(input.modified);
      assert.equal(right.getText(), 'proposed\n');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(input.modified, new vscode.Range(0, 0, right.lineCount, 0), 'the user edited this\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await vscode.commands.executeCommand('claudeChat.acceptIdeDiff');
      const a = await accepted;
      assert.deepEqual(a.result.content, [{ type: 'text', text: 'FILE_SAVED' }, { type: 'text', text: 'the user edited this\n' }]);
      await until('the diff tab to close', () => !ourDiff());

      const rejected = c.call('openDiff', { old_file_path: file, new_file_path: file, new_file_contents: 'other\n', tab_name: 'tab-b' });
      await until('the second diff tab', ourDiff);
      await vscode.window.tabGroups.close(vscode.window.tabGroups.activeTabGroup.activeTab!);
      assert.deepEqual((await rejected).result.content, [{ type: 'text', text: 'DIFF_REJECTED' }]);
      assert.equal(readFileSync(file, 'utf8'), 'old\n');
    } finally {
      c.ws.close();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
