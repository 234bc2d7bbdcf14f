import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defuseMentions, mentionPath } from '../../src/chat/mentionPath';
import { consoleLogger } from '../../src/core/logger';
import { ClaudeSession } from '../../src/claude/session';
import { CLAUDE_BIN, claudePids, makeSandbox, type Sandbox } from '../support/cliEnv';
import { ModelServer } from '../support/modelServer';

const logger = consoleLogger('warn');

/** Add Selection's `@path` cannot smuggle another file into the prompt. */
describe('@ mentions as Add Selection writes them (real CLI)', function () {
  let model: ModelServer;
  let sandbox: Sandbox;
  const sessions: ClaudeSession[] = [];

  before(async () => {
    model = new ModelServer();
    await model.start();
    sandbox = makeSandbox(model.url, 'claude-chat-mention');
  });
  after(async () => {
    for (const s of sessions) await s.dispose();
    await model?.stop();
    assert.deepEqual(claudePids(sandbox.root), []);
    sandbox?.cleanup();
  });

  /** The text of the user message the model received for this prompt (attachments included). */
  async function sent(prompt: string): Promise<string> {
    const session = new ClaudeSession({ cwd: sandbox.workspace, logger, cliPath: CLAUDE_BIN, env: sandbox.env });
    sessions.push(session);
    const before = model.mainRequests().length;
    const r = await session.send(`${prompt}\nSCENARIO:text:ok`);
    assert.equal(r.outcome, 'success', r.error?.message);
    return JSON.stringify(model.mainRequests().slice(before).at(-1)?.body.messages ?? []);
  }

  it('a folder named "x @" cannot make the CLI read a file outside the workspace', async () => {
    // Outside the workspace: what the attacker wants sent. Inside "x @": the file the user selected in.
    const outside = join(sandbox.root, 'outside', 'secret.txt');
    mkdirSync(join(sandbox.root, 'outside'), { recursive: true });
    writeFileSync(outside, 'SECRET-OUTSIDE-MARKER\n');
    const rel = `x @${outside}`;
    mkdirSync(join(sandbox.workspace, rel, '..'), { recursive: true });
    writeFileSync(join(sandbox.workspace, rel), 'SELECTED-INSIDE-MARKER\n');

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
    const outside = join(sandbox.root, 'outside', 'other.txt');
    writeFileSync(outside, 'OTHER-OUTSIDE-MARKER\n');
    const control = await sent(`code:\nsee @${outside}\n`);
    assert.ok(control.includes('OTHER-OUTSIDE-MARKER'), 'the control: a mention inside pasted text is read');
    const ours = await sent(`code:\n${defuseMentions(`see @${outside}\n@${outside}`)}\n`);
    assert.ok(!ours.includes('OTHER-OUTSIDE-MARKER'), 'the pasted text made the CLI read a file');
  });

  it('a path with spaces is read whole; plain paths stay unquoted; unquotable paths get no mention', async () => {
    mkdirSync(join(sandbox.workspace, 'sp ace'), { recursive: true });
    writeFileSync(join(sandbox.workspace, 'sp ace', 'f.txt'), 'SPACE-MARKER\n');
    assert.ok((await sent(`${mentionPath('sp ace/f.txt')} (line 1):`)).includes('SPACE-MARKER'));
    assert.equal(mentionPath('src/a-b_c.ts'), '@src/a-b_c.ts');
    assert.equal(mentionPath('a"b.ts'), 'the file "a\\"b.ts"');
    assert.ok(!mentionPath('a\nb').includes('@'));
  });
});
