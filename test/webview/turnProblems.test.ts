import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/shared/contract';
import { useHarness, type WebviewPage } from './harness';
import { seriousViolations } from './axe';

const turn: ChatEvent[] = [
  { type: 'user', turnId: 'u1', text: 'break the config' },
  { type: 'text', messageId: 'm1', index: 0, text: 'Done.' },
  { type: 'turnEnd', turnId: 's1', outcome: 'success' },
  { type: 'turnFiles', turnId: 'u1', files: ['/w/conf.json'] },
];
const problems: ChatEvent = {
  type: 'turnProblems',
  turnId: 'u1',
  problems: [
    { path: '/w/conf.json', line: 3, column: 5, severity: 'error', message: 'Expected comma', source: 'json', code: '514' },
    // A message is the language server's text about the file: plain text, never markup.
    { path: '/w/conf.json', line: 7, column: 1, severity: 'warning', message: '<img src=x onerror=alert(1)> **bold** [link](https://example.com)' },
  ],
  more: 4,
};

/** The problems Claude's edits brought, in the turn's footer. */
describe("webview: a turn footer's new problems", () => {
  const harness = useHarness();
  let wp: WebviewPage;

  afterEach(() => wp.closeClean());

  it('join the footer of their turn, as plain text with severity in words; clicks only ask the host', async () => {
    wp = await harness.open();
    await wp.snapshot(turn);
    // A next prompt was sent before the language servers settled: the problems still join turn u1's footer.
    await wp.push([{ type: 'user', turnId: 'u2', text: 'next' }, problems]);
    const footer = wp.page.locator('.entry.turn-files[data-turn-id="u1"] .turn-problems');
    await footer.waitFor();
    assert.equal(await wp.page.locator('.turn-problems').count(), 1);
    const items = await footer.locator('li').allInnerTexts();
    assert.equal(items.length, 2);
    assert.match(items[0], /Error\s+conf\.json:3\s+Expected comma\s+\(json 514\)/);
    assert.match(items[1], /Warning\s+conf\.json:7\s+<img src=x onerror=alert\(1\)> \*\*bold\*\* \[link\]\(https:\/\/example\.com\)/);
    assert.equal(await footer.locator('img, a, strong').count(), 0, 'nothing in a message became markup');
    assert.match(await footer.innerText(), /New problems in the changed files: 6/);
    assert.match(await footer.innerText(), /and 4 more/);

    await wp.clearPosted();
    await footer.getByRole('button', { name: 'conf.json:7' }).click();
    await footer.getByRole('button', { name: /Ask Claude to fix/ }).click();
    await wp.settle();
    assert.deepEqual(await wp.posted(), [
      { type: 'openProblem', turnId: 'u1', index: 1 },
      { type: 'fixProblems', turnId: 'u1' },
    ]);
  });

  it('are kept in a snapshot (a reopened panel), and pass axe in both themes', async () => {
    for (const theme of ['dark', 'light'] as const) {
      wp = await harness.open(theme);
      await wp.snapshot([...turn, problems]);
      await wp.page.locator('.turn-problems').waitFor();
      assert.equal(await wp.page.locator('.turn-problems li').count(), 2);
      assert.deepEqual(await seriousViolations(wp), [], theme);
      if (theme === 'dark') await wp.closeClean();
    }
  });

  it('for a turn the panel has no footer of (trimmed away), nothing shows and nothing breaks', async () => {
    wp = await harness.open();
    await wp.snapshot([{ type: 'user', turnId: 'u9', text: 'hi' }]);
    await wp.push([{ ...problems, turnId: 'u8' } as ChatEvent, { type: 'text', messageId: 'm9', index: 0, text: 'still fine' }]);
    await wp.page.getByText('still fine').waitFor();
    assert.equal(await wp.page.locator('.turn-problems').count(), 0);
  });
});
