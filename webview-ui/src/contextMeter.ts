import type { StatusInfo } from '../../src/shared/contract';
import { formatCount, h } from './dom';
import { t } from './l10n';

/** The CLI's own terminal UI starts warning 20,000 tokens before auto-compaction (2.1.197). */
export const WARN_BEFORE_COMPACT = 20_000;

/**
 * Context fill and session cost for the header: "34% context · $0.12". Warns (and says so in
 * words, not colour alone) when auto-compaction is near.
 */
export function contextMeter(s: StatusInfo): HTMLElement | undefined {
  const c = s.context;
  const cost = s.costUsd ? `$${s.costUsd.toFixed(s.costUsd < 0.01 ? 4 : 2)}` : undefined;
  if (!c && !cost) return undefined;
  const parts: Node[] = [];
  let title = cost ? t('Cost of this session: {0}', cost) : '';
  let warn = false;
  if (c) {
    const pct = Math.min(100, Math.round((c.usedTokens / c.maxTokens) * 100));
    warn = c.autoCompactAt !== undefined && c.usedTokens >= c.autoCompactAt - WARN_BEFORE_COMPACT;
    const bar = h('span', { class: 'context-bar', role: 'meter', 'aria-label': t('Context used'), 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct });
    const fill = h('span', { class: 'context-fill' });
    fill.style.width = `${pct}%`; // CSSOM, not a style attribute: the CSP allows no inline styles
    bar.appendChild(fill);
    parts.push(bar, h('span', { class: 'context-pct' }, warn ? t('{0}% context · compacts soon', pct) : t('{0}% context', pct)));
    const auto = c.autoCompactAt !== undefined ? t('Claude compacts the conversation at {0} tokens (or type /compact).', formatCount(c.autoCompactAt)) : t('Auto-compaction is off.');
    title = `${t('Context: {0} of {1} tokens.', formatCount(c.usedTokens), formatCount(c.maxTokens))} ${auto}${cost ? ` ${title}.` : ''}`;
  }
  if (cost) parts.push(h('span', { class: 'cost' }, c ? ` · ${cost}` : cost));
  // With a context fill, the meter opens the host's breakdown of what fills it (a quick pick).
  if (!c) return h('span', { class: `context-meter${warn ? ' warn' : ''}`, title }, ...parts);
  return h('button', { class: `link-button context-meter${warn ? ' warn' : ''}`, title: `${title} ${t('Click for what fills it.')}`, 'data-action': 'context-usage' }, ...parts);
}
