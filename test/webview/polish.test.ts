import assert from 'node:assert/strict';
import type { ChatEvent, StatusInfo } from '../../src/shared/contract';
import { idleStatus, useHarness, type WebviewPage } from './harness';

// Page-side code below runs in the browser; the root tsconfig has no DOM lib, so name what it uses.
declare function getComputedStyle(el: unknown): any; // eslint-disable-line @typescript-eslint/no-explicit-any

const running: StatusInfo = { ...idleStatus, state: 'running' };

/** Small fixes of the panel, each as a user sees it. */
describe('webview: the smaller items', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('the header names the default model and the permission mode in words', async () => {
    wp = await harness.open();
    await wp.snapshot([], { ...idleStatus, model: undefined, permissionMode: 'default' });
    assert.equal(await wp.page.locator('.header .model').textContent(), 'Default model');
    assert.equal(await wp.page.locator('.header .mode').textContent(), 'Ask before edits');
    await wp.host({ type: 'status', status: { ...idleStatus, permissionMode: 'acceptEdits' } });
    assert.equal(await wp.page.locator('.header .mode').textContent(), 'Accept edits');
  });

  it('the banner says "answer" and "Question" for a question, not AskUserQuestion', async () => {
    wp = await harness.open();
    await wp.snapshot([], running, [{ id: 'q', toolName: 'AskUserQuestion', summary: 'Ask: Which color?' }]);
    const banner = wp.page.locator('.permission-banner');
    assert.equal(await banner.locator('.banner-title').textContent(), 'Waiting for your answer');
    assert.doesNotMatch((await banner.textContent()) ?? '', /AskUserQuestion/);
    await wp.host({ type: 'permissions', pending: [{ id: 'm', toolName: 'mcp__github__create_issue', summary: 'create an issue' }] });
    await wp.settle();
    assert.equal(await banner.locator('li').textContent(), 'github · create_issue create an issue');
  });

  it('a tool error shows without the CLI\'s <tool_use_error> tags', async () => {
    wp = await harness.open();
    await wp.snapshot([
      { type: 'tool', messageId: 'm', index: 0, toolUseId: 'r', name: 'Read', input: { file_path: '/ws/missing.txt' } },
      { type: 'toolResult', toolUseId: 'r', isError: true, text: '<tool_use_error>File does not exist.</tool_use_error>' },
    ]);
    assert.equal(await wp.page.locator('.card-error').textContent(), 'File does not exist.');
  });

  it('an Edit card says "+2 −1" when one line became two, pending and done, as the prompt does', async () => {
    wp = await harness.open();
    await wp.snapshot([{ type: 'tool', messageId: 'm', index: 0, toolUseId: 'e', name: 'Edit', input: { file_path: '/ws/a.txt', old_string: 'b', new_string: 'b1\nb2' } }]);
    const card = wp.page.locator('.card.tool-edit');
    assert.equal(await card.locator('.line-change').textContent(), '+2 −1');
    await wp.push([
      { type: 'toolResult', toolUseId: 'e', isError: false, text: 'ok', structured: { filePath: '/ws/a.txt', structuredPatch: [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 3, lines: ['-b', '+b1', '+b2', ' end'] }] } },
      { type: 'toolState', toolUseId: 'e', state: 'done' },
    ]);
    await wp.settle();
    assert.equal(await card.locator('.line-change').textContent(), '+2 −1');
  });

  it('ten retries are one updating line, and a turn\'s error shows once', async () => {
    wp = await harness.open();
    await wp.snapshot([{ type: 'user', turnId: 't', text: 'go' }]);
    for (let i = 1; i <= 10; i++) await wp.push([{ type: 'notice', level: 'info', text: `The API is busy (529); retrying (attempt ${i} of 10, next in ${i} s).`, marker: 'retry' }]);
    await wp.settle();
    const lines = wp.page.locator('.entry.notice');
    assert.equal(await lines.count(), 1);
    assert.equal(await lines.textContent(), 'The API is busy (529); retrying (attempt 10 of 10, next in 10 s).');
    const error = { code: 'overloaded', message: 'Claude is overloaded (529).', actions: ['retry'] } as const;
    await wp.push([{ type: 'turnEnd', turnId: 't', outcome: 'error', durationMs: 1000, error: { ...error, actions: [...error.actions] } }]);
    await wp.host({ type: 'error', error: { ...error, actions: [...error.actions] } });
    await wp.settle();
    // Where the message is visible: the banner, the turn's footer, an answer block.
    const shown = async () =>
      (await wp.page.locator('.error-banner .banner-text', { hasText: 'Claude is overloaded' }).filter({ visible: true }).count()) +
      (await wp.page.locator('.turn-end .turn-error', { hasText: 'Claude is overloaded' }).filter({ visible: true }).count()) +
      (await wp.page.locator('.entry.text', { hasText: 'Claude is overloaded' }).filter({ visible: true }).count());
    assert.equal(await shown(), 1, 'the banner shows it, the footer does not repeat it');
    assert.equal(await wp.page.locator('.turn-end').textContent().then((t) => /Failed/.test(t ?? '')), true);
    // Once the banner is gone (the next prompt), the footer keeps the record.
    await wp.host({ type: 'error', error: null });
    await wp.settle();
    assert.equal(await shown(), 1);
    assert.equal(await wp.page.locator('.turn-end .turn-error').isVisible(), true);
    // A new turn's retries start a new line.
    await wp.push([{ type: 'user', turnId: 't2', text: 'again' }, { type: 'notice', level: 'info', text: 'The API is busy; retrying (attempt 1 of 10).', marker: 'retry' }]);
    await wp.settle();
    assert.equal(await lines.count(), 2);
  });

  it('"Keep planning" is not styled as an error', async () => {
    wp = await harness.open();
    await wp.snapshot([
      { type: 'tool', messageId: 'm', index: 0, toolUseId: 'p', name: 'ExitPlanMode', input: { plan: '1. do it' } },
      { type: 'toolState', toolUseId: 'p', state: 'denied' },
      { type: 'toolResult', toolUseId: 'p', isError: true, text: 'Keep planning: add tests' },
    ]);
    const badge = wp.page.locator('.card.tool-exitplanmode .state-badge');
    assert.equal(await badge.textContent(), 'Keep planning');
    const colors = await badge.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el.closest('.card')).borderTopColor, getComputedStyle(document.body).color]);
    const error = await wp.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-errorForeground').trim());
    assert.notEqual(colors[0], hexToRgb(error), 'the badge is not error red');
    assert.equal(await badge.locator('.codicon-error').count(), 0);
  });

  it('an Agent card says it waits for permission while its subagent does', async () => {
    wp = await harness.open();
    const events: ChatEvent[] = [
      { type: 'tool', messageId: 'm', index: 0, toolUseId: 'agent', name: 'Agent', input: { description: 'Fix it', prompt: 'fix', subagent_type: 'general-purpose' } },
      { type: 'tool', messageId: 's', index: 0, toolUseId: 'child', name: 'Bash', input: { command: 'rm -rf build' }, parentToolUseId: 'agent' },
      { type: 'toolState', toolUseId: 'child', state: 'permission' },
    ];
    await wp.snapshot(events, running);
    const badge = wp.page.locator('.entries > .card.tool-agent > .card-head .state-badge');
    assert.equal(await badge.textContent(), 'Waiting for permission');
    await wp.push([{ type: 'toolState', toolUseId: 'child', state: 'running' }]);
    assert.notEqual(await badge.textContent(), 'Waiting for permission');
  });

  it("a failed turn's footer keeps one line for its summary; the message wraps below", async () => {
    wp = await harness.open('dark', { width: 300, height: 500 });
    await wp.snapshot([
      { type: 'user', turnId: 't', text: 'go' },
      { type: 'turnEnd', turnId: 't', outcome: 'error', durationMs: 3000, error: { code: 'cli', message: 'The CLI exited with code 1 after an API error: overloaded, please try again later', actions: [] } },
    ]);
    const summary = wp.page.locator('.turn-end > span:not(.codicon):not(.turn-error)');
    const lines = await summary.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '16')));
    assert.ok(lines <= 1, `the summary is one line (${lines})`);
  });
});

declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

function hexToRgb(hex: string): string {
  const n = parseInt(hex.replace('#', '').slice(0, 6), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
