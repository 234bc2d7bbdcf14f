import assert from 'node:assert/strict';
import { useHarness, type WebviewPage } from './harness';
import { longChat } from './fixtures/longChat';

// Page-side code below runs in the browser; the root tsconfig has no DOM lib, so name what it uses.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const CSS: any; // eslint-disable-line @typescript-eslint/no-explicit-any


/** The text of the current hit's highlight, and whether it is inside the visible part of the transcript. */
function currentHit(wp: WebviewPage): Promise<{ text: string; visible: boolean; entry: string } | null> {
  return wp.page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a DOM Range in page code
    const hl = (CSS as { highlights: Map<string, Set<any>> }).highlights.get('claude-find-current');
    const range = hl ? [...hl][0] : undefined;
    if (!range) return null;
    const r = range.getBoundingClientRect();
    const box = document.querySelector('main.transcript')!.getBoundingClientRect();
    const entry = range.startContainer.parentElement!.closest('.entry')!;
    return { text: range.toString(), visible: r.height > 0 && r.top >= box.top && r.bottom <= box.bottom, entry: entry.textContent!.slice(0, 40) };
  });
}

describe('webview: find in chat', () => {
  const harness = useHarness();

  it('finds a hit outside the rendered window, renders the window around it, scrolls to it and highlights it', async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(300));
    // Turn 7 is ~1,000 entries above the newest: not in the DOM.
    assert.equal(await wp.page.getByText('Question 7: how does part 7 work?', { exact: true }).count(), 0);

    await wp.page.locator('main.transcript').focus();
    await wp.page.keyboard.press('Control+f');
    const input = wp.page.getByRole('textbox', { name: 'Find in chat' });
    assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'Ctrl+F focuses the find input');
    await input.fill('question 7:');
    await wp.settle();
    assert.equal(await wp.page.locator('.find-count').textContent(), '1 of 1');
    const hit = await currentHit(wp);
    assert.deepEqual(hit, { text: 'Question 7:', visible: true, entry: 'Question 7: how does part 7 work?' });
    // Still a window, not the whole chat.
    assert.ok((await wp.page.locator('.entry').count()) <= 160);
    assert.equal(await wp.page.locator('.show-later').isVisible(), true);

    // Escape closes the bar and clears the highlight, and does not stop anything.
    await wp.clearPosted();
    await wp.page.keyboard.press('Escape');
    assert.equal(await wp.page.locator('.find-bar').isVisible(), false);
    assert.equal(await currentHit(wp), null);
    assert.deepEqual((await wp.posted()).filter((m) => m.type === 'stop'), []);
    assert.deepEqual(wp.pageErrors, []);
    await wp.close();
  });

  it("Ctrl+F stays in the page: VS Code's key forwarder on the window never sees it, so VS Code's Find can't take the focus", async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(5));
    // VS Code's webview wrapper forwards keys from a bubbling keydown listener on the page's
    // window (webview/browser/pre/index.html, handleInnerKeydown); this one stands in for it.
    await wp.page.evaluate(() => {
      const w = document.defaultView;
      w.forwarded = [];
      w.addEventListener('keydown', (e: { key: string; ctrlKey: boolean }) => w.forwarded.push(`${e.ctrlKey ? 'Ctrl+' : ''}${e.key}`));
    });
    await wp.page.locator('textarea.prompt-input').click();
    await wp.page.keyboard.press('Control+f');
    await wp.page.keyboard.press('Control+k');
    const forwarded = await wp.page.evaluate(() => document.defaultView.forwarded as string[]);
    assert.equal(await wp.page.locator('.find-bar').isVisible(), true);
    assert.deepEqual(forwarded.filter((k) => k.startsWith('Ctrl+') && k !== 'Ctrl+Control'), ['Ctrl+k'], 'other keys still reach VS Code; Ctrl+F does not');
    assert.deepEqual(wp.pageErrors, []);
    await wp.close();
  });

  it('shows "k of n" and steps with Enter / Shift+Enter, wrapping around', async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(300));
    await wp.page.keyboard.press('Control+f');
    const input = wp.page.getByRole('textbox', { name: 'Find in chat' });
    // "Question 1" is in turns 1, 10-19 and 100-199: 111 prompts.
    await input.fill('Question 1');
    await wp.settle();
    const step = async (key: string): Promise<[string | null, string | undefined]> => {
      if (key) await input.press(key);
      await wp.settle();
      const hit = await currentHit(wp);
      assert.equal(hit?.visible, true, `hit visible after ${key}`);
      return [await wp.page.locator('.find-count').textContent(), hit?.entry];
    };
    assert.deepEqual(await step(''), ['1 of 111', 'Question 1: how does part 1 work?']);
    assert.deepEqual(await step('Enter'), ['2 of 111', 'Question 10: how does part 10 work?']);
    assert.deepEqual(await step('Shift+Enter'), ['1 of 111', 'Question 1: how does part 1 work?']);
    assert.deepEqual(await step('Shift+Enter'), ['111 of 111', 'Question 199: how does part 199 work?']);
    // A tool's input is searchable too (the Bash card shows the command).
    await input.fill('npm test -- part250');
    await wp.settle();
    assert.equal(await wp.page.locator('.find-count').textContent(), '1 of 1');
    await input.fill('no such text anywhere');
    await wp.settle();
    assert.equal(await wp.page.locator('.find-count').textContent(), 'No results');
    // Back to the newest: the jump button renders the end of the chat again, and new entries show.
    await wp.page.keyboard.press('Escape');
    await wp.page.locator('.jump-bottom').click();
    await wp.push([{ type: 'user', turnId: 'new', text: 'after the search' }]);
    assert.equal(await wp.page.locator('.entry.user').last().textContent(), 'after the search');
    assert.deepEqual(wp.pageErrors, []);
    await wp.close();
  });

  it('the host can open it (the Find in Chat command, bound to Ctrl/Cmd+F in the panel)', async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(3));
    await wp.host({ type: 'openFind' });
    await wp.settle();
    assert.equal(await wp.page.locator('.find-bar').isVisible(), true);
    assert.equal(await wp.call('activeTag'), 'INPUT');
    await wp.close();
  });
});

