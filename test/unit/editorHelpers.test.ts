import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeFromResult, FileChanges } from '../../src/chat/fileChanges';
import { fuzzyScore } from '../../src/shared/fuzzy';

function structuredOf(fixture: string, tool: string): unknown {
  const lines = readFileSync(join(__dirname, '..', 'fixtures', 'cli', `${fixture}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const result = lines.filter((l) => l.type === 'user' && l.tool_use_result).map((l) => l.tool_use_result);
  return tool === 'Edit' ? result.find((r) => r.oldString !== undefined) : result.find((r) => r.type === 'create');
}

describe('file changes from real CLI tool results', () => {
  it('reconstructs an Edit (recorded) as before/after', () => {
    const c = changeFromResult('t1', 'turn1', 'Edit', structuredOf('tool-edit', 'Edit'))!;
    assert.equal(c.filePath, '/ws/greet.txt');
    assert.equal(c.before, 'hello world\nsecond line\n');
    assert.equal(c.after, 'goodbye world\nsecond line\n');
  });

  it('reconstructs a Write (recorded) that created a file', () => {
    const c = changeFromResult('t2', 'turn1', 'Write', structuredOf('tool-write', 'Write'))!;
    assert.equal(c.before, '');
    assert.equal(c.after, 'hello from the scripted model\n');
  });

  it('ignores shapes it does not know, and merges one file per turn', () => {
    assert.equal(changeFromResult('x', 't', 'Edit', { filePath: '/a' }), undefined);
    assert.equal(changeFromResult('x', 't', 'Bash', { stdout: '' }), undefined);
    const fc = new FileChanges(2);
    fc.add({ toolUseId: 'a', turnId: 't', tool: 'Edit', filePath: '/f', before: '1', after: '2' });
    fc.add({ toolUseId: 'b', turnId: 't', tool: 'Edit', filePath: '/f', before: '2', after: '3' });
    assert.deepEqual(fc.forTurn('t').map((c) => [c.before, c.after]), [['1', '3']]);
    fc.add({ toolUseId: 'c', turnId: 'u', tool: 'Write', filePath: '/g', before: '', after: 'x' });
    assert.equal(fc.get('a'), undefined, 'bounded: the oldest change fell off');
  });
});

describe('fuzzyScore for @ mentions', () => {
  it('matches subsequences and prefers basename and contiguous hits', () => {
    assert.equal(fuzzyScore('src/claude/session.ts', 'xyz'), 0);
    assert.ok(fuzzyScore('src/claude/session.ts', 'sess') > 0);
    assert.ok(fuzzyScore('src/claude/session.ts', 'session') > fuzzyScore('src/shared/some/extra/sion.ts', 'session'));
    assert.ok(fuzzyScore('a/readme.md', 'readme') > fuzzyScore('r/e/a/d/m/e.md', 'readme'));
  });
});
