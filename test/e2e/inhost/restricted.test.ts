// Runs inside the real extension host with workspace trust enabled and the folder untrusted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('@ mentions list files without running git: the folder\'s core.fsmonitor does not run', async () => {
    const folder = workspaceFolder();
    const marker = join(mkdtempSync(join(tmpdir(), 'fsmonitor-')), 'ran');
    // What a hostile clone carries: git runs core.fsmonitor on `git ls-files`.
    execFileSync('git', ['init', '-q', folder]);
    execFileSync('git', ['-C', folder, 'config', 'core.fsmonitor', `touch '${marker}'; false`]);
    writeFileSync(join(folder, 'README-mention.md'), 'hi\n');
    try {
      const api = await extension().activate();
      const found = await api.mentions.search('REA');
      assert.ok(found.includes('README-mention.md'), `findFiles still lists files: ${found.join(', ')}`);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(existsSync(marker), false, 'git (and the fsmonitor command) ran in Restricted Mode');
    } finally {
      rmSync(join(folder, '.git'), { recursive: true, force: true });
      rmSync(join(folder, 'README-mention.md'), { force: true });
    }
  });
});
