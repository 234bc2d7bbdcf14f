import assert from 'node:assert/strict';
import type { ChatEvent, ChatTab, PendingPermission, StatusInfo } from '../../src/shared/contract';
import { idleStatus, useHarness, type WebviewPage } from './harness';
import { longChat } from './fixtures/longChat';

// Page-side code below runs in the browser; the root tsconfig has no DOM lib, so name what it uses.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const status: StatusInfo = {
  ...idleStatus,
  state: 'running',
  mcpServers: [{ name: 'github', status: 'connected' }, { name: 'db', status: 'failed' }],
  context: { usedTokens: 84_000, maxTokens: 200_000 },
};
const tab = (id: string, title: string): ChatTab => ({ id, title, state: 'idle', unread: false, focused: false });

const OLD = Array.from({ length: 6 }, (_, i) => `  const step${i} = compute(${i});`).join('\n');
const NEW = Array.from({ length: 6 }, (_, i) => `  const step${i} = await computeAsync(${i}, options);`).join('\n');

function chat(): ChatEvent[] {
  let i = 0;
  const task = (subject: string, state: string): ChatEvent[] => {
    const id = `tc${i++}`;
    return [
      { type: 'tool', messageId: 'mt', index: i, toolUseId: id, name: 'TaskCreate', input: { subject, description: subject } },
      { type: 'toolResult', toolUseId: id, isError: false, text: 'ok', structured: { task: { id: String(i), subject } } },
      { type: 'tool', messageId: 'mt', index: 100 + i, toolUseId: `${id}u`, name: 'TaskUpdate', input: { taskId: String(i), status: state } },
      { type: 'toolResult', toolUseId: `${id}u`, isError: false, text: 'ok', structured: { success: true } },
    ];
  };
  return [
    ...longChat(4),
    { type: 'user', turnId: 'now', text: 'Make every step async and update the changelog.' },
    ...task('Make the steps async', 'in_progress'),
    ...task('Update the changelog', 'pending'),
    ...task('Run the tests', 'pending'),
    { type: 'block', messageId: 'a', index: 0, kind: 'text', text: 'I will change the steps in `src/steps.ts`.' },
    { type: 'tool', messageId: 'a', index: 1, toolUseId: 'edit1', name: 'Edit', input: { file_path: '/home/me/project/src/steps.ts', old_string: OLD, new_string: NEW } },
    { type: 'toolState', toolUseId: 'edit1', state: 'permission' },
  ];
}
const pending: PendingPermission[] = [{ id: 'p1', toolName: 'Edit', toolUseId: 'edit1', summary: 'Edit src/steps.ts' }];

/** The part of `selector`'s box that is inside the transcript's visible box, as a fraction of its height. */
function visibleShare(wp: WebviewPage, selector: string): Promise<number> {
  return wp.page.evaluate((sel) => {
    const box = document.querySelector('main.transcript').getBoundingClientRect();
    const r = document.querySelector(sel).getBoundingClientRect();
    const shown = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
    return r.height > 0 ? Math.max(0, shown) / r.height : 0;
  }, selector);
}

