import assert from 'node:assert/strict';
import { contentAt, lastAfter, perFile } from '../../src/chat/checkpoints';
import { dropContent, FileChanges, type FileChange } from '../../src/chat/fileChanges';

const change = (turnId: string, filePath: string, before: string, after: string, created?: boolean): FileChange => ({ toolUseId: `${turnId}-${filePath}-${after}`, turnId, tool: 'Edit', filePath, before, after, created });

describe('checkpoint contents from the recorded changes', () => {
  // Prompt 0 creates a, prompt 1 edits a twice and b once, prompt 2 touches nothing.
  const perPrompt = [
    [change('t0', 'a', '', 'a1', true)],
    [change('t1', 'a', 'a1', 'a2'), change('t1', 'b', 'b0', 'b1'), change('t1', 'a', 'a2', 'a3')],
    [],
  ];

  it('before a prompt: the state before its first change, or gone if that change created the file', () => {
    assert.deepEqual(contentAt(perPrompt, 1, 'a'), { known: true, content: 'a1' });
    assert.deepEqual(contentAt(perPrompt, 0, 'a'), { known: true, content: undefined });
    assert.deepEqual(contentAt(perPrompt, 1, 'b'), { known: true, content: 'b0' });
  });

  it('after the last change: what the last earlier change left; unknown when nothing touched it', () => {
    assert.deepEqual(contentAt(perPrompt, 2, 'a'), { known: true, content: 'a3' });
    assert.deepEqual(contentAt(perPrompt, 2, 'c'), { known: false, content: undefined });
    assert.equal(lastAfter(perPrompt, 'a'), 'a3');
    assert.equal(lastAfter(perPrompt, 'c'), undefined);
  });

  it('per file: the first before (and created) with the last after', () => {
    const merged = perFile([change('t', 'a', '', 'x', true), change('t', 'a', 'x', 'y')]);
    assert.deepEqual(merged.map((c) => [c.before, c.after, c.created]), [['', 'y', true]]);
  });

  it('a change whose contents fell out of the record is unknown content, never an empty file', () => {
    const dropped = [[change('t0', 'a', 'a0', 'a1')], [change('t1', 'a', 'a1', 'a2')]];
    dropContent(dropped[0][0]);
    assert.deepEqual(contentAt(dropped, 0, 'a'), { known: false, content: undefined });
    assert.deepEqual(contentAt(dropped, 1, 'a'), { known: true, content: 'a1' });
    dropContent(dropped[1][0]);
    assert.deepEqual(contentAt(dropped, 2, 'a'), { known: false, content: undefined });
    assert.equal(lastAfter(dropped, 'a'), undefined);
  });

  it('the change record is bounded by contents as well as count, and keeps the newest whole', () => {
    const record = new FileChanges(500, 1000);
    const big = (i: number) => change('t', 'f', `${i}`.repeat(300), `${i + 1}`.repeat(300));
    const all = Array.from({ length: 5 }, (_, i) => big(i));
    for (const c of all) record.add(c);
    assert.ok(record.keptChars <= 1000, String(record.keptChars));
    assert.equal(record.get(all[4].toolUseId), all[4]);
    assert.equal(record.get(all[0].toolUseId), undefined);
    assert.equal(all[0].dropped, true, 'the contents are freed for the checkpoints too');
    assert.deepEqual(record.forTurn('t'), [], 'no turn diff from half a record');
    const alone = new FileChanges(500, 10);
    alone.add(all[4]);
    assert.equal(alone.get(all[4].toolUseId), all[4], 'one change over the bound still stays');
  });
});
