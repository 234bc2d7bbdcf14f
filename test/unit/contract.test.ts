import assert from 'node:assert/strict';
import { HostMessage, WebviewIntent } from '../../src/shared/contract';

describe('contract', () => {
  it('accepts well-formed intents', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'sendPrompt', text: 'hi' },
      { type: 'openFile', path: '/a.ts', line: 3 },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'errorAction', action: 'retry' },
    ]) {
      assert.ok(WebviewIntent.safeParse(m).success, JSON.stringify(m));
    }
  });

  it('rejects invalid intents', () => {
    const bad: unknown[] = [
      null,
      'ready',
      {},
      { type: 'launchMissiles' },
      { type: 'sendPrompt' },
      { type: 'sendPrompt', text: '' },
      { type: 'sendPrompt', text: 42 },
      { type: 'sendPrompt', text: 'x'.repeat(1_000_001) },
      { type: 'openFile', path: '' },
      { type: 'openFile', path: '/a', line: 0 },
      { type: 'openFile', path: '/a', line: 1.5 },
      { type: 'openFile', path: 'p'.repeat(5000) },
      { type: 'openLink', href: 'h'.repeat(8193) },
      { type: 'errorAction', action: 'rm -rf' },
    ];
    for (const m of bad) assert.equal(WebviewIntent.safeParse(m).success, false, JSON.stringify(m)?.slice(0, 80));
  });

  it('rejects host messages the webview cannot use', () => {
    assert.equal(HostMessage.safeParse({ type: 'events', events: [{ type: 'text' }] }).success, false);
    assert.equal(HostMessage.safeParse({ type: 'snapshot', events: [] }).success, false);
    assert.ok(HostMessage.safeParse({ type: 'status', status: { state: 'idle' } }).success);
  });
});
