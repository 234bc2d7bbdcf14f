import assert from 'node:assert/strict';
import { parseCliLine } from '../../src/claude/protocol';
import { usageLimit } from '../../src/claude/rateLimit';
import { parseContextBreakdown } from '../../src/claude/contextUsage';

describe('usage limits from rate_limit_event', () => {
  const line = (info: Record<string, unknown>) => JSON.stringify({ type: 'rate_limit_event', rate_limit_info: info, uuid: 'u', session_id: 's' });

  it('parses the line 2.1.332 prints for a warning', () => {
    const msg = parseCliLine(line({ status: 'allowed_warning', resetsAt: 1796207739, rateLimitType: 'five_hour', utilization: 0.92, isUsingOverage: false, unifiedWindows: { five_hour: { utilization: 0.92, resetsAt: 1796207739 } } }));
    assert.equal(msg.kind, 'rateLimit');
    if (msg.kind !== 'rateLimit') return;
    assert.deepEqual(usageLimit(msg.line.rate_limit_info), { level: 'near', resetsAt: 1796207739000, window: 'five_hour', utilization: 0.92 });
  });

  it('a refusal is reached; allowed and unknown statuses clear', () => {
    assert.deepEqual(usageLimit({ status: 'rejected', resetsAt: 1796207739, rateLimitType: 'seven_day' }), { level: 'reached', resetsAt: 1796207739000, window: 'seven_day' });
    assert.equal(usageLimit({ status: 'allowed', resetsAt: 1796207739 }), undefined);
    assert.equal(usageLimit({ status: 'something_new' }), undefined);
  });

  it('leaves out what is not plausible instead of showing it wrong', () => {
    assert.deepEqual(usageLimit({ status: 'rejected', resetsAt: -5, rateLimitType: 'x y <b>', utilization: Number.NaN }), { level: 'reached' });
    assert.deepEqual(usageLimit({ status: 'allowed_warning', utilization: 3 }), { level: 'near', utilization: 1 });
    assert.deepEqual(usageLimit({ status: 'allowed_warning', resetsAt: null, rateLimitType: null }), { level: 'near' });
  });

  it('a line without rate_limit_info is malformed, not a crash', () => {
    assert.equal(parseCliLine(JSON.stringify({ type: 'rate_limit_event' })).kind, 'malformed');
  });
});

describe('context breakdown from get_context_usage', () => {
  it('reads 2.1.332 (kinds) and 2.1.197 (names) alike, with memory files and MCP tools', () => {
    const b = parseContextBreakdown({
      categories: [
        { id: 'system_prompt', name: 'System prompt', tokens: 378, kind: 'used' },
        { name: 'Memory files', tokens: 120 },
        { name: 'Autocompact buffer', tokens: 33000 },
        { name: 'Free space', tokens: 964401 },
        { name: '', tokens: 5 },
        { name: 'Bad', tokens: -1 },
      ],
      totalTokens: 2599,
      maxTokens: 1000000,
      memoryFiles: [{ path: '/ws/CLAUDE.md', type: 'Project', tokens: 120 }, { path: 7 }],
      mcpTools: [{ name: 'search', serverName: 'docs', tokens: 300 }],
      gridRows: [[]],
    });
    assert.deepEqual(b, {
      totalTokens: 2599,
      maxTokens: 1000000,
      categories: [
        { name: 'System prompt', tokens: 378, kind: 'used' },
        { name: 'Memory files', tokens: 120, kind: 'used' },
        { name: 'Autocompact buffer', tokens: 33000, kind: 'buffer' },
        { name: 'Free space', tokens: 964401, kind: 'free' },
      ],
      memoryFiles: [{ path: '/ws/CLAUDE.md', tokens: 120 }],
      mcpTools: [{ name: 'search', server: 'docs', tokens: 300 }],
    });
  });

  it('no answer without a window size or categories', () => {
    assert.equal(parseContextBreakdown(undefined), undefined);
    assert.equal(parseContextBreakdown({ categories: [] }), undefined);
    assert.equal(parseContextBreakdown({ maxTokens: 100 }), undefined);
  });
});
