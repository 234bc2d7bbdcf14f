import type { Disposable } from '../core/emitter';
import type { ChatEvent } from '../shared/contract';
import { appeared, capProblems, fixPrompt, type Problem } from './problems';

/**
 * What the editor tells about files' diagnostics (src/vscode/turnDiagnostics.ts; a fake in tests).
 */
export interface DiagnosticsSource {
  /** The file's errors and warnings now. */
  read(path: string): Problem[];
  /**
   * Whether the editor checks the file: 'shown' in an editor tab (language servers report
   * diagnostics for those; JSON, CSS, HTML and TypeScript only for those), 'hidden' when it is
   * not, 'missing' when there is no such file yet.
   */
  status(path: string): Promise<'shown' | 'hidden' | 'missing'>;
  /** Fires with the files whose diagnostics changed. */
  onDidChange(listener: (paths: readonly string[]) => void): Disposable;
}

export interface TurnProblemsOptions {
  /** After the turn: diagnostics of its files quiet this long count as settled... */
  quietMs: number;
  /** ...and this long is the most the footer waits for language servers. */
  settleCapMs: number;
}

const DEFAULTS: TurnProblemsOptions = { quietMs: 300, settleCapMs: 5_000 };

/** The tools that change a file, and the input field that names it (docs/protocol.md, "Checkpoints"). */
const EDITS: Record<string, string> = { Edit: 'file_path', MultiEdit: 'file_path', Write: 'file_path', NotebookEdit: 'notebook_path' };

/** The footers' problems are kept for this many turns (for "open" and "fix" clicks). */
const KEPT_TURNS = 50;

interface FileState {
  path: string;
  /** The file's problems before Claude's first edit of it in this turn. */
  before?: Problem[];
  /** An edit of it finished (its tool result came) at this change count... */
  editedAt: number;
  /** ...and its diagnostics last changed at this one. */
  changedAt: number;
  /** Woken by a diagnostics change of the file (the settle). */
  readonly wakers: Set<() => void>;
  /**
   * No editor tab showed it before the edit: what it had is unknown, so nothing in it can be
   * called new (opening it later would make every old problem look new).
   */
  unknown?: boolean;
}

/**
 * The diagnostics loop of a chat: follows its transcript events, takes a snapshot of each file's
 * problems before Claude's first edit of it in a turn, and after a turn that changed files (its
 * `turnFiles` footer) lets the language servers settle, then adds a `turnProblems` footer with
 * the errors and warnings that appeared. Nothing when none did. No `vscode`: the editor is a
 * `DiagnosticsSource`.
 */
export class TurnProblems implements Disposable {
  private current = new Map<string, FileState>();
  /** The turn that just ended, until its `turnFiles` footer (which follows its `turnEnd`) comes. */
  private ended: Map<string, FileState> | undefined;
  private readonly toolPaths = new Map<string, string>();
  /** Every state still waiting for diagnostics changes, across turns (a settle outlives its turn). */
  private readonly live = new Set<FileState>();
  private readonly shown = new Map<string, Problem[]>();
  /** Footers still settling. */
  private readonly pending = new Set<Promise<void>>();
  private listener: Disposable | undefined;
  private changes = 0;
  private generation = 0;
  private disposed = false;
  private readonly options: TurnProblemsOptions;

