import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/shared/contract';
import { useControllerRig } from '../support/controllerRig';

/**
 * The CLI reports usage limits only to a claude.ai subscription (docs/protocol.md, "Usage limits
 * and the status line"): an OAuth token from the environment makes it one, and the scripted model
 * answers with the unified rate-limit headers a subscription's API answers carry.
 */
const SUBSCRIPTION_ENV = { ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-scripted', CLAUDE_CODE_MAX_RETRIES: '0' };

function limitHeaders(status: 'allowed' | 'allowed_warning' | 'rejected', resetSec: number, utilization: number): Record<string, string> {
  return {
    'anthropic-ratelimit-unified-status': status,
    'anthropic-ratelimit-unified-reset': String(resetSec),
    ...(status === 'allowed' ? {} : { 'anthropic-ratelimit-unified-representative-claim': 'five_hour' }),
    'anthropic-ratelimit-unified-5h-utilization': String(utilization),
    'anthropic-ratelimit-unified-5h-reset': String(resetSec),
  };
}

function setHeaders(target: Record<string, string>, headers: Record<string, string>): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, headers);
}

describe('usage limits (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig('claude-chat-limits');

  it('shows a near limit, then a reached one instead of an error, and clears it when the CLI reports allowed', async () => {
    const c = rig.open({ settings: { env: { ...rig.sb.env, ...SUBSCRIPTION_ENV } } });
    const reset = Math.floor(Date.now() / 1000) + 3 * 3600;

    setHeaders(rig.server.extraHeaders, limitHeaders('allowed_warning', reset, 0.92));
    const first = await c.send('SCENARIO:text:first answer');
    assert.equal(first?.outcome, 'success');
    assert.deepEqual(c.status.limit, { level: 'near', resetsAt: reset * 1000, window: 'five_hour', utilization: 0.92 });
    assert.equal(c.error, null);

    setHeaders(rig.server.extraHeaders, limitHeaders('rejected', reset, 1));
    const refused = await c.send('SCENARIO:error-429');
    assert.equal(refused?.outcome, 'error');
    assert.equal(c.status.limit?.level, 'reached');
    assert.equal(c.status.limit?.resetsAt, reset * 1000);
    assert.equal(c.error, null, 'the limit banner says it, not the generic error banner');
    // The CLI's own refusal ("You've hit your … limit · resets …") is not shown as Claude's answer.
    const answers = c.snapshot().filter((e): e is Extract<ChatEvent, { type: 'block' }> => e.type === 'block' && e.kind === 'text');
    assert.deepEqual(answers.map((a) => a.text), ['first answer']);
    const end = c.snapshot().filter((e): e is Extract<ChatEvent, { type: 'turnEnd' }> => e.type === 'turnEnd').at(-1);
    assert.equal(end?.error?.code, 'rateLimited', "the turn's footer keeps the record");

    setHeaders(rig.server.extraHeaders, limitHeaders('allowed', reset, 0.1));
    const again = await c.send('SCENARIO:text:back again');
    assert.equal(again?.outcome, 'success');
    assert.equal(c.status.limit, undefined);
  });

  it('a reached limit clears when an answer comes without limit headers (the CLI reports allowed)', async () => {
    const c = rig.open({ settings: { env: { ...rig.sb.env, ...SUBSCRIPTION_ENV } } });
    setHeaders(rig.server.extraHeaders, limitHeaders('rejected', Math.floor(Date.now() / 1000) + 3600, 1));
    await c.send('SCENARIO:error-429');
    assert.equal(c.status.limit?.level, 'reached');
    // No rate-limit headers at all: the CLI takes that as `allowed` and says so.
    setHeaders(rig.server.extraHeaders, {});
    const again = await c.send('SCENARIO:text:answered');
    assert.equal(again?.outcome, 'success');
    assert.equal(c.status.limit, undefined);
  });

  it('keeps the generic error for a 429 without a subscription (no limit event)', async () => {
    const c = rig.open({ settings: { env: { ...rig.sb.env, CLAUDE_CODE_MAX_RETRIES: '0' } } });
    setHeaders(rig.server.extraHeaders, limitHeaders('rejected', Math.floor(Date.now() / 1000) + 3600, 1));
    const refused = await c.send('SCENARIO:error-429');
    assert.equal(refused?.outcome, 'error');
    assert.equal(c.status.limit, undefined);
    assert.equal(c.error?.code, 'rateLimited');
  });
});

describe('context breakdown (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig('claude-chat-breakdown');

  it('asks the running CLI what fills the window, and nothing before a process runs', async () => {
    const c = rig.open();
    assert.equal(await c.contextBreakdown(), undefined, 'no process, no question (and no spawn)');
    assert.equal(c.pid, undefined);
    await c.send('SCENARIO:text:hello');
    const counted = rig.server.requests.filter((r) => r.path === '/v1/messages/count_tokens').length;
    const b = await c.contextBreakdown();
    assert.ok(b, 'an answer');
    assert.ok(b.maxTokens > 0);
    const names = b.categories.map((x) => x.name);
    assert.ok(names.includes('System prompt'), names.join(', '));
    assert.equal(b.categories.find((x) => x.name === 'Free space')?.kind, 'free');
    assert.ok(b.categories.every((x) => Number.isInteger(x.tokens) && x.tokens >= 0));
    assert.ok(rig.server.requests.filter((r) => r.path === '/v1/messages/count_tokens').length > counted, 'the CLI counted for it');
  });
});
