import type { BackgroundTaskInfo } from '../../src/shared/contract';
import { h, icon } from './dom';
import { elapsedLabel } from './elapsed';
import { t } from './l10n';
import { postIntent } from './vscodeApi';
import { unreachable } from '../../src/shared/unreachable';

/**
 * The chat's background tasks (commands Claude runs with `run_in_background`, background agents)
 * above the prompt box: what each runs, its status and running time, the end of its output, and
 * Stop. The host owns the list and reads the output; the panel only shows it and asks to stop.
 * Rows are updated in place, so a row's Stop button keeps focus while its output ticks on.
 */
type Status = BackgroundTaskInfo['status'];

const STATUS_ICON: Record<Status, string> = { running: 'loading codicon-modifier-spin', completed: 'pass', failed: 'error', stopped: 'debug-stop' };

function statusLabel(status: Status): string {
  switch (status) {
    case 'running':
      return t('Running');
    case 'completed':
      return t('Completed');
    case 'failed':
      return t('Failed');
    case 'stopped':
      return t('Stopped');
    default:
      unreachable(status);
      return status;
  }
}

interface Row {
  li: HTMLLIElement;
  statusIcon: HTMLElement;
  status: HTMLElement;
  time: HTMLElement;
  stop: HTMLButtonElement;
  command: HTMLElement;
  output: HTMLDetailsElement;
  tail: HTMLElement;
  /** Epoch ms (this panel's clock) the task started; ticks while it runs. */
  since: number;
  running: boolean;
}

export class BackgroundTasks {
  readonly el: HTMLElement;
  private readonly head: HTMLButtonElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly rows = new Map<string, Row>();
  private collapsed = false;

  constructor() {
    this.summary = h('span', { class: 'bg-tasks-count badge' });
    this.head = h('button', { class: 'bg-tasks-head', 'aria-expanded': 'true' }, icon('chevron-down', 'bg-tasks-chevron'), h('span', { class: 'bg-tasks-title' }, t('Background tasks')), this.summary);
    this.list = h('ul', { class: 'bg-task-list' });
    this.el = h('section', { class: 'bg-tasks', 'aria-label': t('Background tasks'), hidden: true }, this.head, this.list);
    this.head.addEventListener('click', () => {
      this.collapsed = !this.collapsed;
      this.applyCollapsed();
    });
    this.list.addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('button[data-task-stop]');
      const id = button?.closest<HTMLElement>('[data-task-id]')?.dataset.taskId;
      if (!button || !id || button.disabled) return;
      // One click is one request: the host answers with the task's new state.
      button.disabled = true;
      postIntent({ type: 'stopTask', id });
    });
  }

  update(tasks: readonly BackgroundTaskInfo[], now = Date.now()): void {
    this.el.hidden = tasks.length === 0;
    const seen = new Set<string>();
    const order: HTMLLIElement[] = [];
    for (const task of tasks) {
      seen.add(task.id);
      const row = this.rows.get(task.id) ?? this.makeRow(task.id);
      this.rows.set(task.id, row);
      this.fill(row, task, now);
      order.push(row.li);
    }
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      row.li.remove();
      this.rows.delete(id);
    }
    // Reorder only when it changed: moving a node takes the focus out of it.
    const current = [...this.list.children];
    if (order.length !== current.length || order.some((li, i) => current[i] !== li)) this.list.replaceChildren(...order);
    const running = tasks.filter((x) => x.status === 'running').length;
    this.summary.textContent = running > 0 ? t('{0} running', running) : t('{0} ended', tasks.length);
    this.summary.classList.toggle('active', running > 0);
    this.applyCollapsed();
  }

  /** Running tasks' clocks (the panel calls it once a second). */
  tick(now = Date.now()): void {
    for (const row of this.rows.values()) if (row.running) this.showTime(row, now - row.since);
  }

  private makeRow(id: string): Row {
    const statusIcon = icon('loading', 'bg-task-icon');
    const status = h('span', { class: 'bg-task-status' });
    const time = h('span', { class: 'bg-task-time' });
    const stop = h('button', { class: 'icon-button bg-task-stop', 'data-task-stop': '' }, icon('debug-stop'), h('span', null, t('Stop')));
    const command = h('code', { class: 'bg-task-command' });
    const tail = h('pre', { class: 'bg-task-tail', tabindex: 0 });
    const output = h('details', { class: 'bg-task-output' }, h('summary', null, t('Output')), tail);
    const li = h('li', { class: 'bg-task', 'data-task-id': id }, h('div', { class: 'bg-task-row' }, statusIcon, h('span', { class: 'bg-task-title' }), status, time, stop), command, output);
    return { li, statusIcon, status, time, stop, command, output, tail, since: 0, running: false };
  }

  private fill(row: Row, task: BackgroundTaskInfo, now: number): void {
    row.li.dataset.status = task.status;
    row.running = task.status === 'running';
    row.since = now - task.elapsedMs;
    row.statusIcon.className = `codicon codicon-${STATUS_ICON[task.status]} bg-task-icon`;
    const title = row.li.querySelector<HTMLElement>('.bg-task-title')!;
    // Model- and command-derived text: text nodes only, never markup.
    if (title.textContent !== task.description) title.textContent = task.description;
    title.title = task.command ?? task.description;
    const status = task.stopping ? t('Stopping…') : statusLabel(task.status);
    if (row.status.textContent !== status) row.status.textContent = status;
    this.showTime(row, task.elapsedMs);
    const command = task.command && task.command !== task.description ? task.command : '';
    if (row.command.textContent !== command) row.command.textContent = command;
    row.command.hidden = command === '';
    row.stop.hidden = !row.running;
    row.stop.disabled = task.stopping === true;
    row.stop.title = t('Stop this background task');
    row.stop.setAttribute('aria-label', `${t('Stop')}: ${task.description.slice(0, 80)}`);
    const tail = task.tail ?? '';
    if (row.tail.textContent !== tail) {
      const pinned = row.tail.scrollTop + row.tail.clientHeight >= row.tail.scrollHeight - 4;
      row.tail.textContent = tail;
      // Follow new output unless the user scrolled up to read.
      if (pinned) row.tail.scrollTop = row.tail.scrollHeight;
    }
    row.output.hidden = tail === '';
    row.tail.setAttribute('aria-label', t('Output of {0}', task.description.slice(0, 80)));
  }

  private showTime(row: Row, ms: number): void {
    const text = elapsedLabel(Math.max(0, ms));
    if (row.time.textContent !== text) row.time.textContent = text;
  }

  private applyCollapsed(): void {
    this.el.classList.toggle('collapsed', this.collapsed);
    this.head.setAttribute('aria-expanded', String(!this.collapsed));
    this.head.title = this.collapsed ? t('Show the background tasks') : t('Hide the background tasks');
    this.list.hidden = this.collapsed;
  }
}
