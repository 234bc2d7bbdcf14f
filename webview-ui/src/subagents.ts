import type { ChatEvent, ToolState } from '../../src/shared/contract';
import { h, icon } from './dom';
import { t } from './l10n';
import { foldedText, type CardParts } from './cardBodies';
import type { BlockEntry, Change, Entry, ToolEntry } from './entries';

const TERMINAL: ReadonlySet<ToolState> = new Set(['done', 'error', 'denied']);

/**
 * Routes a subagent's output (events whose `parentToolUseId` names a Task/Agent call) into
 * that call's entry instead of the transcript. Each change is reported as an update of the
 * top-level card, so the transcript re-renders one card and never grows for a subagent.
 */
export class Subagents {
  /** Child tool id → the child's entry, and the top-level card it lives in. */
  private readonly childTools = new Map<string, { entry: ToolEntry; root: ToolEntry }>();
  private readonly childBlocks = new Map<string, BlockEntry>();

  constructor(private readonly topLevelTool: (toolUseId: string) => ToolEntry | undefined) {}

  reset(): void {
    this.childTools.clear();
    this.childBlocks.clear();
  }

  /** The change for the top-level card, or undefined when `e` is not a subagent's. */
  route(e: ChatEvent): Change | undefined {
    switch (e.type) {
      case 'tool': {
        const known = this.childTools.get(e.toolUseId);
        if (known) {
          known.entry.tool = e;
          return { entry: known.root, added: false };
        }
        const parent = this.parent(e.parentToolUseId);
        if (!parent) return undefined;
        const entry: ToolEntry = { kind: 'tool', tool: e, state: 'pending' };
        (parent.entry.children ??= []).push(entry);
        this.childTools.set(e.toolUseId, { entry, root: parent.root });
        return { entry: parent.root, added: false };
      }
      case 'text':
      case 'thinking':
      case 'block': {
        const parent = this.parent(e.parentToolUseId);
        if (!parent) return undefined;
        const key = `${e.messageId}\u0000${e.index}`;
        const kind = e.type === 'block' ? e.kind : e.type;
        const existing = this.childBlocks.get(key);
        if (existing) {
          existing.text = e.type === 'block' ? e.text : existing.text + e.text;
          existing.complete = e.type === 'block';
        } else {
          const entry: BlockEntry = { kind, messageId: e.messageId, index: e.index, text: e.text, complete: e.type === 'block' };
          this.childBlocks.set(key, entry);
          (parent.entry.children ??= []).push(entry);
        }
        return { entry: parent.root, added: false };
      }
      case 'toolResult': {
        const child = this.childTools.get(e.toolUseId);
        if (!child) return undefined;
        child.entry.result = e;
        if (child.entry.state !== 'denied') child.entry.state = e.isError ? 'error' : 'done';
        return { entry: child.root, added: false };
      }
      case 'toolState': {
        const child = this.childTools.get(e.toolUseId);
        if (!child) return undefined;
        if (TERMINAL.has(child.entry.state) && !TERMINAL.has(e.state)) return { entry: child.root, added: false };
        if (child.entry.state !== 'denied') child.entry.state = e.state;
        return { entry: child.root, added: false };
      }
      case 'user':
      case 'turnEnd':
      case 'notice':
        return undefined;
      default:
        return undefined;
    }
  }

  private parent(id: string | undefined): { entry: ToolEntry; root: ToolEntry } | undefined {
    if (!id) return undefined;
    const top = this.topLevelTool(id);
    if (top) return { entry: top, root: top };
    // A subagent inside a subagent: nest under the child, re-render the top-level card.
    return this.childTools.get(id);
  }
}

/** Steps: the subagent's tool calls (its text is shown but not counted). */
export function stepCount(entry: ToolEntry): number {
  return (entry.children ?? []).filter((c) => c.kind === 'tool').length;
}

/**
 * A Task/Agent card: the description as title, a live step count, and the subagent's steps
 * nested in a section that starts collapsed.
 */
export function subagentCard(entry: ToolEntry, renderChild: (child: Entry) => HTMLElement | null): CardParts {
  const input = (entry.tool.input && typeof entry.tool.input === 'object' ? entry.tool.input : {}) as Record<string, unknown>;
  const description = typeof input.description === 'string' ? input.description : '';
  const type = typeof input.subagent_type === 'string' ? input.subagent_type : '';
  const steps = stepCount(entry);
  const children = entry.children ?? [];
  const count = h('span', { class: 'subagent-count' }, steps === 1 ? t('1 step') : t('{0} steps', steps));
  const body: Node[] = [];
  if (children.length > 0) {
    const list = h('div', { class: 'subagent-steps' });
    for (const c of children) {
      const el = renderChild(c);
      if (el) list.appendChild(el);
    }
    body.push(h('details', { class: 'subagent', 'data-key': 'subagent-steps' }, h('summary', null, icon('list-tree'), ' ', count), list));
  }
  if (entry.result && entry.state === 'done') body.push(foldedText(entry.result.text.replace(/\n?<usage>[\s\S]*<\/usage>\s*$/, ''), 'subagent-result'));
  // The subagent waits on the user: say so on the card, not "Pending" or "Running".
  const waiting = !TERMINAL.has(entry.state) && children.some((c) => c.kind === 'tool' && c.state === 'permission');
  return {
    icon: 'hubot',
    name: type && type !== 'general-purpose' ? t('Agent · {0}', type) : t('Agent'),
    title: description ? [description, ' · ', count.cloneNode(true)] : [count.cloneNode(true)],
    body,
    ...(waiting ? { stateLabel: t('Waiting for permission'), stateIcon: 'shield', stateClass: 'permission' as const } : {}),
  };
}
