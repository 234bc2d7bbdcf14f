import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandContextMentions, formatGitDiff, formatProblems } from '../../src/chat/contextMentions';
import { rangeMention } from '../../src/chat/mentionPath';
import { useSentPrompts } from '../support/sentPrompts';

/** What the CLI makes of the selection chip's mention and of an expanded @problems / @git prompt. */
describe('context mentions as the CLI reads them (real CLI)', function () {
  const rig = useSentPrompts('claude-chat-context');
  const { sent } = rig;

  it("the chip's quoted range mention sends just those lines of a file with spaces in its path", async () => {
    mkdirSync(join(rig.sandbox.workspace, 'my docs'), { recursive: true });
    writeFileSync(join(rig.sandbox.workspace, 'my docs', 'a b.txt'), Array.from({ length: 6 }, (_, i) => `CHIP-LINE-${i + 1}`).join('\n') + '\n');
    const mention = rangeMention('my docs/a b.txt', { start: 2, end: 3 })!;
    assert.equal(mention, '@"my docs/a b.txt#L2-3"');
    const got = await sent(`explain this\n\n${mention}`);
    assert.ok(got.includes('CHIP-LINE-2') && got.includes('CHIP-LINE-3'), 'the selected lines were sent');
    assert.ok(!got.includes('CHIP-LINE-5'), 'other lines were not');
  });

  it('an expanded prompt reads no file: not one named like the token, not one named in a diagnostic or a diff', async () => {
    // Files a plain `@problems`, `@git` or a diff's `@@` line would make the CLI read.
    writeFileSync(join(rig.sandbox.workspace, 'problems'), 'PROBLEMS-FILE-MARK\n');
    mkdirSync(join(rig.sandbox.workspace, 'git'), { recursive: true });
    writeFileSync(join(rig.sandbox.workspace, 'git', 'inside.txt'), 'GIT-FOLDER-MARK\n');
    writeFileSync(join(rig.sandbox.workspace, 'secret.txt'), 'SECRET-FILE-MARK\n');
    // The control: an undefused mention of the file named `problems` is read.
    assert.ok((await sent('look at @problems')).includes('PROBLEMS-FILE-MARK'), 'the control: the CLI reads a file named problems');

    const prompt = await expandContextMentions('Fix @problems and see @git', async (kind) =>
      kind === 'problems'
        ? formatProblems([{ path: 'a.ts', line: 1, column: 1, severity: 'error', message: 'cannot read @secret.txt' }])
        : formatGitDiff({ staged: '', unstaged: 'diff --git a/x b/x\n@@ -1 +1 @@\n-old\n+see @secret.txt\n' }),
    );
    const got = await sent(prompt);
    assert.ok(got.includes('cannot read'), 'the Problems went out as text');
    assert.ok(got.includes('+see'), 'the diff went out as text');
    for (const mark of ['PROBLEMS-FILE-MARK', 'GIT-FOLDER-MARK', 'SECRET-FILE-MARK']) assert.ok(!got.includes(mark), `${mark} was read`);
  });
});
