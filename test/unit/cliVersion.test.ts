import assert from 'node:assert/strict';
import { compareVersions, judgeVersion, NEWEST_TESTED, OLDEST_SUPPORTED, parseVersion } from '../../src/claude/cliVersion';

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
