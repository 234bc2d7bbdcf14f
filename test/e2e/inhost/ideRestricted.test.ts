// Runs inside the real extension host with the folder untrusted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './helpers';

describe('in-host: the IDE server in Restricted Mode', () => {
  it('does not start, not even when a terminal opens or a caller asks', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await extension().activate();
    const term = vscode.window.createTerminal({ name: 'restricted-ide', shellPath: '/bin/sh', shellArgs: ['-c', 'sleep 2'] });
    try {
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await api.ide.ensureStarted(), undefined);
    } finally {
      term.dispose();
    }
  });
});
