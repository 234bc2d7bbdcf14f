import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defuseMentions, mentionPath } from '../../src/chat/mentionPath';
import { useSentPrompts } from '../support/sentPrompts';

/** Add Selection's `@path` cannot smuggle another file into the prompt. */
describe('@ mentions as Add Selection writes them (real CLI)', function () {
  const rig = useSentPrompts('claude-chat-mention');
  const { sent } = rig;

  it('a folder named "x @" cannot make the CLI read a file outside the workspace', async () => {
    // Outside the workspace: what the attacker wants sent. Inside "x @": the file the user selected in.
    const outside = join(rig.sandbox.root, 'outside', 'secret.txt');
    mkdirSync(join(rig.sandbox.root, 'outside'), { recursive: true });
    writeFileSync(outside, 'SECRET-OUTSIDE-MARKER\n');
    const rel = `x @${outside}`;
    mkdirSync(join(rig.sandbox.workspace, rel, '..'), { recursive: true });
    writeFileSync(join(rig.sandbox.workspace, rel), 'SELECTED-INSIDE-MARKER\n');

    // The setup is real: the unquoted form that Add Selection used to write sends the outside file.
    const unquoted = await sent(`@${rel} (lines 1-1):`);
    assert.ok(unquoted.includes('SECRET-OUTSIDE-MARKER'), 'the control: the unquoted mention reads the outside file');

    // Quoting is not enough: the CLI also finds the `@/…` inside the quotes.
    const quotedOnly = await sent(`@"${rel}" (lines 1-1):`);
    assert.ok(quotedOnly.includes('SECRET-OUTSIDE-MARKER'), 'the control: a quoted mention still reads the outside file');

    const ours = await sent(`${mentionPath(rel)} (lines 1-1):\n\`\`\`\nselected line\n\`\`\``);
    assert.ok(!ours.includes('SECRET-OUTSIDE-MARKER'), 'the outside file was sent');
    assert.ok(!mentionPath(rel).startsWith('@'));
  });

  it('selected text that mentions a file outside the workspace does not send it', async () => {
    const outside = join(rig.sandbox.root, 'outside', 'other.txt');
    writeFileSync(outside, 'OTHER-OUTSIDE-MARKER\n');
    const control = await sent(`code:\nsee @${outside}\n`);
    assert.ok(control.includes('OTHER-OUTSIDE-MARKER'), 'the control: a mention inside pasted text is read');
    const ours = await sent(`code:\n${defuseMentions(`see @${outside}\n@${outside}`)}\n`);
    assert.ok(!ours.includes('OTHER-OUTSIDE-MARKER'), 'the pasted text made the CLI read a file');
  });

  it('a path with spaces is read whole; plain paths stay unquoted; unquotable paths get no mention', async () => {
    mkdirSync(join(rig.sandbox.workspace, 'sp ace'), { recursive: true });
    writeFileSync(join(rig.sandbox.workspace, 'sp ace', 'f.txt'), 'SPACE-MARKER\n');
    assert.ok((await sent(`${mentionPath('sp ace/f.txt')} (line 1):`)).includes('SPACE-MARKER'));
    assert.equal(mentionPath('src/a-b_c.ts'), '@src/a-b_c.ts');
    assert.equal(mentionPath('a"b.ts'), 'the file "a\\"b.ts"');
    assert.ok(!mentionPath('a\nb').includes('@'));
  });
});
