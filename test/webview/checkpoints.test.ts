import assert from 'node:assert/strict';
import { useHarness, type WebviewPage } from './harness';

describe('webview: checkpoint actions', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  beforeEach(async () => {
    wp = await harness.open();
  });
  afterEach(() => wp.closeClean());

  const intents = async (type: string) => (await wp.posted()).filter((m) => (m as { type: string }).type === type);

  it('offers restore and edit only on prompts with a checkpoint, and only asks the host', async () => {
    await wp.snapshot([
      { type: 'user', turnId: 'u1', text: 'first' },
      { type: 'checkpoint', turnId: 'u1' },
      { type: 'turnFiles', turnId: 'u1', files: ['/w/a.txt'] },
      { type: 'user', turnId: 'u2', text: 'second' },
    ]);
    assert.deepEqual(await wp.page.locator('.entry.user').allTextContents(), ['first', 'second'], 'actions add no text to the prompt');
    assert.equal(await wp.page.locator('.entry.user').nth(1).locator('[data-action]').count(), 0);
    await wp.clearPosted();
    const first = wp.page.locator('.entry.user').first();
    await first.hover();
    await first.locator('[data-action="restore-checkpoint"]').click();
    await first.locator('[data-action="edit-prompt"]').click();
    await wp.page.locator('.entry.turn-files [data-action="turn-file-diff"]').click();
    await wp.page.locator('.entry.turn-files [data-action="turn-file-revert"]').click();
    await wp.settle();
    assert.deepEqual(await wp.posted(), [
      { type: 'restoreCheckpoint', turnId: 'u1' },
      { type: 'editPrompt', turnId: 'u1' },
      { type: 'turnFileDiff', turnId: 'u1', path: '/w/a.txt' },
      { type: 'turnFileRevert', turnId: 'u1', path: '/w/a.txt' },
    ]);
  });

  it('edit mode: the prompt box takes the text and sends it as an edit; a fork dims the replaced part', async () => {
    await wp.snapshot([
      { type: 'user', turnId: 'u1', text: 'first' },
      { type: 'checkpoint', turnId: 'u1' },
      { type: 'user', turnId: 'u2', text: 'second' },
      { type: 'checkpoint', turnId: 'u2' },
      { type: 'text', messageId: 'm2', index: 0, text: 'answer two' },
    ]);
    await wp.host({ type: 'editPrompt', turnId: 'u2', text: 'second' });
    await wp.settle();
    const box = wp.page.locator('textarea.prompt-input');
    assert.equal(await box.inputValue(), 'second');
    assert.equal(await wp.page.locator('.edit-bar').isVisible(), true);
    await wp.clearPosted();
    await box.fill('second, edited');
    await box.press('Enter');
    await wp.settle();
    assert.deepEqual(await intents('sendPrompt'), [{ type: 'sendPrompt', text: 'second, edited', editOf: 'u2' }]);
    assert.equal(await wp.page.locator('.edit-bar').isVisible(), false);

    await wp.push([{ type: 'mark', turnId: 'u2', kind: 'forked', files: [] }, { type: 'user', turnId: 'u3', text: 'second, edited' }]);
    assert.equal(await wp.page.locator('.entry.replaced').count(), 2, 'the replaced prompt and its answer are dimmed');
    assert.equal(await wp.page.locator('.entry.user.replaced [data-action]').count(), 0);
    assert.equal(await wp.page.locator('.entry.user').first().locator('[data-action]').count(), 2, 'the prompt above the fork keeps its actions');
    await wp.page.locator('.entry.mark.mark-forked').waitFor();
  });
});
