import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersions, judgeVersion, NEWEST_TESTED, OLDEST_SUPPORTED, packagedVersion, parseVersion } from '../../src/claude/cliVersion';
import { REPO_ROOT } from '../support/cliEnv';

describe('CLI versions: the supported range', () => {
  it('reads the version from --version output and init lines', () => {
    assert.equal(parseVersion('2.1.197 (Claude Code)\n'), '2.1.197');
    assert.equal(parseVersion('2.1.332'), '2.1.332');
    assert.equal(parseVersion('claude: command not found'), undefined);
    assert.equal(parseVersion(undefined), undefined);
  });

  it('compares numerically, not as text', () => {
    assert.ok(compareVersions('2.1.332', '2.1.197') > 0);
    assert.ok(compareVersions('2.1.99', '2.1.197') < 0);
    assert.ok(compareVersions('2.10.0', '2.9.9') > 0);
    assert.equal(compareVersions('2.1.197', '2.1.197'), 0);
  });

  it('older than the oldest supported blocks; newer than tested does not', () => {
    assert.equal(judgeVersion('2.0.5'), 'tooOld');
    assert.equal(judgeVersion(OLDEST_SUPPORTED), 'supported');
    assert.equal(judgeVersion(NEWEST_TESTED), 'supported');
    assert.equal(judgeVersion('2.1.250'), 'supported');
    assert.equal(judgeVersion('2.2.0'), 'newerThanTested');
    assert.equal(judgeVersion(undefined), 'unknown');
  });
});

describe('CLI versions: what is installed', () => {
  it("reads an npm install's version from its package.json, with no process", () => {
    const bin = join(REPO_ROOT, 'node_modules', '.bin', 'claude');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@anthropic-ai', 'claude-code', 'package.json'), 'utf8')) as { version: string };
    assert.equal(packagedVersion(bin), pkg.version);
  });

  it('knows nothing of a binary outside such a package (it is asked with --version instead)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-version-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'something-else', version: '9.9.9' }));
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'claude'), '#!/bin/sh\necho 2.1.250\n', { mode: 0o755 });
      assert.equal(packagedVersion(join(dir, 'bin', 'claude')), undefined);
      assert.equal(packagedVersion(join(dir, 'missing')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
