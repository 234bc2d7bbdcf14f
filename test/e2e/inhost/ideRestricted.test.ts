// Runs inside the real extension host with the folder untrusted.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ideLockDir } from '../../../src/ide/lockFile';
import { extension } from './helpers';

describe('in-host: the IDE server in Restricted Mode', () => {
  it('does not start, not even when a terminal opens or a caller asks: terminals get no port, no lock file names this host', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await extension().activate();
    const term = vscode.window.createTerminal({ name: 'restricted-ide', shellPath: '/bin/sh', shellArgs: ['-c', 'sleep 2'] });
    try {
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await api.ide.ensureStarted(), undefined);
      assert.equal(await api.ide.agentGrant(), undefined, 'no editor tools for ACP agents either');
      // What VS Code adds to every new terminal's environment: nothing of ours.
      assert.equal(api.ide.terminalPort, undefined, 'no CLAUDE_CODE_SSE_PORT for terminals');
      const dir = ideLockDir();
      const ours = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.lock') && JSON.parse(readFileSync(join(dir, f), 'utf8')).pid === process.pid) : [];
      assert.deepEqual(ours, [], 'no lock file names this extension host');
    } finally {
      term.dispose();
    }
  });
});
