import assert from 'node:assert/strict';
import { mentionedLines, selectionTarget } from '../../src/vscode/selectionTarget';

describe('"Add Selection to Claude": where it goes', () => {
  it('no terminal session: the panel, shown or not', () => {
    assert.equal(selectionTarget(0, true), 'panel');
    assert.equal(selectionTarget(0, false), 'panel');
  });

  it('a terminal session and the panel hidden: the terminal; both showing: the user is asked', () => {
    assert.equal(selectionTarget(1, false), 'terminal');
    assert.equal(selectionTarget(2, false), 'terminal');
    assert.equal(selectionTarget(1, true), 'ask');
  });

  it("the lines go 0-based and inclusive, as the CLI's at_mentioned takes them; an end at column 0 leaves its line out", () => {
    assert.deepEqual(mentionedLines({ line: 1 }, { line: 2, character: 12 }), { lineStart: 1, lineEnd: 2 });
    assert.deepEqual(mentionedLines({ line: 1 }, { line: 3, character: 0 }), { lineStart: 1, lineEnd: 2 });
    assert.deepEqual(mentionedLines({ line: 4 }, { line: 4, character: 0 }), { lineStart: 4, lineEnd: 4 });
  });
});
