// Runs inside the real extension host with workspace trust enabled and the folder untrusted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cliPidsIn, extension, workspaceFolder } from './helpers';

describe('in-host: Restricted Mode', () => {
  it('refuses to start Claude in an untrusted workspace and spawns nothing', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder is untrusted');
    const api = await extension().activate();
    const c = api.hub.active();
    assert.ok(c);
    const result = await c!.send('SCENARIO:text:should never run');
    assert.equal(result, undefined, 'no turn ran');
    assert.equal(c!.error?.code, 'untrustedWorkspace', JSON.stringify(c!.error));
    assert.equal(c!.pid, undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(cliPidsIn(workspaceFolder()), [], 'no claude process');
  });
});