/** Elements whose text is cut off (wider than their box without wrapping or an ellipsis meant for it). */
function clipped(wp: WebviewPage): Promise<string[]> {
  return wp.page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('.header *, .banner *, .composer *, .task-list *, .chat-tabs *')) {
      if (el.offsetParent === null || el.classList.contains('codicon')) continue;
      const style = getComputedStyle(el);
      if (style.textOverflow === 'ellipsis') continue;
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'auto' && style.overflowX !== 'scroll') out.push(`${el.tagName}.${el.className}`);
    }
    return out;
  });
}
declare function getComputedStyle(el: unknown): any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('webview: narrow layouts', () => {
  const harness = useHarness();

  for (const width of [220, 300, 600]) {
    it(`at ${width} px the pending card and its diff stay visible, nothing clipped`, async () => {
      const wp = await harness.open('dark', { width, height: 560 });
      await wp.snapshot(chat(), status, pending);
      await wp.host({ type: 'chats', fixed: false, shown: 'a', chats: [tab('a', 'Async steps'), tab('b', 'Chat 2')], ref: { folder: '/home/me/project', id: 'a' } });
      await wp.settle();
      const path = await wp.screenshot(`narrow-${width}`);
      console.log(`      saved ${path}`);
      const card = '.card.tool-edit';
      assert.equal(await visibleShare(wp, `${card} .card-head`), 1, 'the card head is fully visible');
      const diff = await visibleShare(wp, `${card} .card-body`);
      assert.ok(diff >= 0.5, `at least half the diff is visible (${diff})`);
      assert.deepEqual(await clipped(wp), []);
      // The placeholder fits its box: the short one when the key hint would be cut.
      const placeholder = await wp.page.locator('textarea.prompt-input').getAttribute('placeholder');
      assert.equal(placeholder, width <= 300 ? 'Ask Claude…' : 'Ask Claude… (Enter to send, Shift+Enter for a new line)');
      const headerHeight = () => wp.page.locator('header.header').evaluate((el) => el.getBoundingClientRect().height);
      if (width <= 300) {
        // One header line; its "…" shows the rest (folder, MCP servers, context).
        assert.ok((await headerHeight()) < 40, `one header line (${await headerHeight()} px)`);
        assert.equal(await wp.page.locator('.header .folder').isVisible(), false);
        assert.equal(await wp.page.locator('.task-list-head').getAttribute('aria-expanded'), 'false', 'task list collapsed');
        // One line-number column in the diff, so the code keeps the width.
        const gutters = await wp.page.locator(`${card} .diff-line`).first().evaluate((el) => Array.from(el.querySelectorAll('.ln')).filter((ln: any) => getComputedStyle(ln).display !== 'none').length); // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.equal(gutters, 1);
        const more = wp.page.getByRole('button', { name: 'Show the full status' });
        await more.click();
        assert.equal(await more.getAttribute('aria-expanded'), 'true');
        assert.equal(await wp.page.locator('.header .folder').isVisible(), true);
      } else {
        assert.equal(await wp.page.locator('.header-more').isVisible(), false);
        assert.equal(await wp.page.locator('.header .folder').isVisible(), true);
      }
      await wp.closeClean();
    });
  }

  it('at 220 px "Project settings not loaded" stays on the one header line and still opens the review', async () => {
    const wp = await harness.open('dark', { width: 220, height: 400 });
    await wp.snapshot([], { ...status, state: 'idle', projectSettingsBlocked: true });
    await wp.settle();
    console.log(`      saved ${await wp.screenshot('narrow-220-project-settings')}`);
    const notice = wp.page.locator('.header .project-settings');
    assert.equal(await notice.isVisible(), true, 'the trust notice is not folded behind "…"');
    const headerHeight = await wp.page.locator('header.header').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(headerHeight < 40, `one header line (${headerHeight} px)`);
    assert.deepEqual(await clipped(wp), []);
    await wp.clearPosted();
    await notice.click();
    await wp.waitForPosted('reviewProjectSettings');
    await wp.closeClean();
  });

  it('at 300 px the scripted-answers badge shows on the one header line beside the trust notice', async () => {
    const wp = await harness.open('dark', { width: 300, height: 400 });
    await wp.snapshot([], { ...status, state: 'idle', projectSettingsBlocked: true, scripted: true });
    await wp.settle();
    assert.equal(await wp.page.locator('.header .badge.scripted').isVisible(), true, "answers that are not Claude's are flagged when narrow too");
    assert.equal(await wp.page.locator('.header .project-settings').isVisible(), true);
    const headerHeight = await wp.page.locator('header.header').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(headerHeight < 40, `one header line (${headerHeight} px)`);
    assert.deepEqual(await clipped(wp), []);
    await wp.closeClean();
  });
});
