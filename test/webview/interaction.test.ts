import assert from 'node:assert/strict';
import { idleStatus, useHarness, type WebviewPage } from './harness';

describe('webview: messages and input', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  beforeEach(async () => {
    wp = await harness.open();
  });
  afterEach(() => wp.closeClean());

  it('says ready once and renders nothing from the host before the snapshot', async () => {
    assert.deepEqual(await wp.posted(), [{ type: 'ready' }]);
    await wp.host({ type: 'events', events: [{ type: 'user', turnId: 'early', text: 'too early' }] });
    await wp.host({ type: 'status', status: { ...idleStatus, model: 'early-model' } });
    await wp.settle();
    assert.equal(await wp.page.locator('.entry').count(), 0);
    assert.equal(await wp.page.locator('.header .model').count(), 0);
    await wp.snapshot([{ type: 'user', turnId: 't1', text: 'hello' }]);
    assert.deepEqual(await wp.page.locator('.entry.user').allTextContents(), ['hello']);
  });

  it('drops invalid host messages with a warning and keeps working', async () => {
    await wp.snapshot([]);
    const bad: unknown[] = [
      null,
      'snapshot',
      42,
      { type: 'nope' },
      { type: 'events', events: [{ type: 'text', messageId: 'm' }] },
      { type: 'events', events: 'not an array' },
      { type: 'status', status: { state: 'exploding' } },
      { type: 'snapshot', events: [] },
      { type: 'error', error: { code: 'x' } },
    ];
    for (const m of bad) await wp.host(m);
    await wp.settle();
    const warnings = wp.console.filter((c) => c.type === 'warning' && c.text.includes('dropped an invalid host message'));
    assert.equal(warnings.length, bad.length);
    await wp.push([{ type: 'user', turnId: 't', text: 'still alive' }, { type: 'text', messageId: 'm', index: 0, text: 'yes' }]);
    assert.deepEqual(await wp.page.locator('.entry.user').allTextContents(), ['still alive']);
    assert.equal((await wp.page.locator('.entry.assistant').textContent())!.trim(), 'yes');
  });

  it('@ asks the host for files, and the picked file is inserted as @path', async () => {
    await wp.snapshot([]);
    await wp.clearPosted();
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    await box.pressSequentially('look at @sess');
    await wp.page.waitForFunction(() => true);
    let query: { type: string; requestId: number; query: string } | undefined;
    for (let i = 0; i < 50 && !query; i++) {
      query = (await wp.posted()).find((m) => (m as { type: string }).type === 'mentionQuery') as typeof query;
      if (!query) await wp.page.waitForTimeout(20);
    }
    assert.equal(query?.query, 'sess');
    await wp.host({ type: 'mentionResults', requestId: query!.requestId - 1, items: ['stale.ts'] });
    await wp.host({ type: 'mentionResults', requestId: query!.requestId, items: ['src/claude/session.ts', 'src/my session.ts'] });
    await wp.settle();
    assert.deepEqual(await wp.page.locator('.mention-item').allTextContents(), ['src/claude/session.ts', 'src/my session.ts']);
    await box.press('ArrowDown');
    // A screen reader follows the selection: the prompt box points at the selected option.
    assert.equal(await box.getAttribute('aria-activedescendant'), 'mention-1');
    assert.equal(await wp.page.locator('#mention-1').getAttribute('aria-selected'), 'true');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'look at @"src/my session.ts" ');
    assert.equal(await wp.page.locator('.mention-list').isHidden(), true);
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.ok(!(await wp.posted()).some((m) => (m as { type: string }).type === 'sendPrompt'), 'Enter picked, it did not send');
  });

  it('tells the host once per focus that the user works in the panel (a key or pointer press, not focus alone)', async () => {
    await wp.snapshot([]);
    const active = async () => (await wp.posted({ focus: true })).filter((m) => m.type === 'panelActive').length;
    await wp.page.evaluate("window.dispatchEvent(new Event('focus'))");
    assert.equal(await active(), 0, 'focus alone says nothing');
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    await box.press('a');
    await box.press('b');
    assert.equal(await active(), 1, 'once per focus');
    await wp.page.evaluate("window.dispatchEvent(new Event('blur'))");
    await box.press('c');
    assert.equal(await active(), 2, 'again after the panel lost and regained the focus');
  });

  it('header model and mode open the pickers; insertInput appends a selection', async () => {
    await wp.snapshot([]);
    await wp.host({ type: 'status', status: { ...idleStatus, model: 'claude-opus-4-8', permissionMode: 'default' } });
    await wp.settle();
    await wp.clearPosted();
    await wp.page.locator('.header .model').click();
    await wp.page.locator('.header .mode').click();
    assert.deepEqual(await wp.posted(), [{ type: 'pickModel' }, { type: 'pickPermissionMode' }]);
    const box = wp.page.locator('textarea.prompt-input');
    await box.fill('Explain this');
    await wp.host({ type: 'insertInput', text: '@src/a.ts (lines 1-2):\n```ts\nlet a = 1;\n```\n' });
    await wp.settle();
    assert.equal(await box.inputValue(), 'Explain this\n@src/a.ts (lines 1-2):\n```ts\nlet a = 1;\n```\n');
  });

  it('a deep link fills the box quietly (no composing, so no pre-warm); the host hears when the draft becomes empty or not', async () => {
    await wp.snapshot([]);
    const box = wp.page.locator('textarea.prompt-input');
    // The panel says its (restored, here empty) draft's state as it starts.
    assert.deepEqual((await wp.posted({ draft: true })).filter((m) => m.type === 'draft'), [{ type: 'draft', empty: true }]);
    await wp.clearPosted();
    await wp.host({ type: 'setInput', text: 'Explain this \u200B@a.ts' });
    await wp.settle();
    assert.equal(await box.inputValue(), 'Explain this \u200B@a.ts');
    assert.equal(await box.evaluate((el) => el === el.ownerDocument.activeElement), true, 'the box has the focus');
    assert.deepEqual(await wp.posted({ draft: true }), [{ type: 'draft', empty: false }]);
    // The user's own typing is composing: the host may pre-warm now.
    await box.press('End');
    await box.pressSequentially('!');
    assert.deepEqual(await wp.posted({ draft: true }), [{ type: 'draft', empty: false }, { type: 'composing' }]);
    await wp.clearPosted();
    await box.fill('');
    assert.deepEqual(await wp.posted({ draft: true }), [{ type: 'draft', empty: true }]);
  });

  it('Enter sends, Shift+Enter does not, Up recalls the last prompt', async () => {
    await wp.snapshot([]);
    await wp.clearPosted();
    const box = wp.page.locator('textarea.prompt-input');
    await box.click();
    await box.pressSequentially('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    // Focus and typing say `composing` once (the host may pre-warm Claude); nothing is sent.
    assert.deepEqual(await wp.posted(), [{ type: 'composing' }]);
    await wp.clearPosted();
    await box.press('Enter');
    assert.deepEqual(await wp.posted(), [{ type: 'sendPrompt', text: 'line one\nline two' }]);
    assert.equal(await box.inputValue(), '');
    await box.press('ArrowUp');
    assert.equal(await box.inputValue(), 'line one\nline two');
    // Blank prompts are not sent (typing the next prompt says `composing` again, once).
    await box.fill('   ');
    await box.press('Enter');
    assert.deepEqual(await wp.posted(), [{ type: 'sendPrompt', text: 'line one\nline two' }, { type: 'composing' }]);
  });

  it('Stop button and Escape post stop only while a turn runs; New Chat posts newChat', async () => {
    await wp.snapshot([], idleStatus);
    const stop = wp.page.locator('button.stop');
    assert.equal(await stop.isVisible(), false);
    await wp.clearPosted();
    await wp.page.keyboard.press('Escape');
    assert.deepEqual(await wp.posted(), []);

    for (const state of ['starting', 'running', 'stopping'] as const) {
      await wp.host({ type: 'status', status: { ...idleStatus, state } });
      assert.equal(await stop.isVisible(), true, state);
    }
    await stop.click();
    await wp.page.keyboard.press('Escape');
    assert.deepEqual(await wp.posted(), [{ type: 'stop' }, { type: 'stop' }]);
    await wp.host({ type: 'status', status: { ...idleStatus, state: 'idle' } });
    assert.equal(await stop.isVisible(), false);

    await wp.clearPosted();
    await wp.page.locator('[data-action="new-chat"]').click();
    assert.deepEqual(await wp.posted(), [{ type: 'newChat' }]);
  });

  it('links post openLink and never navigate', async () => {
    await wp.snapshot([{ type: 'block', messageId: 'm', index: 0, kind: 'text', text: 'See [the docs](https://example.com/docs), <https://example.org> and [a file](src/a.ts).' }]);
    await wp.clearPosted();
    const url = wp.page.url();
    for (const link of await wp.page.locator('.entry.assistant a').all()) {
      await link.click();
      await link.click({ button: 'middle' });
    }
    assert.equal(wp.page.url(), url);
    assert.equal(wp.page.context().pages().length, 1);
    assert.deepEqual(await wp.posted(), [
      { type: 'openLink', href: 'https://example.com/docs' },
      { type: 'openLink', href: 'https://example.org' },
      { type: 'openLink', href: 'src/a.ts' },
    ]);
  });

  it('header shows state, model, mode, folder and the scripted badge', async () => {
    await wp.snapshot([], { ...idleStatus, scripted: true, queued: 2 });
    const header = (await wp.page.locator('.header-info').textContent())!;
    assert.equal(header, 'Ready·2 queued·claude-opus-4-8·Ask before editsscripted answers· project');
    await wp.host({ type: 'status', status: { ...idleStatus, state: 'running' } });
    assert.equal(await wp.page.locator('.header .badge.scripted').count(), 0);
    assert.equal(await wp.page.locator('.header .state-name').textContent(), 'Working…');
  });

  it('error banner shows its actions and posts errorAction; null clears it', async () => {
    await wp.host({ type: 'error', error: { code: 'cliNotFound', message: 'Claude Code CLI not found.', actions: ['install', 'openSettings'] } });
    await wp.snapshot([]);
    const banner = wp.page.locator('.error-banner');
    assert.equal(await banner.isVisible(), true, 'an error sent before the snapshot shows after it');
    assert.equal(await banner.locator('.banner-text').textContent(), 'Claude Code CLI not found.');
    await wp.clearPosted();
    await banner.getByRole('button', { name: 'Open Settings' }).click();
    await banner.getByRole('button', { name: 'Install' }).click();
    assert.deepEqual(await wp.posted(), [{ type: 'errorAction', action: 'openSettings' }, { type: 'errorAction', action: 'install' }]);
    await wp.host({ type: 'error', error: null });
    assert.equal(await banner.isVisible(), false);
  });

  it('permission banner lists pending prompts; its one button only asks to show them', async () => {
    await wp.snapshot([], { ...idleStatus, state: 'running' }, [{ id: 'p1', toolName: 'Bash', summary: 'rm -rf build/' }]);
    const banner = wp.page.locator('.permission-banner');
    assert.equal(await banner.isVisible(), true);
    assert.match((await banner.textContent())!, /Waiting for your permission.*Bash rm -rf build\//);
    assert.equal(await banner.locator('button').count(), 1);
    await wp.clearPosted();
    await banner.getByRole('button', { name: 'Show prompt' }).click();
    assert.deepEqual(await wp.posted(), [{ type: 'showPermissions' }]);
    await wp.host({ type: 'permissions', pending: [] });
    assert.equal(await banner.isVisible(), false);
  });

  it('setInput and focusInput', async () => {
    await wp.snapshot([]);
    await wp.host({ type: 'setInput', text: 'explain this file' });
    assert.equal(await wp.page.locator('textarea.prompt-input').inputValue(), 'explain this file');
    assert.equal(await wp.call('activeTag'), 'TEXTAREA');
  });
});