describe('webview: find keystrokes', () => {
  const harness = useHarness();

  it('captures every key typed right after Ctrl+F, also when the host\'s Find in Chat arrives mid-word', async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(3));
    await wp.page.locator('textarea.prompt-input').focus();
    // In VS Code one Ctrl+F reaches the page as a keydown and then as the host's openFind (its keybinding).
    await wp.page.keyboard.press('Control+f');
    await wp.page.keyboard.type('shou');
    await wp.host({ type: 'openFind' });
    await wp.page.keyboard.type('t helper');
    const input = wp.page.getByRole('textbox', { name: 'Find in chat' });
    assert.equal(await input.inputValue(), 'shout helper');
    assert.equal(await wp.page.locator('textarea.prompt-input').inputValue(), '', 'nothing went to the prompt box');
    // Opened by the host alone (the keydown went to VS Code), typing lands in the bar too.
    await wp.page.keyboard.press('Escape');
    await wp.host({ type: 'openFind' });
    await wp.page.keyboard.type('part 2');
    assert.equal(await input.inputValue(), 'part 2');
    await wp.closeClean();
  });

  it('focus returns where it was: Escape in the find bar gives it back to the prompt box; the host\'s focusInput (after a native prompt) takes it there', async () => {
    const wp = await harness.open();
    await wp.snapshot(longChat(3));
    const prompt = wp.page.locator('textarea.prompt-input');
    await prompt.focus();
    await wp.page.keyboard.press('Control+f');
    await wp.page.keyboard.type('part');
    await wp.page.keyboard.press('Escape');
    assert.equal(await prompt.evaluate((el) => el === document.activeElement), true, 'back in the prompt box');
    // Focus elsewhere (the transcript), then the host says a native prompt was answered.
    await wp.page.locator('main.transcript').focus();
    await wp.host({ type: 'focusInput' });
    await wp.page.keyboard.type('next');
    assert.equal(await prompt.inputValue(), 'next');
    await wp.closeClean();
  });
});
