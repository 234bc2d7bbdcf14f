import type { ChatEvent } from '../../shared/contract';

/**
 * Which files a command changed. A Bash tool leaves no per-edit record (the CLI's structured
 * result has stdout, not files), so the files are what the workspace's file watcher reports
 * while a chat's turn has run Bash, up to a moment after the turn ends (watcher events lag),
 * minus the files the turn's own Write/Edit record names and files saved from an editor (the
 * user's, or our Undo's). Approximate by nature: the review list says "changed by a command"
 * and offers no per-hunk undo.
 */
export interface CommandChangesHost {
  /** A file a command of this chat's turn changed. */
  report(chatId: string, turnId: string, path: string): void;
  /** The files the turn's record names (Write/Edit): not the command's. */
  recorded(chatId: string, turnId: string): readonly string[];
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** File events matter from now on (true) or no longer (false): the watcher runs only then. */
  watching?(on: boolean): void;
}

/** Past this many files in one turn, the rest are not listed (a build or an install). */
export const MAX_COMMAND_FILES = 200;
/** Generated trees no one reviews by hand. */
const SKIP = /[\\/](\.git|node_modules)([\\/]|$)/;

interface Window {
  chatId: string;
  turnId: string | undefined;
  seen: Set<string>;
  closing?: unknown;
}

interface ChatWatch {
  /** The prompts sent and not yet ended, oldest first: the running turn is the first. */
  turns: string[];
  window?: Window;
}

export class CommandChanges {
  private readonly chats = new Map<string, ChatWatch>();
  /** Windows still taking file events: open ones and those in their grace period. */
  private readonly live = new Set<Window>();
  private readonly saved = new Set<string>();

  constructor(
    private readonly host: CommandChangesHost,
    private readonly graceMs = 2000,
  ) {}

  /** Whether a file event would be looked at now (no watcher work otherwise). */
  get watching(): boolean {
    return this.live.size > 0;
  }

  onEvents(chatId: string, events: readonly ChatEvent[]): void {
    let w = this.chats.get(chatId);
    if (!w) this.chats.set(chatId, (w = { turns: [] }));
    for (const e of events) {
      switch (e.type) {
        case 'user':
          w.turns.push(e.turnId);
          break;
        case 'tool':
          if (e.name === 'Bash' && !w.window) {
            w.window = { chatId, turnId: w.turns[0], seen: new Set() };
            if (this.live.size === 0) {
              this.saved.clear();
              this.host.watching?.(true);
            }
            this.live.add(w.window);
          }
          break;
        case 'turnEnd': {
          const turnId = w.turns.shift();
          const win = w.window;
          w.window = undefined;
          if (!win) break;
          win.turnId ??= turnId;
          win.closing = this.host.setTimeout(() => this.close(win), this.graceMs);
          break;
        }
        default:
          break;
      }
    }
  }

  /** The watcher saw a file created or changed. */
  fileChanged(path: string): void {
    if (this.live.size === 0 || SKIP.test(path)) return;
    for (const win of this.live) if (win.seen.size < MAX_COMMAND_FILES) win.seen.add(path);
  }

  /** A document was saved from an editor: its change on disk is not a command's. */
  savedFromEditor(path: string): void {
    if (this.live.size > 0) this.saved.add(path);
  }

  /** A chat closed: its window ends now. */
  forget(chatId: string): void {
    const w = this.chats.get(chatId);
    this.chats.delete(chatId);
    if (w?.window) this.end(w.window);
  }

  private end(win: Window): void {
    if (this.live.delete(win) && this.live.size === 0) this.host.watching?.(false);
  }

  private close(win: Window): void {
    this.end(win);
    if (win.turnId === undefined) return;
    const recorded = new Set(this.host.recorded(win.chatId, win.turnId));
    for (const path of win.seen) if (!recorded.has(path) && !this.saved.has(path)) this.host.report(win.chatId, win.turnId, path);
  }

  dispose(): void {
    for (const win of this.live) if (win.closing !== undefined) this.host.clearTimeout(win.closing);
    this.live.clear();
    this.chats.clear();
  }
}
