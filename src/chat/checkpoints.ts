import type { FileChange } from './fileChanges';

/**
 * Checkpoints as a chat capability (`Chat.checkpoints`): restore files to before a prompt,
 * fork the conversation at a prompt, and each turn's own file changes. Prompts are named by
 * the turn id of their `user` panel event. No `vscode` import: the adapter asks natively and
 * calls these.
 */
export interface ChatCheckpoints {
  /** The prompt's text, for "Edit and resend". */
  promptText(turnId: string): string | undefined;
  /** What restoring to before `turnId` would change (the CLI's dry run plus our record). Throws CheckpointError. */
  plan(turnId: string): Promise<RestorePlan>;
  /** Restores the files; marks the point in the panel. Returns the files the CLI reported. Throws CheckpointError. */
  restore(turnId: string): Promise<string[]>;
  /** Replaces the conversation from `turnId` on with `text` (a fork: new session id, the original stays). */
  fork(turnId: string, text: string, options: { restoreFiles: boolean }): Promise<unknown>;
  /** One entry per file the turn changed: the first before and the last after. */
  turnChanges(turnId: string): FileChange[];
}

/** Absent content (`undefined`) means the file does not exist. */
export interface RestoreFile {
  path: string;
  current: string | undefined;
  /** What the file goes back to; `targetKnown: false` when our record holds no content for it. */
  target: string | undefined;
  targetKnown: boolean;
  /** The file differs from what Claude's last change left: someone (you, a command) changed it since. */
  changedSinceClaude: boolean;
}

export interface RestorePlan {
  turnId: string;
  prompt: string;
  files: RestoreFile[];
  insertions?: number;
  deletions?: number;
}

/** Merges a turn's changes per file: the first `before` (and whether it created the file), the last `after`. */
export function perFile(changes: readonly FileChange[]): FileChange[] {
  const files = new Map<string, FileChange>();
  for (const c of changes) {
    const prev = files.get(c.filePath);
    files.set(c.filePath, prev ? { ...c, before: prev.before, created: prev.created } : c);
  }
  return [...files.values()];
}

/**
 * What a file holds at the checkpoint before prompt `index`, from Claude's recorded changes
 * per prompt: the state before its first change at or after that prompt, else the state its
 * last earlier change left. `known: false` when no recorded change touched it.
 */
export function contentAt(perPrompt: readonly (readonly FileChange[])[], index: number, path: string): { known: boolean; content: string | undefined } {
  for (let i = index; i < perPrompt.length; i++) {
    const first = perPrompt[i].find((c) => c.filePath === path);
    if (first?.dropped) return { known: false, content: undefined };
    if (first) return { known: true, content: first.created ? undefined : first.before };
  }
  for (let i = Math.min(index, perPrompt.length) - 1; i >= 0; i--) {
    const changes = perPrompt[i].filter((c) => c.filePath === path);
    const last = changes[changes.length - 1];
    if (last?.dropped) return { known: false, content: undefined };
    if (last) return { known: true, content: last.after };
  }
  return { known: false, content: undefined };
}

/** What Claude's latest recorded change left in the file; undefined when none is recorded. */
export function lastAfter(perPrompt: readonly (readonly FileChange[])[], path: string): string | undefined {
  for (let i = perPrompt.length - 1; i >= 0; i--) {
    const changes = perPrompt[i].filter((c) => c.filePath === path);
    const last = changes[changes.length - 1];
    if (last) return last.dropped ? undefined : last.after;
  }
  return undefined;
}
