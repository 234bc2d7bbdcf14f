import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCliPath } from '../../src/claude/resolveCli';
import { ClaudeError } from '../../src/claude/errors';

// A relative claudeChat.cliPath was once resolved inside the workspace, so a cloned folder's
// bin/claude would run. Absolute paths and bare names on PATH only.
describe('claudeChat.cliPath resolution', () => {
  let root: string;
  let ws: string;
  let bin: string;
  const exe = (path: string) => {
    writeFileSync(path, '#!/bin/sh\necho hi\n');
    chmodSync(path, 0o755);
  };
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'cli-path-')));
    ws = join(root, 'ws');
    bin = join(root, 'bin');
    mkdirSync(join(ws, 'bin'), { recursive: true });
    mkdirSync(bin);
    exe(join(ws, 'bin', 'claude'));
    exe(join(ws, 'mycli'));
    exe(join(bin, 'mycli'));
    exe(join(bin, 'claude'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a relative path with a clear error instead of running the workspace file', () => {
    for (const setting of ['bin/claude', './bin/claude', '../ws/bin/claude']) {
      assert.throws(
        () => resolveCliPath(setting, { PATH: bin }, ws),
        (err: unknown) => err instanceof ClaudeError && /relative path/.test(err.message) && err.message.includes(setting),
        setting,
      );
    }
  });

  it('looks a bare command name up on PATH, never in the workspace', () => {
    assert.equal(resolveCliPath('mycli', { PATH: bin }, ws), join(bin, 'mycli'));
    assert.throws(() => resolveCliPath('mycli', { PATH: '' }, ws), /not an executable file/);
  });

  it('skips empty and relative PATH entries (they would mean the current folder)', () => {
    // The extension host's current folder may be the workspace: its bin/claude must not be found.
    const before = process.cwd();
    process.chdir(ws);
    try {
      assert.throws(() => resolveCliPath(undefined, { PATH: ['', '.', 'bin'].join(':') }, ws), /not found/);
      assert.equal(resolveCliPath(undefined, { PATH: ['bin', bin].join(':') }, ws), join(bin, 'claude'));
    } finally {
      process.chdir(before);
    }
  });

  it('takes an absolute path as it is', () => {
    assert.equal(resolveCliPath(join(ws, 'bin', 'claude'), { PATH: '' }, ws), join(ws, 'bin', 'claude'));
    assert.throws(() => resolveCliPath(join(root, 'nope'), { PATH: bin }, ws), /not an executable file/);
  });
});
