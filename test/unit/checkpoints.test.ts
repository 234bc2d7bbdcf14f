import assert from 'node:assert/strict';
import { contentAt, lastAfter, perFile } from '../../src/chat/checkpoints';
import type { FileChange } from '../../src/chat/fileChanges';

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
});
