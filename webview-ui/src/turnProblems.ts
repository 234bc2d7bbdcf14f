import type { ChatEvent, WebviewIntent } from '../../src/shared/contract';
import { basename, h, icon } from './dom';
import { t } from './l10n';

export type TurnProblemsEvent = Extract<ChatEvent, { type: 'turnProblems' }>;

/**
 * The part of a turn's footer that lists the errors and warnings its edits brought: each one's
 * place (a button: the host opens it), severity in words and message as plain text, and "Ask
 * Claude to fix". Clicks become intents naming the problem by its place in the list.
 */
export function problemsView(e: TurnProblemsEvent): HTMLElement {
  const errors = e.problems.filter((p) => p.severity === 'error').length;
  const items = e.problems.map((p, index) => {
    const where = `${basename(p.path)}:${p.line}`;
    const origin = [p.source, p.code].filter(Boolean).join(' ');
    return h(
      'li',
      { class: `problem problem-${p.severity}` },
      icon(p.severity === 'error' ? 'error' : 'warning'),
      h('span', { class: 'problem-severity' }, p.severity === 'error' ? t('Error') : t('Warning')),
      ' ',
      h('button', { class: 'link-button', 'data-action': 'open-problem', 'data-index': index, title: t('Open {0} at line {1}', p.path, p.line) }, where),
      ' ',
      h('span', { class: 'problem-message' }, p.message),
      origin ? h('span', { class: 'problem-origin' }, ` (${origin})`) : null,
    );
  });
  const total = e.problems.length + (e.more ?? 0);
  const title = t('New problems in the changed files: {0}', total);
  return h(
    'div',
    { class: 'turn-problems', role: 'group', 'aria-label': title, 'data-errors': errors },
    h('span', { class: 'problems-title' }, icon('warning'), ` ${title}`),
    h('ul', null, ...items),
    e.more ? h('span', { class: 'problems-more' }, t('and {0} more', e.more)) : null,
    h('button', { class: 'button secondary fix-problems', 'data-action': 'fix-problems', title: t('Send these problems to Claude as your next message') }, icon('sparkle'), ` ${t('Ask Claude to fix')}`),
  );
}

/** The intent for a click in a problems footer, if it was one. */
export function problemIntent(action: string | undefined, el: HTMLElement, turnId: string): WebviewIntent | undefined {
  if (action === 'fix-problems') return { type: 'fixProblems', turnId };
  if (action !== 'open-problem') return undefined;
  const index = Number(el.dataset.index);
  return Number.isInteger(index) && index >= 0 && index < 50 ? { type: 'openProblem', turnId, index } : undefined;
}
