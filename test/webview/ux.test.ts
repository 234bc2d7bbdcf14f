import assert from 'node:assert/strict';
import { idleStatus, useHarness, type WebviewPage } from './harness';

const COMMANDS = [
  { name: 'greet', description: 'Greets someone warmly (project)', argumentHint: '<name>' },
  { name: 'clear', description: 'Start a new session with empty context', aliases: ['reset', 'new'] },
  { name: 'compact', description: 'Free up context by summarizing the conversation so far' },
  { name: 'context', description: 'Show current context usage' },
];

/** A real PNG made by the page's canvas, pasted through a synthetic ClipboardEvent. */
async function pastePng(wp: WebviewPage, opts: { name: string; padTo?: number }): Promise<string> {
  return wp.page.evaluate(async ({ name, padTo }) => {
    // In the page: DOM names through globalThis, since the root tsconfig has no DOM lib.
    const { document, DataTransfer, File, ClipboardEvent, btoa } = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const canvas = document.createElement('canvas');
    canvas.width = 3;
    canvas.height = 2;
    canvas.getContext('2d')!.fillRect(0, 0, 2, 1);
    const blob = await new Promise<Blob>((r) => canvas.toBlob((b: Blob) => r(b), 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const parts: Uint8Array[] = [bytes];
    if (padTo && padTo > bytes.length) parts.push(new Uint8Array(padTo - bytes.length));
    const file = new File(parts, name, { type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const ta = document.querySelector('textarea.prompt-input')!;
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin);
  }, opts);
}

describe('webview: slash commands, images, context meter', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  beforeEach(async () => {
    wp = await harness.open();
    await wp.snapshot([]);
    await wp.host({ type: 'commands', commands: COMMANDS });
    await wp.clearPosted();
  });
  afterEach(() => wp.closeClean());

  it('/ opens the menu, typing filters, arrows move, Enter inserts the command', async () => {
    const box = wp.page.locator('textarea.prompt-input');
    const menu = wp.page.locator('.slash-list');
    await box.click();
    await box.press('/');
    assert.equal(await menu.getAttribute('role'), 'listbox');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await wp.page.locator('.slash-item .slash-name').allTextContents(), ['/greet', '/clear', '/compact', '/context']);
    assert.equal(await wp.page.locator('.slash-item[role="option"][aria-selected="true"]').count(), 1);
    await box.pressSequentially('co');
    assert.deepEqual(await wp.page.locator('.slash-item .slash-name').allTextContents(), ['/compact', '/context']);
    await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), 'slash-1');
    await box.press('Enter');
    assert.equal(await box.inputValue(), '/context ');
    assert.equal(await menu.isHidden(), true);
    assert.ok(!(await wp.posted()).some((m) => m.type === 'sendPrompt'), 'Enter picked, it did not send');
    // Aliases match too; Escape closes without inserting, and a later Enter sends.
    await box.fill('');
    await box.pressSequentially('/gr');
    assert.deepEqual(await wp.page.locator('.slash-item .slash-name').allTextContents(), ['/greet']);
    assert.match((await wp.page.locator('.slash-item').textContent()) ?? '', /<name>.*Greets someone warmly/);
    await box.press('Escape');
    assert.equal(await menu.isHidden(), true);
    await box.pressSequentially(' world');
    await box.press('Enter');
    const sent = (await wp.posted()).filter((m) => m.type === 'sendPrompt');
    assert.deepEqual(sent, [{ type: 'sendPrompt', text: '/gr world' }]);
    // Not at the start of the prompt: no menu.
    await box.pressSequentially('see /co');
    assert.equal(await menu.isHidden(), true);
  });

  it('@ picks a folder and stays open to go on into it; a range is inserted as typed', async () => {
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    await box.pressSequentially('see @sr');
    const lastQuery = async (q: string) => {
      for (let i = 0; i < 100; i++) {
        const m = (await wp.posted()).filter((p) => p.type === 'mentionQuery').at(-1) as { requestId: number; query: string } | undefined;
        if (m?.query === q) return m;
        await wp.page.waitForTimeout(20);
      }
      throw new Error(`no mentionQuery for ${q}`);
    };
    let q = await lastQuery('sr');
    await wp.host({ type: 'mentionResults', requestId: q.requestId, items: ['src/', 'src/a.ts'] });
    await wp.settle();
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'see @src/');
    q = await lastQuery('src/');
    await wp.host({ type: 'mentionResults', requestId: q.requestId, items: ['src/a.ts#L10-20'] });
    await wp.settle();
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'see @src/a.ts#L10-20 ');
  });

  it('a pasted PNG becomes a removable thumbnail and is sent as an image next to the text', async () => {
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    const b64 = await pastePng(wp, { name: 'shot.png' });
    await wp.page.locator('.attach-thumb img').waitFor();
    assert.equal(await wp.page.locator('.attach-thumb').count(), 1);
    // A second one, removed again before sending.
    await pastePng(wp, { name: 'other.png' });
    await wp.page.locator('.attach-thumb').nth(1).waitFor();
    await wp.page.locator('.attach-remove[aria-label="Remove other.png"]').click();
    assert.equal(await wp.page.locator('.attach-thumb').count(), 1);
    await box.pressSequentially('what is in this picture?');
    await box.press('Enter');
    const sent = (await wp.posted()).filter((m) => m.type === 'sendPrompt');
    assert.deepEqual(sent, [{ type: 'sendPrompt', text: 'what is in this picture?', images: [{ mediaType: 'image/png', data: b64, name: 'shot.png' }] }]);
    assert.equal(await wp.page.locator('.attachments').isHidden(), true, 'the tray empties on send');
    // The host echoes the prompt: the transcript shows the image with it.
    await wp.push([{ type: 'user', turnId: 'u1', text: 'what is in this picture?', images: [{ mediaType: 'image/png', data: b64, name: 'shot.png' }] }]);
    assert.equal(await wp.page.locator('.entry.user img.user-image').count(), 1);
    assert.ok(await wp.page.locator('.entry.user img.user-image').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth === 3));
  });

  it('an image over 5 MB is refused with a message and never sent', async () => {
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    await pastePng(wp, { name: 'huge.png', padTo: 6 * 1024 * 1024 });
    const alert = wp.page.locator('.attach-error[role="alert"]');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /huge\.png is 6\.0 MB; images can be at most 5 MB/);
    assert.equal(await wp.page.locator('.attach-thumb').count(), 0);
    await box.press('Enter');
    assert.ok(!(await wp.posted()).some((m) => m.type === 'sendPrompt'), 'nothing to send');
  });

  it('the attach button asks the host, and images it sends back join the tray', async () => {
    await wp.page.locator('button[data-action="attach"]').click();
    assert.ok((await wp.posted()).some((m) => m.type === 'pickImages'));
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
    await wp.host({ type: 'addImages', images: [{ mediaType: 'image/png', data: png, name: 'picked.png' }] });
    await wp.settle();
    assert.equal(await wp.page.locator('.attach-thumb[title="picked.png"]').count(), 1);
  });

  it('the header shows context fill and cost, and warns before auto-compaction', async () => {
    await wp.host({ type: 'status', status: { ...idleStatus, costUsd: 0.1234, context: { usedTokens: 250_000, maxTokens: 1_000_000, autoCompactAt: 967_000 } } });
    await wp.settle();
    const meter = wp.page.locator('.header .context-meter');
    assert.equal((await meter.textContent())?.trim(), '25% context · $0.12');
    assert.equal(await meter.locator('[role="meter"]').getAttribute('aria-valuenow'), '25');
    assert.equal(await meter.evaluate((el) => el.classList.contains('warn')), false);
    await wp.host({ type: 'status', status: { ...idleStatus, context: { usedTokens: 950_000, maxTokens: 1_000_000, autoCompactAt: 967_000 } } });
    await wp.settle();
    assert.equal((await meter.textContent())?.trim(), '95% context · compacts soon');
    assert.equal(await meter.evaluate((el) => el.classList.contains('warn')), true);
    assert.match((await meter.getAttribute('title')) ?? '', /compacts the conversation at 967k tokens/);
  });
});
