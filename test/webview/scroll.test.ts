import assert from 'node:assert/strict';
import type { ChatEvent, ChatTab } from '../../src/shared/contract';
import { useHarness, type WebviewPage } from './harness';
import { longChat } from './fixtures/longChat';

// Page-side code below runs in the browser; the root tsconfig has no DOM lib, so name what it uses.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const tab = (id: string): ChatTab => ({ id, title: `Chat ${id}`, state: 'idle', unread: false, focused: false });

/** What the host sends when a surface shows chat `id`: its snapshot, then the chat list naming it. */
async function showChat(wp: WebviewPage, id: string, events: ChatEvent[]): Promise<void> {
  await wp.snapshot(events);
  await wp.host({ type: 'chats', fixed: false, shown: id, chats: [tab('a'), tab('b')], ref: { folder: '/home/me/project', id } });
  await wp.settle();
}

const atBottom = (wp: WebviewPage): Promise<boolean> => wp.page.locator('main.transcript').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);

/** The text of the first entry whose bottom is below the transcript's top (what the user reads first). */
function topEntry(wp: WebviewPage): Promise<string> {
  return wp.page.evaluate(() => {
    const box = document.querySelector('main.transcript').getBoundingClientRect();
    for (const el of document.querySelectorAll('.entries > .entry')) {
      const r = el.getBoundingClientRect();
      if (r.bottom > box.top + 1) return el.textContent.slice(0, 40);
    }
    return '';
  });
}

describe('webview: scrolling', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('sending scrolls to the new prompt and follows its answer, however far up the user was', async () => {
    wp = await harness.open();
    await wp.snapshot(longChat(30));
    const scroller = wp.page.locator('main.transcript');
    await scroller.evaluate((el) => el.scrollBy(0, -400));
    await wp.page.waitForTimeout(50);
    assert.equal(await atBottom(wp), false);

    await wp.push([{ type: 'user', turnId: 'sent', text: 'my new prompt' }]);
    const prompt = wp.page.locator('.entry.user', { hasText: 'my new prompt' });
    assert.equal(await atBottom(wp), true, 'at the end after sending');
    assert.equal(await prompt.isVisible(), true);
    for (let i = 0; i < 15; i++) await wp.push([{ type: 'text', messageId: 'answer', index: 0, text: `answer line ${i}\n\n` }]);
    assert.equal(await atBottom(wp), true, 'follows the answer');
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), false);
  });

  it('a chat switch restores each chat to where the user left it, with "Scroll to latest" when not at the end', async () => {
    wp = await harness.open();
    await showChat(wp, 'a', longChat(30));
    const scroller = wp.page.locator('main.transcript');
    await scroller.evaluate((el) => el.scrollBy(0, -1500));
    await wp.page.waitForTimeout(300);
    const readingA = await topEntry(wp);
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), true);

    // Chat b was never scrolled: it opens at its end.
    await showChat(wp, 'b', longChat(12).map((e) => (e.type === 'user' ? { ...e, text: `B ${e.text}` } : e)));
    assert.equal(await atBottom(wp), true);
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), false);
    await scroller.evaluate((el) => el.scrollBy(0, -300));
    await wp.page.waitForTimeout(300);
    const readingB = await topEntry(wp);

    await showChat(wp, 'a', longChat(30));
    assert.equal(await topEntry(wp), readingA, "back in chat a: a's position");
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), true, 'not at the end: the button shows');
    await showChat(wp, 'b', longChat(12).map((e) => (e.type === 'user' ? { ...e, text: `B ${e.text}` } : e)));
    assert.equal(await topEntry(wp), readingB, "back in chat b: b's position");

    // A chat left at the end comes back at the end (and follows), even with new output meanwhile.
    await wp.page.locator('.jump-bottom').click();
    await wp.page.waitForTimeout(300);
    await showChat(wp, 'a', longChat(30));
    await showChat(wp, 'b', longChat(14).map((e) => (e.type === 'user' ? { ...e, text: `B ${e.text}` } : e)));
    assert.equal(await atBottom(wp), true);
  });

  it('a resize keeps a following view at the end and shows "Scroll to latest" when it is not', async () => {
    wp = await harness.open('dark', { width: 600, height: 720 });
    await showChat(wp, 'a', longChat(30));
    assert.equal(await atBottom(wp), true);
    await wp.page.setViewportSize({ width: 260, height: 400 });
    await wp.settle();
    assert.equal(await atBottom(wp), true, 'still at the end after narrowing');
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), false);

    await wp.page.locator('main.transcript').evaluate((el) => el.scrollBy(0, -600));
    await wp.page.waitForTimeout(100);
    await wp.page.setViewportSize({ width: 600, height: 720 });
    await wp.settle();
    assert.equal(await atBottom(wp), false);
    assert.equal(await wp.page.locator('.jump-bottom').isVisible(), true, 'not at the end: the button shows');
  });
});
