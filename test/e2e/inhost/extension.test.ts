// Runs inside the real extension host (trusted workspace, the dev extension, the real
// `claude` against the scripted model server named by ANTHROPIC_BASE_URL).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TurnResult } from '../../../src/claude/events';
import { cliPidsIn, extension, manifest, workspaceFolder } from './helpers';

describe('in-host: Claude Chat in a trusted workspace', () => {
  it('activates and spawns nothing before the first prompt', async () => {
    const api = await extension().activate();
    assert.ok(extension().isActive);
    assert.ok(api?.hub && api.view, 'activate() returns {hub, view}');
    assert.equal(vscode.workspace.isTrusted, true);
    assert.deepEqual(cliPidsIn(workspaceFolder()), [], 'no claude process before a prompt');
    const c = api.hub.active();
    assert.ok(c, 'the folder has a chat controller');
    assert.equal(c!.pid, undefined);
  });

  it('registers every declared command, and declares every registered claudeChat.* command', async () => {
    const declared: string[] = manifest().contributes.commands.map((c: { command: string }) => c.command);
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('claudeChat.'));
    for (const id of declared) assert.ok(registered.includes(id), `${id} is declared but not registered`);
    // VS Code itself registers `<viewId>.focus`, `.resetViewLocation` and friends for views and containers.
    const workbenchOwned = /^claudeChat(\.chatView|\.reviewView)?\.(focus|resetViewLocation|toggleVisibility|removeView|open)$|^workbench\.view\.extension\.claudeChat/;
    for (const id of registered) {
      if (declared.includes(id) || workbenchOwned.test(id)) continue;
      assert.fail(`${id} is registered but not declared in package.json`);
    }
  });

  it('gives every declared setting a readable default', () => {
    const props: Record<string, { default?: unknown }> = manifest().contributes.configuration.properties;
    const config = vscode.workspace.getConfiguration();
    for (const [key, schema] of Object.entries(props)) {
      assert.ok('default' in schema, `${key} declares a default`);
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is known to VS Code`);
      assert.deepEqual(inspected!.defaultValue, schema.default, `${key}: default`);
    }
    // The test run sets cliPath in user settings; everything else stays at its default.
    assert.ok(vscode.workspace.getConfiguration('claudeChat').get<string>('cliPath'));
  });

  it('keeps one controller per folder and answers a prompt through it, reporting a pid', async () => {
    const api = await extension().activate();
    const c = api.hub.active()!;
    assert.equal(api.hub.active(), c, 'the same controller for the same folder');
    const result = (await c.send('SCENARIO:text:In-host hello.')) as TurnResult | undefined;
    assert.ok(result, 'the turn finished');
    assert.equal(result!.outcome, 'success', JSON.stringify(result));
    assert.match(result!.text ?? '', /In-host hello\./);
    const pid = c.pid;
    assert.ok(pid && pid > 0, 'a pid');
    assert.deepEqual(cliPidsIn(workspaceFolder()), [pid], 'one claude process for the folder');
    const info = (await vscode.commands.executeCommand('claudeChat.sessionInfo')) as { pid: number | null; sessionId?: string };
    assert.equal(info.pid, pid, 'claudeChat.sessionInfo reports the same pid');
    const again = (await c.send('SCENARIO:text:Second turn.')) as TurnResult | undefined;
    assert.equal(again?.outcome, 'success');
    assert.equal(c.pid, pid, 'the same process answers the next prompt');
  });
});
