import type { ToolState } from '../../src/shared/contract';
import { h, icon } from './dom';
import { t } from './l10n';
import type { Entry, EntryView, ToolEntry } from './entries';
import { bashCard, editCard, genericCard, readCard, todoCard, writeCard, type CardParts } from './cardBodies';
import { planCard, questionCard } from './interactiveCards';
import { MarkdownView } from './markdown';
import { subagentCard } from './subagents';
import { TASK_TOOLS, taskLineText } from './taskLine';
import { elapsedView } from './elapsed';

function stateLabel(state: ToolState): string {
  switch (state) {
    case 'pending':
      return t('Pending');
    case 'permission':
      return t('Waiting for permission');
    case 'running':
      return t('Running');
    case 'done':
      return t('Done');
    case 'error':
      return t('Error');
    case 'denied':
      return t('Denied');
  }
}

const STATE_ICON: Record<ToolState, string> = {
  pending: 'circle-large-outline',
  permission: 'shield',
  running: 'loading codicon-modifier-spin',
  done: 'check',
  error: 'error',
  denied: 'circle-slash',
};

function partsFor(entry: ToolEntry): CardParts {
  switch (entry.tool.name) {
    case 'Bash':
      return bashCard(entry);
    case 'Edit':
    case 'MultiEdit':
      return editCard(entry);
    case 'Write':
      return writeCard(entry);
    case 'Read':
      return readCard(entry);
    case 'TodoWrite':
      return todoCard(entry);
    case 'Task':
    case 'Agent':
      return subagentCard(entry, childView);
    case 'AskUserQuestion':
      return questionCard(entry);
    case 'ExitPlanMode':
      return planCard(entry);
    default:
      return genericCard(entry);
  }
}

/** A subagent's step inside its Task card: a nested tool card, or its text. */
function childView(child: Entry): HTMLElement | null {
  switch (child.kind) {
    case 'tool':
      return TASK_TOOLS.has(child.tool.name) ? new TaskLineView(child).el : new ToolCardView(child).el;
    case 'text':
      return h('div', { class: 'subagent-text' }, new MarkdownView(child.text).el);
    case 'thinking':
    case 'user':
    case 'turnEnd':
    case 'notice':
      return null;
    default:
      return null;
  }
}

/** A tool card; re-rendered whole when its state or result changes (that happens a few times, not per token). */
export class ToolCardView {
  readonly el: HTMLElement;

  constructor(private readonly entry: ToolEntry) {
    this.el = h('div', { class: 'entry card' });
    this.render();
  }

  update(): void {
    // Keep what the user expanded across re-renders.
    const open = new Set(Array.from(this.el.querySelectorAll<HTMLElement>('[data-key].expanded, details[open][data-key]'), (e) => e.dataset.key));
    this.render();
    for (const key of open) {
      const el = this.el.querySelector<HTMLElement>(`[data-key="${key}"]`);
      if (el instanceof HTMLDetailsElement) el.open = true;
      else el?.querySelector<HTMLButtonElement>('[data-action="expand"]')?.click();
    }
  }

  private render(): void {
    const { entry } = this;
    const parts = partsFor(entry);
    const state = entry.state;
    this.el.className = `entry card tool-${entry.tool.name.replace(/[^\w-]/g, '_').toLowerCase()} state-${state}`;
    this.el.dataset.toolUseId = entry.tool.toolUseId;
    const head = h(
      'div',
      { class: 'card-head' },
      icon(parts.icon, 'card-icon'),
      h('span', { class: 'tool-name' }, parts.name ?? entry.tool.name),
      h('span', { class: 'card-title' }, ...parts.title),
      h('span', { class: `state-badge state-${parts.stateClass ?? state}`, title: parts.stateLabel ?? stateLabel(state) }, icon(parts.stateIcon ?? STATE_ICON[state]), h('span', { class: 'state-label' }, parts.stateLabel ?? stateLabel(state))),
    );
    // A shell command still going after 30 s shows how long it has run (the panel ticks it).
    if (entry.tool.name === 'Bash' && (state === 'pending' || state === 'running') && entry.since !== undefined) head.appendChild(elapsedView(entry.since));
    const body = parts.body.length ? h('div', { class: 'card-body' }, ...parts.body) : null;
    // Edits that ran can be opened in VS Code's own diff editor (the host keeps the before/after).
    const diffable = (entry.tool.name === 'Edit' || entry.tool.name === 'Write') && state === 'done';
    if (diffable) {
      head.appendChild(h('button', { class: 'link-button open-diff', 'data-action': 'open-diff', 'data-tool-use-id': entry.tool.toolUseId, title: t('Open in the diff editor') }, icon('diff'), ` ${t('Open Diff')}`));
    }
    const error = (state === 'error' || state === 'denied') && entry.result && !parts.showsError ? h('pre', { class: 'card-error' }, clip(withoutErrorTags(entry.result.text), 20)) : null;
    this.el.replaceChildren(head, ...(body ? [body] : []), ...(error ? [error] : []));
  }
}

function clip(text: string, lines: number): string {
  const all = text.split('\n');
  return all.length <= lines ? text : `${all.slice(0, lines).join('\n')}\n…`;
}

/** The CLI wraps a tool's refusal in `<tool_use_error>…</tool_use_error>`: the tags are not for people. */
export function withoutErrorTags(text: string): string {
  return text.replace(/<\/?tool_use_error>/g, '').trim();
}

/**
 * A task tool call in the transcript: one muted line saying what changed (the list above the
 * prompt box shows the tasks). A call that failed or was denied shows as a full card, error and all.
 */
export class TaskLineView implements EntryView {
  readonly el: HTMLElement;
  private card: ToolCardView | undefined;

  constructor(private readonly entry: ToolEntry) {
    this.el = h('div', { class: 'entry task-line' });
    this.update();
  }

  update(): void {
    const failed = this.entry.state === 'error' || this.entry.state === 'denied';
    if (failed) {
      if (this.card) this.card.update();
      else this.card = new ToolCardView(this.entry);
      this.el.className = 'entry task-line failed';
      this.el.replaceChildren(this.card.el);
      return;
    }
    this.el.className = `entry task-line state-${this.entry.state}`;
    this.el.dataset.toolUseId = this.entry.tool.toolUseId;
    this.el.replaceChildren(icon('checklist'), h('span', null, taskLineText(this.entry)));
  }
}