  constructor(
    private readonly source: DiagnosticsSource,
    private readonly folder: string,
    private readonly emit: (event: ChatEvent) => void,
    options: Partial<TurnProblemsOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The chat's transcript events, in order. */
  observe(events: readonly ChatEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'tool': {
          const field = EDITS[e.name];
          const path = field ? (e.input as Record<string, unknown> | undefined)?.[field] : undefined;
          if (typeof path === 'string' && path.length > 0) this.beforeEdit(e.toolUseId, path);
          break;
        }
        case 'toolResult': {
          const path = this.toolPaths.get(e.toolUseId);
          this.toolPaths.delete(e.toolUseId);
          const state = path === undefined ? undefined : this.current.get(path);
          if (state) this.afterEdit(state);
          break;
        }
        case 'turnEnd':
          // A turn whose edits all failed has no footer: its files wait for nothing.
          for (const s of this.ended?.values() ?? []) this.live.delete(s);
          this.ended = this.current;
          this.current = new Map();
          this.toolPaths.clear();
          break;
        case 'turnFiles': {
          const ended = this.ended;
          this.ended = undefined;
          const files = new Set(e.files);
          const states = ended ? [...ended.values()].filter((s) => files.has(s.path) && !s.unknown) : [];
          for (const s of ended?.values() ?? []) if (!states.includes(s)) this.live.delete(s);
          if (states.length > 0) {
            const done = this.finish(e.turnId, states).finally(() => this.pending.delete(done));
            this.pending.add(done);
          }
          break;
        }
        default:
          break;
      }
    }
  }

  /** The problems a footer shows, by its turn; undefined once forgotten. */
  problems(turnId: string): Problem[] | undefined {
    return this.shown.get(turnId);
  }

  /** "Ask Claude to fix": the prompt for a footer's problems. */
  fixPrompt(turnId: string): string | undefined {
    const problems = this.shown.get(turnId);
    return problems ? fixPrompt(problems, this.folder) : undefined;
  }

  /** Resolves when every footer on its way has been added (or found nothing). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** A new conversation: pending settles add nothing to it. */
  clear(): void {
    this.generation++;
    this.current.clear();
    this.ended = undefined;
    this.toolPaths.clear();
    for (const s of this.live) for (const wake of s.wakers) wake();
    this.live.clear();
    this.shown.clear();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
    this.listener?.dispose();
    this.listener = undefined;
  }

  private listen(): void {
    // Only once Claude edits a file: activation and chats that change nothing listen to nothing.
    this.listener ??= this.source.onDidChange((paths) => {
      this.changes++;
      const changed = new Set(paths);
      for (const s of this.live) {
        if (!changed.has(s.path)) continue;
        s.changedAt = this.changes;
        for (const wake of s.wakers) wake();
      }
    });
  }

  private beforeEdit(toolUseId: string, path: string): void {
    if (this.disposed) return;
    this.toolPaths.set(toolUseId, path);
    if (this.current.has(path)) return;
    this.listen();
    const state: FileState = { path, editedAt: -1, changedAt: -1, wakers: new Set() };
    this.current.set(path, state);
    this.live.add(state);
    void this.snapshot(state);
  }

  /** Before the edit runs (the tool call is complete, its result not yet in). */
  private async snapshot(state: FileState): Promise<void> {
    const status = await this.source.status(state.path).catch(() => 'hidden' as const);
    if (state.before !== undefined) return;
    if (status === 'hidden') state.unknown = true;
    // A file the turn creates had no problems.
    state.before = status === 'missing' ? [] : this.source.read(state.path);
  }

  private afterEdit(state: FileState): void {
    // The edit is on disk: from here on, diagnostics may be of the new text. A snapshot still
    // on its way is taken now (its status unknown: not compared).
    if (state.before === undefined) {
      state.before = [];
      state.unknown = true;
    }
    state.editedAt = this.changes;
  }

  /** Resolves on the file's next diagnostics change or after `ms`. */
  private waitForChange(state: FileState, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        state.wakers.delete(done);
        resolve();
      }
      state.wakers.add(done);
    });
  }

  /**
   * Waits until every file's diagnostics changed since its last edit and then stayed quiet for
   * `quietMs` (servers often report twice: syntax, then semantics), or `settleCapMs` passed.
   */
  private async settle(states: FileState[]): Promise<void> {
    const deadline = Date.now() + this.options.settleCapMs;
    const generation = this.generation;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || generation !== this.generation) return;
      const pending = states.find((s) => s.changedAt <= s.editedAt);
      if (pending) {
        await this.waitForChange(pending, left);
        continue;
      }
      const before = this.changes;
      await new Promise((r) => setTimeout(r, Math.min(this.options.quietMs, left)));
      if (this.changes === before) return;
    }
  }

  private async finish(turnId: string, states: FileState[]): Promise<void> {
    const generation = this.generation;
    await this.settle(states);
    for (const s of states) this.live.delete(s);
    if (this.disposed || generation !== this.generation) return;
    const found = states.flatMap((s) => appeared(s.before ?? [], this.source.read(s.path)));
    if (found.length === 0) return;
    // Kept in the footer's order: a click names a problem by its place in the list.
    const sorted = capProblems(found, found.length).shown;
    const { shown, more } = capProblems(sorted);
    this.shown.set(turnId, sorted);
    for (const old of [...this.shown.keys()].slice(0, Math.max(0, this.shown.size - KEPT_TURNS))) this.shown.delete(old);
    this.emit({ type: 'turnProblems', turnId, problems: shown.map(forPanel), ...(more > 0 ? { more } : {}) });
  }
}

/** Within the contract's sizes: a language server's message can be any length. */
function forPanel(p: Problem): Problem {
  const cut = (s: string | undefined, max: number) => (s !== undefined && s.length > max ? `${s.slice(0, max - 1)}…` : s);
  return { ...p, message: cut(p.message, 2000)!, ...(p.source !== undefined ? { source: cut(p.source, 200) } : {}), ...(p.code !== undefined ? { code: cut(p.code, 200) } : {}) };
}
