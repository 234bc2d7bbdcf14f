// Review Changes in real VS Code (code-server) with the real CLI: a turn edits a file in two
// places and another file once, and runs a command that writes a third; each hunk shows in its
// editor with Keep | Undo; Undo of one restores exactly its lines on disk and leaves the other;
// the command's file is listed as changed by a command; the list survives a window reload; a
// hunk the user edited since makes Undo ask; Keep All clears the list.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCode, waitFor } from './support';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
const text = (lines: string[]) => `${lines.join('\n')}\n`;

describe('e2e: Review Changes in real VS Code', function () {
  const vs = new VsCode({ name: 'review' });
  let file: string;
  let other: string;
  const read = () => readFileSync(file, 'utf8');

  before(async function () {
    this.timeout(240_000);
    await vs.start();
    file = join(vs.workspace, 'review.txt');
    writeFileSync(file, text(WORDS));
    other = join(vs.workspace, 'other.txt');
    writeFileSync(other, text(['one', 'two', 'three']));
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') await vs.screenshot('review-failure');
    await vs.stop();
    vs.cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vs.reportFailure(this.currentTest.title, 'review-failed');
  });

  const allow = async (name: string) => {
    const toast = vs.toast(name).first();
    await toast.waitFor({ timeout: 60_000 });
    await toast.getByRole('button', { name: 'Allow', exact: true }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10_000 });
  };
  /** The Review Changes list's row of a file (opens the view). */
  const rows = async (name = 'review.txt') => {
    await vs.palette('Focus on Claude: Review Changes View');
    // The Explorer's view: its own rows, not the file tree's.
    const pane = vs.page.locator('.pane', { has: vs.page.locator('.pane-header', { hasText: 'Claude: Review Changes' }) });
    return pane.locator('.monaco-list-row', { hasText: name });
  };
  const lenses = () => vs.page.locator('.monaco-editor .codelens-decoration');

  it('a turn that edits a file in two places shows two hunks with Keep | Undo, and Undo of one leaves the other', async function () {
    this.timeout(300_000);
    await vs.openView();
    const steps = [
      [{ name: 'Read', input: { file_path: file } }],
      [{ name: 'Edit', input: { file_path: file, old_string: 'bravo', new_string: 'BRAVO by Claude' } }],
      [{ name: 'Edit', input: { file_path: file, old_string: 'kilo', new_string: 'KILO by Claude\nmore by Claude' } }],
      [{ name: 'Read', input: { file_path: other } }],
      [{ name: 'Edit', input: { file_path: other, old_string: 'two', new_string: 'TWO by Claude' } }],
      [{ name: 'Bash', input: { command: 'echo built > built.txt', description: 'Build' } }],
    ];
    await vs.send(`SCENARIO:tools:${JSON.stringify(steps)}`);
    await allow('review.txt');
    await allow('review.txt');
    await allow('other.txt');
    await allow('built.txt');
    await vs.turnEnds().first().waitFor({ timeout: 90_000 });
    const edited = WORDS.map((w) => (w === 'bravo' ? 'BRAVO by Claude' : w === 'kilo' ? 'KILO by Claude\nmore by Claude' : w));
    await waitFor('both edits on disk', () => read() === text(edited), 30_000);

    const row = await rows();
    await row.first().waitFor({ timeout: 30_000 });
    assert.match(await row.first().innerText(), /2 changes/);
    assert.match(await (await rows('other.txt')).first().innerText(), /1 change/);
    // The file the command wrote is listed, without hunks.
    await waitFor('the command\'s file listed', async () => /changed by a command/.test(await (await rows('built.txt')).first().innerText()), 30_000);
    // Next Change goes across files: other.txt first (in path order), then review.txt's first hunk.
    await vs.palette("Claude: Next Change of Claude's");
    await waitFor('the hunk of other.txt in its editor', async () => (await lenses().filter({ hasText: 'Undo' }).count()) === 1, 30_000);
    await vs.page.locator('.tab.active', { hasText: 'other.txt' }).waitFor({ timeout: 10_000 });
    await vs.palette("Claude: Next Change of Claude's");
    await vs.page.locator('.tab.active', { hasText: 'review.txt' }).waitFor({ timeout: 30_000 });
    await waitFor('Keep and Undo over both hunks', async () => (await lenses().filter({ hasText: 'Undo' }).count()) === 2, 30_000);
    assert.equal(await lenses().filter({ hasText: 'Keep' }).count(), 2);
    assert.ok((await lenses().filter({ hasText: 'Chat 1' }).count()) >= 1, 'each hunk names its chat');
    assert.ok((await vs.page.locator('.monaco-editor [class*="TextEditorDecorationType"]').count()) > 0, 'decorations on the hunks');
    await vs.screenshot('review-hunks');

    // The cursor is on the first hunk: Undo (its keybinding, in the editor) puts back exactly its line, on disk.
    await vs.page.keyboard.press('Control+Alt+z');
    const afterUndo = WORDS.map((w) => (w === 'kilo' ? 'KILO by Claude\nmore by Claude' : w));
    await waitFor('the first hunk undone on disk, the second kept', () => read() === text(afterUndo), 30_000);
    await waitFor('one hunk left in the editor', async () => (await lenses().filter({ hasText: 'Undo' }).count()) === 1, 30_000);
    assert.match(await (await rows()).first().innerText(), /1 change/);
  });

  it('the pending list survives a window reload; Undo of a hunk edited since asks first; Keep All clears the list', async function () {
    this.timeout(300_000);
    await vs.palette('Developer: Reload Window');
    await vs.page.locator('.activitybar').first().waitFor({ timeout: 60_000 });
    const row = await rows();
    await row.first().waitFor({ timeout: 60_000 });
    assert.match(await row.first().innerText(), /1 change/);
    // Next Change until review.txt's hunk is the one shown (other.txt's is pending too).
    await waitFor('review.txt\'s remaining hunk shown after the reload', async () => {
      await vs.palette("Claude: Next Change of Claude's");
      return (await vs.page.locator('.tab.active', { hasText: 'review.txt' }).count()) === 1 && (await lenses().filter({ hasText: 'Undo' }).count()) === 1;
    }, 60_000, 1000);

    // The cursor is at the start of the hunk's first line: type into it.
    await vs.page.keyboard.type('user typed: ');
    await waitFor('the hunk seen as edited', async () => (await lenses().filter({ hasText: 'edited since' }).count()) === 1, 30_000);
    await vs.page.keyboard.press('Control+Alt+z');
    const dialog = vs.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /changed after Claude's edit/);
    await vs.screenshot('review-undo-asks');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    // Nothing is overwritten without an answer: the user's text stays in the editor, and the
    // original line is not back, in the editor or on disk (code-server may auto-save meanwhile).
    await vs.page.locator('.monaco-editor .view-line', { hasText: /typed:\s+KILO\s+by\s+Claude/ }).first().waitFor({ timeout: 10_000 });
    assert.doesNotMatch(read(), /^kilo$/m);
    assert.equal(await lenses().filter({ hasText: 'Undo' }).count(), 1, 'the hunk is still pending');

    assert.match(await (await rows('built.txt')).first().innerText(), /changed by a command/, 'the command\'s file is still listed after the reload');
    // Only that file: not the temporary files the CLI's own edits go through.
    assert.equal(await (await rows('.tmp')).count(), 0);
    await vs.palette("Claude: Keep All of Claude's Changes");
    await waitFor('no hunk left in the editor', async () => (await lenses().filter({ hasText: 'Undo' }).count()) === 0, 30_000);
    // Keep leaves the text as it is.
    await vs.page.locator('.monaco-editor .view-line', { hasText: /typed:\s+KILO\s+by\s+Claude/ }).first().waitFor({ timeout: 10_000 });
    await vs.page.locator('.monaco-editor .view-line', { hasText: /more\s+by\s+Claude/ }).first().waitFor({ timeout: 10_000 });
    await vs.palette('Focus on Claude: Review Changes View');
    await vs.page.getByText("No changes of Claude's wait for review.").first().waitFor({ timeout: 30_000 });
  });

  it('a change made by a second chat in an editor tab names that chat, in the list and over its hunk', async function () {
    this.timeout(300_000);
    await vs.showView();
    await vs.palette('Claude: New Chat');
    await vs.webview.locator('.chat-tab.selected', { hasText: 'Chat 2' }).waitFor({ timeout: 30_000 });
    await vs.palette('Claude: Open Chat in Editor');
    await vs.page.locator('.tabs-container .tab', { hasText: 'Claude: Chat 2' }).waitFor({ timeout: 30_000 });
    const frame = await vs.chatFrame('editor');
    const steps = [[{ name: 'Read', input: { file_path: other } }], [{ name: 'Edit', input: { file_path: other, old_string: 'three', new_string: 'THREE by chat 2' } }]];
    const input = frame.locator('textarea.prompt-input');
    await input.fill(`SCENARIO:tools:${JSON.stringify(steps)}`);
    await input.press('Enter');
    await allow('other.txt');
    await waitFor('chat 2\'s edit on disk', () => readFileSync(other, 'utf8').includes('THREE by chat 2'), 60_000);
    await waitFor('other.txt listed with chat 2', async () => /1 change · Chat 2/.test(await (await rows('other.txt')).first().innerText()), 30_000);
    await vs.palette("Claude: Next Change of Claude's");
    await vs.page.locator('.tab.active', { hasText: 'other.txt' }).waitFor({ timeout: 30_000 });
    await waitFor('the hunk names chat 2', async () => (await lenses().filter({ hasText: 'Chat 2' }).count()) === 1, 30_000);
    await vs.screenshot('review-second-chat');
  });
});
