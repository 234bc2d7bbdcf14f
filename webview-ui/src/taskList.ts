import type { ChatEvent } from '../../src/shared/contract';
import { h, icon } from './dom';
import { t as tr } from './l10n';

/**
 * The chat's one task list, pinned above the prompt box while a turn runs. Fed by whichever
 * mechanism the CLI used last: `TodoWrite` (the whole list each call: it replaces the list) or
 * the task tools, `TaskCreate` (id in its result), `TaskUpdate` (status, subject; `deleted`
 * removes), `TaskList` (the full list). Switching mechanism starts a new list: the two are never
 * merged. Shapes in docs/protocol.md, "Interactive tools". Subagents' calls count too.
 *
 * It tells the truth about the conversation: a list whose tasks are all done is gone by the next
 * prompt, a list the current turn has not touched shows as one line, and a fork (edit and
 * resend) puts back the list as it was before the forked prompt.
 */
type Status = 'pending' | 'in_progress' | 'completed';
interface Item {
  id: string;
  subject: string;
  status: Status;
  activeForm?: string;
}
interface State {
  kind: 'todo' | 'tasks' | undefined;
  items: Item[];
  /** The prompt (turn id) whose turn last changed the list. */
  turn: string | undefined;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const status = (v: unknown): Status | undefined => (v === 'pending' || v === 'in_progress' || v === 'completed' ? v : undefined);

const TASK_TOOLS: ReadonlySet<string> = new Set(['TodoWrite', 'TaskCreate', 'TaskUpdate', 'TaskList']);
const EMPTY: State = { kind: undefined, items: [], turn: undefined };
/** Below this width the list starts collapsed (the pending card and its diff need the room). */
const NARROW = '(max-width: 320px)';

export class TaskList {
  readonly el: HTMLElement;
  private readonly calls = new Map<string, { name: string; input: Obj }>();
  private state: State = EMPTY;
  /** The list as it was when each prompt was sent: what a fork from that prompt goes back to. */
  private readonly before = new Map<string, State>();
  private turn: string | undefined;
  private busy = false;
  /** The user's own choice (the head toggles it); undefined: collapsed when narrow or stale. */
  private userExpanded: boolean | undefined;
  private readonly narrow = typeof matchMedia === 'function' ? matchMedia(NARROW) : undefined;

  constructor() {
    this.el = h('section', { class: 'task-list', 'aria-label': tr('Tasks'), hidden: true });
    this.narrow?.addEventListener('change', () => this.render());
  }

  reset(): void {
    this.calls.clear();
    this.before.clear();
    this.state = EMPTY;
    this.turn = undefined;
    this.render();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.render();
  }

  apply(e: ChatEvent): void {
    switch (e.type) {
      case 'user':
        return this.onPrompt(e.turnId);
      case 'mark':
        if (e.kind === 'forked') {
          this.state = this.before.get(e.turnId) ?? EMPTY;
          this.render();
        }
        return;
      case 'tool':
        return this.onTool(e);
      case 'toolResult':
        return this.onResult(e);
      default:
        return;
    }
  }

  private onPrompt(turnId: string): void {
    if (this.before.has(turnId)) return; // the same prompt again (queued, then sent)
    // A list whose tasks are all done belongs to the turn that did them.
    if (this.state.items.length > 0 && this.state.items.every((i) => i.status === 'completed')) this.state = EMPTY;
    this.before.set(turnId, this.state);
    this.turn = turnId;
    this.userExpanded = undefined;
    this.render();
  }

  private onTool(e: Extract<ChatEvent, { type: 'tool' }>): void {
    if (!TASK_TOOLS.has(e.name) || e.input === undefined) return;
    const input = obj(e.input);
    this.calls.set(e.toolUseId, { name: e.name, input });
    if (e.name === 'TodoWrite' && Array.isArray(input.todos)) {
      // The model sends the whole list each time: what it says now is the list.
      const items = input.todos.map(obj).map((t, i) => ({ id: `todo-${i}`, subject: str(t.content) ?? '', status: status(t.status) ?? 'pending', activeForm: str(t.activeForm) }));
      this.set('todo', items);
    }
  }

