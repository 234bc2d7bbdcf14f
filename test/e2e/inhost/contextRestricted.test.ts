// Runs inside the real extension host with the folder untrusted: @git runs no git there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extension, workspaceFolder } from './helpers';

describe('in-host: @git in Restricted Mode', () => {
  it("says it is not read there, and the folder's core.fsmonitor does not run", async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const folder = workspaceFolder();
    const marker = join(mkdtempSync(join(tmpdir(), 'fsmonitor-ctx-')), 'ran');
    execFileSync('git', ['init', '-q', folder]);
    execFileSync('git', ['-C', folder, 'config', 'core.fsmonitor', `touch '${marker}'; false`]);
    writeFileSync(join(folder, 'ctx-file.txt'), 'x\n');
    try {
      const api = await extension().activate();
      const block = await api.context.block('git', folder);
      assert.equal(block.body, undefined);
      assert.match(block.heading, /^@git: not read in Restricted Mode/);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(existsSync(marker), false, 'git ran in Restricted Mode');
    } finally {
      rmSync(join(folder, '.git'), { recursive: true, force: true });
      rmSync(join(folder, 'ctx-file.txt'), { force: true });
    }
  });
});
