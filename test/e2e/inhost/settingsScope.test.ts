// Runs inside the real extension host, trusted workspace: a repository's .vscode/settings.json
// cannot lower claudeChat.permissionMode.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TurnResult } from '../../../src/claude/events';
import { extension, workspaceFolder } from './helpers';

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('in-host: workspace settings cannot turn permission prompts off', () => {
  const dir = () => join(workspaceFolder(), '.vscode');
  after(() => rmSync(dir(), { recursive: true, force: true }));

  it('a workspace permissionMode of bypassPermissions is ignored; the CLI runs in default mode', async () => {
    mkdirSync(dir(), { recursive: true });
    // queueWhileBusy is an ordinary (window) setting: once it shows, VS Code has read the file.
    writeFileSync(join(dir(), 'settings.json'), JSON.stringify({ 'claudeChat.permissionMode': 'bypassPermissions', 'claudeChat.queueWhileBusy': false }));
    const config = () => vscode.workspace.getConfiguration('claudeChat', vscode.Uri.file(workspaceFolder()));
    await until('VS Code to read the workspace settings', () => config().inspect('queueWhileBusy')?.workspaceValue === false);
    assert.equal(config().get('permissionMode'), 'fromSettings', 'the workspace value must not apply (the default stands)');

    const api = await extension().activate();
    const c = api.hub.active()!;
    await c.newChat();
    const r = (await c.send('SCENARIO:text:mode check')) as TurnResult | undefined;
    assert.equal(r?.outcome, 'success', JSON.stringify(r));
    assert.notEqual(c.status.permissionMode, 'bypassPermissions');
    assert.notEqual(c.status.permissionMode, 'acceptEdits');
    writeFileSync(join(dir(), 'settings.json'), '{}');
    await until('VS Code to drop the workspace settings', () => config().inspect('queueWhileBusy')?.workspaceValue === undefined);
  });
});