  private onResult(e: Extract<ChatEvent, { type: 'toolResult' }>): void {
    if (e.isError) return;
    const call = this.calls.get(e.toolUseId);
    if (!call || call.name === 'TodoWrite') return;
    const s = obj(e.structured);
    // Task tools after a TodoWrite list: a new list, not a merge.
    const items = this.state.kind === 'tasks' ? this.state.items.map((i) => ({ ...i })) : [];
    const find = (id: string): Item | undefined => items.find((i) => i.id === id);
    switch (call.name) {
      case 'TaskCreate': {
        const task = obj(s.task);
        const id = str(task.id);
        if (!id) return;
        const item = { id, subject: str(task.subject) ?? str(call.input.subject) ?? '', status: 'pending' as const, activeForm: str(call.input.activeForm) };
        const at = items.findIndex((i) => i.id === id);
        if (at >= 0) items[at] = item;
        else items.push(item);
        break;
      }
      case 'TaskUpdate': {
        const id = str(call.input.taskId) ?? str(s.taskId);
        if (!id || s.success === false) return;
        if (call.input.status === 'deleted') {
          const at = items.findIndex((i) => i.id === id);
          if (at >= 0) items.splice(at, 1);
          break;
        }
        let item = find(id);
        if (!item) {
          item = { id, subject: tr('Task {0}', id), status: 'pending' };
          items.push(item);
        }
        item.status = status(call.input.status) ?? item.status;
        item.subject = str(call.input.subject) ?? item.subject;
        item.activeForm = str(call.input.activeForm) ?? item.activeForm;
        break;
      }
      case 'TaskList': {
        if (!Array.isArray(s.tasks)) return;
        const next = s.tasks.map(obj).flatMap((t): Item[] => {
          const id = str(t.id);
          return id ? [{ id, subject: str(t.subject) ?? '', status: status(t.status) ?? 'pending', activeForm: find(id)?.activeForm }] : [];
        });
        return this.set('tasks', next);
      }
      default:
        return;
    }
    this.set('tasks', items);
  }

  private set(kind: 'todo' | 'tasks', items: Item[]): void {
    this.state = { kind, items, turn: this.turn };
    this.render();
  }

  private get expanded(): boolean {
    if (this.userExpanded !== undefined) return this.userExpanded;
    const { items, turn } = this.state;
    return turn === this.turn && !this.narrow?.matches && !items.every((i) => i.status === 'completed');
  }

  private render(): void {
    const { items } = this.state;
    this.el.hidden = !this.busy || items.length === 0;
    if (this.el.hidden) return;
    const expanded = this.expanded;
    const done = items.filter((i) => i.status === 'completed').length;
    const now = items.find((i) => i.status === 'in_progress');
    const head = h(
      'button',
      { class: 'task-list-head', 'aria-expanded': String(expanded), title: expanded ? tr('Collapse the task list') : tr('Expand the task list') },
      icon(expanded ? 'chevron-down' : 'chevron-right'),
      icon('checklist'),
      h('span', { class: 'task-count' }, ` ${tr('Tasks · {0}/{1} done', done, items.length)}`),
      // Collapsed, the one line still says what is being done.
      !expanded && now ? h('span', { class: 'task-now' }, ` · ${now.activeForm ?? now.subject}`) : null,
    );
    head.addEventListener('click', () => {
      this.userExpanded = !expanded;
      this.render();
    });
    this.el.classList.toggle('collapsed', !expanded);
    if (!expanded) {
      this.el.replaceChildren(head);
      return;
    }
    const list = h('ul', { class: 'todos' });
    for (const t of items) {
      const ic = t.status === 'completed' ? 'pass-filled' : t.status === 'in_progress' ? 'circle-large-filled' : 'circle-large-outline';
      const text = t.status === 'in_progress' ? (t.activeForm ?? t.subject) : t.subject;
      // A list item (not an interactive checkbox, which a <ul> may not hold): the status is its title.
      const label = t.status === 'completed' ? tr('done') : t.status === 'in_progress' ? tr('in progress') : tr('to do');
      list.appendChild(h('li', { class: `todo todo-${t.status}`, title: label }, icon(ic), h('span', null, text)));
    }
    this.el.replaceChildren(head, list);
  }
}
