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

/** A bounded record: old changes fall off first. */
export class FileChanges {
  private readonly byTool = new Map<string, FileChange>();

  constructor(private readonly max = 500) {}

  add(change: FileChange): void {
    this.byTool.delete(change.toolUseId);
    this.byTool.set(change.toolUseId, change);
    while (this.byTool.size > this.max) this.byTool.delete(this.byTool.keys().next().value as string);
  }

  get(toolUseId: string): FileChange | undefined {
    return this.byTool.get(toolUseId);
  }

  /** One entry per file for a turn: the first `before` and the last `after`. */
  forTurn(turnId: string): FileChange[] {
    const files = new Map<string, FileChange>();
    for (const c of this.byTool.values()) {
      if (c.turnId !== turnId) continue;
      const prev = files.get(c.filePath);
      files.set(c.filePath, prev ? { ...c, before: prev.before } : c);
    }
    return [...files.values()];
  }

  clear(): void {
    this.byTool.clear();
  }
}
