import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/shared/contract';
import { fixtureEvents } from './fromCli';
import { idleStatus, useHarness } from './harness';

const MARKDOWN = [
  'Here is the plan, with `inline code` and a [link](https://example.com):',
  '',
  '```ts',
  'export function add(a: number, b: number): number {',
  '  // sum two numbers',
  "  return a + b; // 'ok'",
  '}',
  '```',
  '',
  '- first item',
  '- second item',
  '',
  '> A quote.',
].join('\n');

function gallery(): ChatEvent[] {
  const drop = (e: ChatEvent): boolean => e.type !== 'user' && e.type !== 'turnEnd';
  return [
    { type: 'user', turnId: 'g1', text: 'Fix the greeting and show me the plan.' },
    { type: 'block', messageId: 'g', index: 0, kind: 'thinking', text: 'The user wants the greeting fixed.' },
    { type: 'block', messageId: 'g', index: 1, kind: 'text', text: MARKDOWN },
    ...fixtureEvents('tool-edit.jsonl').filter((e) => drop(e) && !(e.type === 'block')),
    ...fixtureEvents('tool-write.jsonl').filter((e) => drop(e) && !(e.type === 'block')),
    ...fixtureEvents('handmade-sample-tools.jsonl').filter(drop),
    { type: 'toolState', toolUseId: 'toolu_hm_fail', state: 'error' },
    { type: 'tool', messageId: 'p', index: 0, toolUseId: 'u-perm', name: 'Bash', input: { command: 'rm -rf build/', description: 'Clean the build' } },
    { type: 'toolState', toolUseId: 'u-perm', state: 'permission' },
    { type: 'turnEnd', turnId: 'g1', outcome: 'success', durationMs: 8450, costUsd: 0.0421, usage: { inputTokens: 12000, outputTokens: 830 } },
    { type: 'user', turnId: 'g2', text: 'And run the tests?' },
    { type: 'text', messageId: 'g2', index: 0, text: 'Running them now' },
  ];
}

describe('webview: screenshots', () => {
  const harness = useHarness();

  for (const theme of ['light', 'dark'] as const) {
    it(`renders the ${theme} theme`, async () => {
      const wp = await harness.open(theme, { width: 440, height: 1900 });
      await wp.snapshot(gallery(), { ...idleStatus, state: 'running', scripted: true }, [{ id: 'p1', toolName: 'Bash', toolUseId: 'u-perm', summary: 'rm -rf build/' }]);
      await wp.host({ type: 'error', error: { code: 'rateLimited', message: 'Rate limited; retrying soon.', actions: ['retry', 'showLogs'] } });
      await wp.page.locator('details.thinking summary').click();
      await wp.settle();
      const path = await wp.screenshot(theme);
      console.log(`      saved ${path}`);
      assert.deepEqual(await wp.violations(), []);
      assert.equal(await wp.call('fontLoaded', '16px codicon'), true, 'codicon font loaded under the CSP');
      assert.deepEqual(wp.pageErrors, []);
      await wp.close();
    });
  }
});
