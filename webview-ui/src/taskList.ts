import type { ChatEvent } from '../../src/shared/contract';
import { h, icon } from './dom';
import { t as tr } from './l10n';

/**
 * One live task list pinned above the prompt box while a turn runs, fed by `TodoWrite` (the
 * whole list each call) and the CLI's task tools: `TaskCreate` (id in its result),
 * `TaskUpdate` (status, subject; `deleted` removes), `TaskList` (the full list). Shapes in
 * docs/protocol.md, "Interactive tools". Subagents' calls count too.
 */
type Status = 'pending' | 'in_progress' | 'completed';
interface Item {
  id: string;
  subject: string;
  status: Status;
  activeForm?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const status = (v: unknown): Status | undefined => (v === 'pending' || v === 'in_progress' || v === 'completed' ? v : undefined);

const TASK_TOOLS: ReadonlySet<string> = new Set(['TodoWrite', 'TaskCreate', 'TaskUpdate', 'TaskList']);

export class TaskList {
  readonly el: HTMLElement;
  private readonly calls = new Map<string, { name: string; input: Obj }>();
  private tasks = new Map<string, Item>();
  private todos: Item[] = [];
  private busy = false;

  constructor() {
    this.el = h('section', { class: 'task-list', 'aria-label': tr('Tasks'), hidden: true });
  }

  reset(): void {
    this.calls.clear();
    this.tasks.clear();
    this.todos = [];
    this.render();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.render();
  }

  apply(e: ChatEvent): void {
    if (e.type === 'tool') {
      if (!TASK_TOOLS.has(e.name) || e.input === undefined) return;
      const input = obj(e.input);
      this.calls.set(e.toolUseId, { name: e.name, input });
      if (e.name === 'TodoWrite' && Array.isArray(input.todos)) {
        // The model sends the whole list each time: what it says now is the list.
        this.todos = input.todos.map(obj).map((t, i) => ({ id: `todo-${i}`, subject: str(t.content) ?? '', status: status(t.status) ?? 'pending', activeForm: str(t.activeForm) }));
        this.render();
      }
      return;
    }
    if (e.type !== 'toolResult' || e.isError) return;
    const call = this.calls.get(e.toolUseId);
    if (!call) return;
    const s = obj(e.structured);
    switch (call.name) {
      case 'TaskCreate': {
        const task = obj(s.task);
        const id = str(task.id);
        if (id) this.tasks.set(id, { id, subject: str(task.subject) ?? str(call.input.subject) ?? '', status: 'pending', activeForm: str(call.input.activeForm) });
        break;
      }
      case 'TaskUpdate': {
        const id = str(call.input.taskId) ?? str(s.taskId);
        const t = id ? this.tasks.get(id) : undefined;
        if (!id || s.success === false) break;
        if (call.input.status === 'deleted') {
          this.tasks.delete(id);
          break;
        }
        const next: Item = t ?? { id, subject: `Task ${id}`, status: 'pending' };
        next.status = status(call.input.status) ?? next.status;
        next.subject = str(call.input.subject) ?? next.subject;
        next.activeForm = str(call.input.activeForm) ?? next.activeForm;
        this.tasks.set(id, next);
        break;
      }
      case 'TaskList': {
        if (!Array.isArray(s.tasks)) break;
        const next = new Map<string, Item>();
        for (const t of s.tasks.map(obj)) {
          const id = str(t.id);
          if (id) next.set(id, { id, subject: str(t.subject) ?? '', status: status(t.status) ?? 'pending', activeForm: this.tasks.get(id)?.activeForm });
        }
        this.tasks = next;
        break;
      }
      default:
        return;
    }
    this.render();
  }

  private render(): void {
    const items = [...this.tasks.values(), ...this.todos];
    this.el.hidden = !this.busy || items.length === 0;
    if (this.el.hidden) return;
    const done = items.filter((i) => i.status === 'completed').length;
    const list = h('ul', { class: 'todos' });
    for (const t of items) {
      const ic = t.status === 'completed' ? 'pass-filled' : t.status === 'in_progress' ? 'circle-large-filled' : 'circle-large-outline';
      const text = t.status === 'in_progress' ? (t.activeForm ?? t.subject) : t.subject;
      // A list item (not an interactive checkbox, which a <ul> may not hold): the status is its title.
      const label = t.status === 'completed' ? tr('done') : t.status === 'in_progress' ? tr('in progress') : tr('to do');
      list.appendChild(h('li', { class: `todo todo-${t.status}`, title: label }, icon(ic), h('span', null, text)));
    }
    this.el.replaceChildren(h('div', { class: 'task-list-head' }, icon('checklist'), ` ${tr('Tasks · {0}/{1} done', done, items.length)}`), list);
  }
}
