import { h, icon } from './dom';
import { t } from './l10n';
import type { CardParts } from './cardBodies';
import { MarkdownView } from './markdown';
import type { ToolEntry } from './entries';
import { postIntent } from './vscodeApi';

/**
 * Cards for Claude's questions and plans. They only show: the answer is given in VS Code's
 * own UI (quick pick, notification), and the buttons here merely ask the host to show it.
 */

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function reopenButton(label: string): HTMLElement {
  const b = h('button', { class: 'button reopen-prompt' }, label);
  b.addEventListener('click', () => postIntent({ type: 'showPermissions' }));
  return b;
}

export function questionCard(entry: ToolEntry): CardParts {
  const questions = Array.isArray(obj(entry.tool.input).questions) ? (obj(entry.tool.input).questions as unknown[]).map(obj) : [];
  const answers = obj(obj(entry.result?.structured).answers);
  const body: Node[] = [];
  for (const q of questions) {
    const text = str(q.question) ?? '';
    const answer = str(answers[text]);
    const options = Array.isArray(q.options) ? (q.options as unknown[]).map(obj) : [];
    body.push(
      h(
        'div',
        { class: 'question' },
        str(q.header) ? h('span', { class: 'question-header' }, str(q.header) ?? '') : null,
        h('div', { class: 'question-text' }, text),
        answer === undefined
          ? h('ul', { class: 'question-options' }, ...options.map((o) => h('li', null, h('strong', null, str(o.label) ?? ''), str(o.description) ? ` — ${str(o.description)}` : '')))
          : h('div', { class: 'question-answer' }, icon('pass'), h('span', null, answer)),
      ),
    );
  }
  if (entry.state === 'permission') body.push(reopenButton(t('Answer…')));
  const n = questions.length;
  const stateLabel = entry.state === 'permission' ? t('Waiting for your answer') : entry.state === 'done' ? t('Answered') : undefined;
  return { icon: 'question', name: t('Question'), title: [n === 1 ? (str(questions[0].header) ?? '') : t('{0} questions', n)], body, stateLabel };
}

export function planCard(entry: ToolEntry): CardParts {
  const plan = str(obj(entry.tool.input).plan) ?? '';
  const md = new MarkdownView(plan);
  const body: Node[] = [h('div', { class: 'plan-body' }, md.el)];
  let stateLabel: string | undefined;
  switch (entry.state) {
    case 'permission':
      stateLabel = t('Waiting for your review');
      body.push(reopenButton(t('Review plan…')));
      break;
    case 'done':
      stateLabel = t('Approved');
      break;
    case 'error':
    case 'denied':
      stateLabel = t('Keep planning');
      if (entry.result?.text) body.push(h('div', { class: 'plan-feedback' }, icon('comment'), h('span', null, entry.result.text)));
      break;
    case 'pending':
    case 'running':
      break;
  }
  // "Keep planning" is the user's choice, not a failure: no red, no error icon.
  const kept = entry.state === 'error' || entry.state === 'denied';
  return { icon: 'checklist', name: t('Plan'), title: [], body, stateLabel, showsError: true, ...(kept ? { stateIcon: 'comment', stateClass: 'pending' as const } : {}) };
}
