import type { ChatEvent, ToolState } from '../../src/shared/contract';
import type { BlockEntry, Change, Entry, ToolEntry } from './entries';
import { Subagents } from './subagents';

const TERMINAL: ReadonlySet<ToolState> = new Set(['done', 'error', 'denied']);

/**
 * The webview's model of the transcript: one entry per thing shown (prompt, text block,
 * thinking block, tool card, turn result, notice). Deltas fold into their entry, so the
 * model stays small and any entry can be re-rendered from it (the view keeps only a
 * window of entries in the DOM).
 */
export class ChatModel {
  readonly entries: Entry[] = [];
  private blocks = new Map<string, BlockEntry>();
  private tools = new Map<string, ToolEntry>();
  private users = new Map<string, Extract<Entry, { kind: 'user' }>>();
  /** Task tools name tasks by id: the subject each id was created with, for the transcript's task lines. */
  private taskSubjects = new Map<string, string>();
  private readonly subagents = new Subagents((id) => this.tools.get(id));
  /** Entries of a conversation replaced by a fork (shown dimmed, without actions). */
  readonly replaced = new WeakSet<Entry>();
  /** This turn's retry line: each further `api_retry` updates it instead of adding a line. */
  private retry: Extract<Entry, { kind: 'notice' }> | undefined;

  reset(): void {
    this.entries.length = 0;
    this.blocks.clear();
    this.tools.clear();
    this.users.clear();
    this.taskSubjects.clear();
    this.subagents.reset();
    this.retry = undefined;
  }

  /** Checkpoint events (see messageActions.ts): markers on prompts, marks and turn footers. */
  private applyCheckpoint(e: Extract<ChatEvent, { type: 'checkpoint' | 'mark' | 'turnFiles' | 'turnProblems' }>): Change | undefined {
    switch (e.type) {
      case 'checkpoint': {
        const user = this.users.get(e.turnId);
        if (!user || this.replaced.has(user)) return undefined;
        user.checkpoint = true;
        return { entry: user, added: false };
      }
      case 'mark': {
        const user = this.users.get(e.turnId);
        if (e.kind === 'forked' && user) {
          for (let i = this.entries.indexOf(user); i >= 0 && i < this.entries.length; i++) {
            const entry = this.entries[i];
            this.replaced.add(entry);
            if (entry.kind === 'user') {
              entry.checkpoint = false;
              this.users.delete(entry.turnId);
            }
          }
        }
        return this.add({ kind: 'mark', event: e });
      }
      case 'turnFiles':
        return this.add({ kind: 'turnFiles', event: e });
      case 'turnProblems': {
        // Part of that turn's footer, wherever the transcript has got to since.
        for (let i = this.entries.length - 1; i >= 0; i--) {
          const entry = this.entries[i];
          if (entry.kind !== 'turnFiles' || entry.event.turnId !== e.turnId) continue;
          entry.problems = e;
          return { entry, added: false };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  apply(e: ChatEvent): Change | undefined {
    const nested = this.subagents.route(e);
    if (nested) return nested;
    switch (e.type) {
      case 'user': {
        const existing = this.users.get(e.turnId);
        if (existing) {
          existing.text = e.text;
          existing.queued = e.queued ?? false;
          return { entry: existing, added: false };
        }
        const entry: Entry = { kind: 'user', turnId: e.turnId, text: e.text, queued: e.queued ?? false, images: e.images };
        this.users.set(e.turnId, entry);
        this.retry = undefined;
        return this.add(entry);
      }
      case 'text':
      case 'thinking':
      case 'block': {
        const key = `${e.messageId}\u0000${e.index}`;
        const kind = e.type === 'block' ? e.kind : e.type;
        const existing = this.blocks.get(key);
        if (existing) {
          if (e.type === 'block') {
            existing.text = e.text;
            existing.complete = true;
            return { entry: existing, added: false };
          }
          existing.text += e.text;
          return { entry: existing, added: false, delta: e.text };
        }
        const entry: BlockEntry = { kind, messageId: e.messageId, index: e.index, text: e.text, complete: e.type === 'block' };
        this.blocks.set(key, entry);
        return this.add(entry);
      }
      case 'tool': {
        const existing = this.tools.get(e.toolUseId);
        if (existing) {
          existing.tool = e;
          if (e.name === 'TaskUpdate' || e.name === 'TaskGet') existing.taskSubject ??= this.subjectOf(e.input);
          return { entry: existing, added: false };
        }
        const entry: ToolEntry = { kind: 'tool', tool: e, state: 'pending', since: Date.now() };
        if (e.name === 'TaskUpdate' || e.name === 'TaskGet') entry.taskSubject = this.subjectOf(e.input);
        this.tools.set(e.toolUseId, entry);
        return this.add(entry);
      }
      case 'toolResult': {
        let entry = this.tools.get(e.toolUseId);
        const added = !entry;
        if (!entry) {
          entry = { kind: 'tool', tool: { type: 'tool', messageId: '', index: 0, toolUseId: e.toolUseId, name: 'Tool' }, state: 'pending' };
          this.tools.set(e.toolUseId, entry);
        }
        entry.result = e;
        this.noteTask(entry);
        // A denial stays a denial even though its result is an error.
        if (entry.state !== 'denied') entry.state = e.isError ? 'error' : 'done';
        return added ? this.add(entry) : { entry, added: false };
      }
      case 'toolState': {
        const entry = this.tools.get(e.toolUseId);
        if (!entry) return undefined;
        // Late or reordered states never move a finished tool back to running.
        if (TERMINAL.has(entry.state) && !TERMINAL.has(e.state)) return undefined;
        if (entry.state === 'denied') return undefined;
        // Time spent waiting for the user's answer is not the command's running time.
        if (entry.state === 'permission' && e.state !== 'permission') entry.since = Date.now();
        entry.state = e.state;
        return { entry, added: false };
      }
      case 'turnEnd':
        this.retry = undefined;
        return this.add({ kind: 'turnEnd', event: e });
      case 'notice': {
        if (e.marker === 'retry' && this.retry) {
          this.retry.event = e;
          return { entry: this.retry, added: false };
        }
        const entry: Extract<Entry, { kind: 'notice' }> = { kind: 'notice', event: e };
        if (e.marker === 'retry') this.retry = entry;
        return this.add(entry);
      }
      case 'checkpoint':
      case 'mark':
      case 'turnFiles':
      case 'turnProblems':
        return this.applyCheckpoint(e);
      default:
        return undefined;
    }
  }

  private subjectOf(input: unknown): string | undefined {
    const id = (input as { taskId?: unknown } | undefined)?.taskId;
    return typeof id === 'string' ? this.taskSubjects.get(id) : undefined;
  }

  /** A TaskCreate's result names the new task's id; later TaskUpdate lines show its subject. */
  private noteTask(entry: ToolEntry): void {
    if (entry.tool.name !== 'TaskCreate' || entry.result?.isError) return;
    const task = (entry.result?.structured as { task?: { id?: unknown; subject?: unknown } } | undefined)?.task;
    const subject = typeof task?.subject === 'string' ? task.subject : (entry.tool.input as { subject?: unknown } | undefined)?.subject;
    if (typeof task?.id === 'string' && typeof subject === 'string') this.taskSubjects.set(task.id, subject);
  }

  private add(entry: Entry): Change {
    this.entries.push(entry);
    return { entry, added: true };
  }
}
