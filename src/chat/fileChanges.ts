import { applyEdit, obj, str } from '../shared/toolValues';

/**
 * The files Claude changed, from the CLI's structured tool results (`tool_use_result`):
 * Edit gives `originalFile` + old/new strings, Write gives `content` (+ `originalFile`).
 * Kept per tool use so "Open Diff" and "Review changes" show exactly what happened.
 */
export interface FileChange {
  toolUseId: string;
  turnId: string;
  tool: string;
  filePath: string;
  before: string;
  after: string;
  /** Write made the file (it did not exist before): undoing the change removes it. */
  created?: boolean;
  /**
   * Its contents fell out of a bounded record (`before`/`after` are empty, not the file): it
   * still names the file, but nothing may be diffed, reverted or restored from it.
   */
  dropped?: true;
}

/** What a change's contents cost to keep, in UTF-16 code units. */
export const contentSize = (c: FileChange): number => c.before.length + c.after.length;

/**
 * Frees a change's contents. Changes are shared between the change record and the checkpoints
 * (the same object), so whichever bound is hit first frees them for both.
 */
export function dropContent(c: FileChange): void {
  c.before = '';
  c.after = '';
  c.dropped = true;
}


export function changeFromResult(toolUseId: string, turnId: string, tool: string, structured: unknown): FileChange | undefined {
  const s = obj(structured);
  const filePath = str(s.filePath);
  if (!filePath) return undefined;
  if (tool === 'Write') {
    const after = str(s.content);
    if (after === undefined) return undefined;
    return { toolUseId, turnId, tool, filePath, before: str(s.originalFile) ?? '', after, created: s.type === 'create' || undefined };
  }
  if (tool === 'Edit') {
    const before = str(s.originalFile);
    const oldS = str(s.oldString);
    const newS = str(s.newString);
    if (before === undefined || oldS === undefined || newS === undefined) return undefined;
    const after = applyEdit(before, oldS, newS, s.replaceAll === true);
    return { toolUseId, turnId, tool, filePath, before, after };
  }
  return undefined;
}

/**
 * A bounded record: old changes fall off first, past `max` changes or `maxChars` of contents
 * (each change keeps the whole file twice: 100 edits of a 500 KB file were 100 MB). The newest
 * change always stays.
 */
export class FileChanges {
  private readonly byTool = new Map<string, FileChange>();
  private chars = 0;
  /** Turn and file of each change that fell off: that turn's diff of the file would start midway. */
  private readonly incomplete = new Set<string>();

  constructor(
    private readonly max = 500,
    private readonly maxChars = 32_000_000,
  ) {}

  add(change: FileChange): void {
    this.remove(change.toolUseId);
    this.byTool.set(change.toolUseId, change);
    this.chars += contentSize(change);
    while (this.byTool.size > 1 && (this.byTool.size > this.max || this.chars > this.maxChars)) {
      const oldest = this.byTool.values().next().value as FileChange;
      this.remove(oldest.toolUseId);
      this.incomplete.add(`${oldest.turnId}\0${oldest.filePath}`);
      dropContent(oldest);
    }
  }

  /** Contents kept, in UTF-16 code units. */
  get keptChars(): number {
    return this.chars;
  }

  private remove(toolUseId: string): void {
    const c = this.byTool.get(toolUseId);
    if (!c) return;
    this.chars -= contentSize(c);
    this.byTool.delete(toolUseId);
  }

  get(toolUseId: string): FileChange | undefined {
    return this.byTool.get(toolUseId);
  }

  /** One entry per file for a turn: the first `before` and the last `after`. */
  forTurn(turnId: string): FileChange[] {
    const files = new Map<string, FileChange>();
    for (const c of this.byTool.values()) {
      if (c.turnId !== turnId || this.incomplete.has(`${turnId}\0${c.filePath}`)) continue;
      const prev = files.get(c.filePath);
      files.set(c.filePath, prev ? { ...c, before: prev.before } : c);
    }
    return [...files.values()];
  }

  clear(): void {
    this.byTool.clear();
    this.incomplete.clear();
    this.chars = 0;
  }
}
