import assert from 'node:assert/strict';
import { useHarness, type WebviewPage } from './harness';
import { seriousViolations } from './axe';

/** The selection chip above the prompt box and its eye toggle; @problems & co. in the @ menu. */
describe('webview: context the user means', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  const sent = async () => (await wp.posted()).filter((m) => m.type === 'sendPrompt').map((m) => m.text);
  const send = async (text: string) => {
    const box = wp.page.locator('textarea.prompt-input');
    await box.fill(text);
    await box.press('Enter');
  };

  it('shows the offered file and lines as a chip; a send carries the mention only while the chip shows', async () => {
    wp = await harness.open();
    await wp.snapshot([]);
    const chip = wp.page.locator('.editor-chip');
    assert.equal(await chip.isVisible(), false, 'nothing offered yet');
    await wp.host({ type: 'editorContext', enabled: true, mention: '@src/a.ts#L3-7' });
    await wp.settle();
    assert.equal(await chip.isVisible(), true);
    assert.equal(await chip.locator('.editor-chip-text').textContent(), 'src/a.ts#L3-7');
    // The chip sits above the prompt box, inside the composer.
    assert.equal(await wp.page.locator('.composer .editor-chip + .input-wrap').count(), 1);

    await wp.clearPosted();
    await send('explain this');
    assert.deepEqual(await sent(), ['explain this\n\n@src/a.ts#L3-7']);
    assert.equal(await chip.isVisible(), true, 'still offered for the next prompt');

    // Removed: the next send goes without it; the send after that has it again.
    await wp.clearPosted();
    await chip.getByRole('button', { name: 'Do not send src/a.ts#L3-7 with the next prompt' }).click();
    assert.equal(await chip.isVisible(), false);
    await send('something else');
    assert.equal(await chip.isVisible(), true, 'removing held for one send');
    await send('and now with it');
    assert.deepEqual(await sent(), ['something else', 'and now with it\n\n@src/a.ts#L3-7']);

    // A slash command keeps its text; a prompt that already names it is not given it twice.
    await wp.clearPosted();
    await send('/compact');
    await send('see @src/a.ts#L3-7 please');
    assert.deepEqual(await sent(), ['/compact', 'see @src/a.ts#L3-7 please']);

    // The editor moved: the chip follows; a file outside the workspace is not offered at all.
    await wp.host({ type: 'editorContext', enabled: true, mention: '@"my docs/b c.md"' });
    await wp.settle();
    assert.equal(await chip.locator('.editor-chip-text').textContent(), 'my docs/b c.md');
    await wp.host({ type: 'editorContext', enabled: true });
    await wp.settle();
    assert.equal(await chip.isVisible(), false);
    await wp.clearPosted();
    await send('no file open');
    assert.deepEqual(await sent(), ['no file open']);
  });

  it('the eye toggle turns the offer off and on for the chat, shown as a pressed button, and the host is told', async () => {
    wp = await harness.open();
    await wp.snapshot([]);
    const toggle = wp.page.getByRole('button', { name: "Offer the active editor's file and selection" });
    // Restricted Mode: the host says the chat does not offer the editor.
    await wp.host({ type: 'editorContext', enabled: false });
    await wp.settle();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle.locator('.codicon-eye-closed').count(), 1);

    await wp.host({ type: 'editorContext', enabled: true, mention: '@src/a.ts' });
    await wp.settle();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await wp.page.locator('.editor-chip').isVisible(), true);
    assert.deepEqual(await seriousViolations(wp), [], 'chip and toggle pass axe-core');

    await wp.clearPosted();
    await toggle.click();
    assert.deepEqual(await wp.posted(), [{ type: 'editorContextToggle', on: false }]);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'shown at once');
    assert.equal(await wp.page.locator('.editor-chip').isVisible(), false);
    await send('no context');
    assert.deepEqual(await sent(), ['no context']);

    await wp.clearPosted();
    await toggle.click();
    assert.deepEqual(await wp.posted(), [{ type: 'editorContextToggle', on: true }]);
    assert.equal(await wp.page.locator('.editor-chip').isVisible(), true);
  });

  it('@ lists @problems, @terminal and @git before the files, and picking one inserts it', async () => {
    wp = await harness.open();
    await wp.snapshot([]);
    await wp.clearPosted();
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    await box.pressSequentially('fix @pro');
    await wp.waitForPosted('mentionQuery');
    const query = (await wp.posted()).find((m) => m.type === 'mentionQuery') as unknown as { requestId: number; query: string };
    assert.equal(query.query, 'pro');
    await wp.host({ type: 'mentionResults', requestId: query.requestId, items: ['src/protocol.ts'], contexts: ['problems'] });
    await wp.settle();
    const items = wp.page.locator('.mention-item');
    assert.deepEqual(await items.allTextContents(), ['@problems errors and warnings in the workspace', 'src/protocol.ts']);
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'fix @problems ');
  });
});
