import * as z from 'zod';
import { Emitter } from '../../core/emitter';
import { diffLines } from './lineDiff';

/**
 * Claude's pending changes, hunk by hunk, for review in the editor (Keep / Undo). Built on our
 * own record of Claude's changes (each turn's first `before` and last `after` per file, the
 * record restore uses), never on git. No `vscode` import: the editor surface feeds it document
 * texts and applies the edits it plans.
 *
 * Per file it keeps two texts: `base`, the file before Claude's first pending change (with the
 * hunks already kept taken in), and `target`, what Claude left (with the hunks already undone
 * taken out). The pending hunks are exactly where the two differ. Keep moves a hunk's lines
 * into `base`; Undo moves the original lines into `target` and into the document. The document
 * may differ from `target` (the user typed since): hunks are found in it by a diff of `target`
 * against the current text, so they follow edits above them, and a hunk whose lines the user
 * changed is seen as edited (Undo then asks first).
 */

/** Which chat and prompt made a change. */
export interface ReviewOrigin {
  chatId: string;
  /** The chat's title ("Chat 2"); shown next to each change. */
  chat: string;
  turnId: string;
  /** The prompt's text (model/user-derived: plain text wherever shown). */
  prompt?: string;
}

export interface Hunk {
  id: string;
  /** Where the original lines are in `base`. */
  baseStart: number;
  base: string[];
  /** Where Claude's lines are in `target`. */
  targetStart: number;
  target: string[];
  origin: ReviewOrigin;
}

/** A hunk found in the current text: lines [start, end) hold it (Claude's lines when intact). */
export interface LocatedHunk {
  hunk: Hunk;
  start: number;
  end: number;
  /** The lines there are not Claude's any more (someone changed them since). */
  edited: boolean;
}

/** One file's change as the record gives it for a turn. */
export interface RecordedChange {
  filePath: string;
  before: string;
  after: string;
  created?: boolean;
}

/** What undoing a hunk does to the current text. */
export interface UndoPlan {
  /** The whole new text of the file. */
  text: string;
  /** The lines of the hunk were changed since Claude's edit: ask before overwriting them. */
  edited: boolean;
  /** Claude created the file and this undoes the last of it: the file goes away. */
  deleteFile: boolean;
}

/** A file a command changed (Bash): listed, without hunks (there is no per-edit record). */
export interface CommandFile {
  path: string;
  origin: ReviewOrigin;
}

interface FileReview {
  path: string;
  base: string[];
  target: string[];
  created: boolean;
  hunks: Hunk[];
}

/** Which changes a bulk action covers: a turn of a chat, or (undefined) everything pending. */
export interface TurnFilter {
  chatId: string;
  turnId: string;
}

export const splitLines = (text: string): string[] => text.split('\n');
export const joinLines = (lines: readonly string[]): string => lines.join('\n');

const sameLines = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((l, i) => l === b[i]);
const inTurn = (o: ReviewOrigin, f: TurnFilter | undefined) => !f || (o.chatId === f.chatId && o.turnId === f.turnId);

export class ReviewModel {
  private readonly files = new Map<string, FileReview>();
  private readonly commands = new Map<string, CommandFile>();
  private nextId = 1;
  private readonly changed = new Emitter<void>();
  /** Something was added, kept, undone or dropped. */
  readonly onDidChange = this.changed.event;

  /** A turn's recorded changes, one per file (first before, last after). */
  addChanges(origin: ReviewOrigin, changes: readonly RecordedChange[]): void {
    for (const c of changes) {
      const prev = this.files.get(c.filePath);
      const base = prev ? prev.base : splitLines(c.created ? '' : c.before);
      const target = splitLines(c.after);
      const file: FileReview = { path: c.filePath, base, target, created: prev ? prev.created : c.created === true, hunks: [] };
      // Hunks that were pending before and are unchanged keep the turn that made them.
      file.hunks = diffLines(base, target).map((r) => {
        const old = prev?.hunks.find((h) => h.baseStart === r.a0 && sameLines(h.base, base.slice(r.a0, r.a1)) && sameLines(h.target, target.slice(r.b0, r.b1)));
        return { id: old?.id ?? this.newId(), baseStart: r.a0, base: base.slice(r.a0, r.a1), targetStart: r.b0, target: target.slice(r.b0, r.b1), origin: old?.origin ?? origin };
      });
      this.commands.delete(c.filePath);
      if (file.hunks.length > 0) this.files.set(c.filePath, file);
      else this.files.delete(c.filePath);
    }
    this.changed.fire();
  }

  /** A file a command changed while Claude worked; a file with hunks stays as it is. */
  addCommandFile(path: string, origin: ReviewOrigin): void {
    if (this.files.has(path)) return;
    this.commands.set(path, { path, origin });
    this.changed.fire();
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  commandFiles(): CommandFile[] {
    return [...this.commands.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  hunks(path: string): readonly Hunk[] {
    return this.files.get(path)?.hunks ?? [];
  }

  hunk(path: string, id: string): Hunk | undefined {
    return this.files.get(path)?.hunks.find((h) => h.id === id);
  }

  get count(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.hunks.length;
    return n;
  }

  /** The turns with pending changes, in the order their first change came. */
  turns(): ReviewOrigin[] {
    const seen = new Map<string, ReviewOrigin>();
    const add = (o: ReviewOrigin) => seen.has(`${o.chatId}\0${o.turnId}`) || seen.set(`${o.chatId}\0${o.turnId}`, o);
    for (const f of this.files.values()) f.hunks.forEach((h) => add(h.origin));
    for (const c of this.commands.values()) add(c.origin);
    return [...seen.values()];
  }

  /** Where each pending hunk is in `current` (the document or the file on disk). */
  locate(path: string, current: string): LocatedHunk[] {
    const file = this.files.get(path);
    if (!file) return [];
    const cur = splitLines(current);
    // For each target line, the current line it is (-1: changed or gone).
    const at = new Int32Array(file.target.length).fill(-1);
    let x = 0;
    let y = 0;
    for (const r of [...diffLines(file.target, cur), { a0: file.target.length, a1: 0, b0: cur.length, b1: 0 }]) {
      while (x < r.a0) at[x++] = y++;
      x = r.a1;
      y = r.b1;
    }
    return file.hunks.map((hunk) => {
      let start = 0;
      for (let i = hunk.targetStart - 1; i >= 0; i--) {
        if (at[i] >= 0) {
          start = at[i] + 1;
          break;
        }
      }
      let end = cur.length;
      for (let i = hunk.targetStart + hunk.target.length; i < at.length; i++) {
        if (at[i] >= 0) {
          end = at[i];
          break;
        }
      }
      end = Math.max(start, end);
      return { hunk, start, end, edited: !sameLines(cur.slice(start, end), hunk.target) };
    });
  }

  /** Keep: the hunk is accepted and leaves the list; the file is not touched. */
  keep(path: string, id: string): boolean {
    const file = this.files.get(path);
    const i = file?.hunks.findIndex((h) => h.id === id) ?? -1;
    if (!file || i < 0) return false;
    this.keepAt(file, i);
    this.settle(file);
    this.changed.fire();
    return true;
  }

  /** Keeps every pending hunk of a turn (or everything), and clears the command-changed files listed for it. */
  keepAll(filter?: TurnFilter): number {
    let n = 0;
    for (const file of [...this.files.values()]) {
      for (let i = file.hunks.length - 1; i >= 0; i--) {
        if (!inTurn(file.hunks[i].origin, filter)) continue;
        this.keepAt(file, i);
        n++;
      }
      this.settle(file);
    }
    for (const c of [...this.commands.values()]) if (inTurn(c.origin, filter)) this.commands.delete(c.path);
    this.changed.fire();
    return n;
  }

  /** Takes a command-changed file off the list (there is nothing to undo per hunk). */
  dismissCommandFile(path: string): void {
    if (this.commands.delete(path)) this.changed.fire();
  }

  /** What undoing the hunk does to `current`; undefined when the hunk is no longer pending. */
  planUndo(path: string, id: string, current: string): UndoPlan | undefined {
    const file = this.files.get(path);
    const located = this.locate(path, current).find((l) => l.hunk.id === id);
    if (!file || !located) return undefined;
    const cur = splitLines(current);
    cur.splice(located.start, located.end - located.start, ...located.hunk.base);
    const text = joinLines(cur);
    const deleteFile = file.created && file.hunks.length === 1 && text === '';
    return { text, edited: located.edited, deleteFile };
  }

  /** The undo was applied to the file: the hunk's original lines are Claude's side now too. */
  undone(path: string, id: string): void {
    const file = this.files.get(path);
    const i = file?.hunks.findIndex((h) => h.id === id) ?? -1;
    if (!file || i < 0) return;
    this.undoAt(file, i);
    this.settle(file);
    this.changed.fire();
  }

  /** The whole text of the file with every hunk of the filter undone, and which hunks those are. */
  planUndoAll(path: string, current: string, filter?: TurnFilter): { text: string; ids: string[]; edited: boolean; deleteFile: boolean } | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    const cur = splitLines(current);
    const chosen = this.locate(path, current).filter((l) => inTurn(l.hunk.origin, filter));
    if (chosen.length === 0) return undefined;
    // From the bottom up, so earlier line numbers stay right.
    for (const l of [...chosen].sort((p, q) => q.start - p.start)) cur.splice(l.start, l.end - l.start, ...l.hunk.base);
    const text = joinLines(cur);
    return { text, ids: chosen.map((l) => l.hunk.id), edited: chosen.some((l) => l.edited), deleteFile: file.created && chosen.length === file.hunks.length && text === '' };
  }

  /**
   * Checks the file against the hunks: a hunk whose lines are the original ones again (undone
   * outside: a restore, the footer's revert, by hand) leaves the list. With `strict` (after a
   * window reload) a hunk that matches neither side leaves too, as kept: the text it was
   * reviewed against is gone. `current` undefined: the file is gone.
   */
  reconcile(path: string, current: string | undefined, strict: boolean): void {
    const file = this.files.get(path);
    if (!file) return;
    if (current === undefined) {
      this.files.delete(path);
      this.changed.fire();
      return;
    }
    let touched = false;
    const located = this.locate(path, current);
    for (let i = located.length - 1; i >= 0; i--) {
      const l = located[i];
      if (!l.edited) continue;
      const lines = splitLines(current).slice(l.start, l.end);
      const idx = file.hunks.indexOf(l.hunk);
      if (sameLines(lines, l.hunk.base)) this.undoAt(file, idx);
      else if (strict) this.keepAt(file, idx);
      else continue;
      touched = true;
    }
    if (!touched) return;
    this.settle(file);
    this.changed.fire();
  }

  private keepAt(file: FileReview, i: number): void {
    const h = file.hunks[i];
    file.base.splice(h.baseStart, h.base.length, ...h.target);
    const shift = h.target.length - h.base.length;
    for (const o of file.hunks) if (o.baseStart > h.baseStart) o.baseStart += shift;
    file.hunks.splice(i, 1);
  }

  private undoAt(file: FileReview, i: number): void {
    const h = file.hunks[i];
    file.target.splice(h.targetStart, h.target.length, ...h.base);
    const shift = h.base.length - h.target.length;
    for (const o of file.hunks) if (o.targetStart > h.targetStart) o.targetStart += shift;
    file.hunks.splice(i, 1);
  }

  private settle(file: FileReview): void {
    if (file.hunks.length === 0) this.files.delete(file.path);
  }

  private newId(): string {
    return `h${this.nextId++}`;
  }

  /** Everything, for workspaceState. */
  toJSON(): ReviewState {
    return {
      version: 1,
      files: [...this.files.values()].map((f) => ({
        path: f.path,
        base: joinLines(f.base),
        target: joinLines(f.target),
        created: f.created,
        hunks: f.hunks.map((h) => ({ id: h.id, baseStart: h.baseStart, baseLength: h.base.length, targetStart: h.targetStart, targetLength: h.target.length, origin: h.origin })),
      })),
      commands: [...this.commands.values()],
    };
  }

  /** Back from workspaceState; entries that do not fit their texts are left out. */
  load(state: ReviewState): void {
    this.files.clear();
    this.commands.clear();
    for (const f of state.files) {
      const base = splitLines(f.base);
      const target = splitLines(f.target);
      const hunks: Hunk[] = [];
      for (const h of f.hunks) {
        if (h.baseStart + h.baseLength > base.length || h.targetStart + h.targetLength > target.length) continue;
        hunks.push({ id: this.newId(), baseStart: h.baseStart, base: base.slice(h.baseStart, h.baseStart + h.baseLength), targetStart: h.targetStart, target: target.slice(h.targetStart, h.targetStart + h.targetLength), origin: h.origin });
      }
      if (hunks.length > 0) this.files.set(f.path, { path: f.path, base, target, created: f.created, hunks });
    }
    for (const c of state.commands) this.commands.set(c.path, c);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const Origin = z.object({ chatId: z.string(), chat: z.string(), turnId: z.string(), prompt: z.string().optional() });
const count = z.number().int().min(0);

/** What workspaceState keeps: checked on load (a bad entry loses the review list, never the files). */
export const ReviewState = z.object({
  version: z.literal(1),
  files: z.array(
    z.object({
      path: z.string(),
      base: z.string(),
      target: z.string(),
      created: z.boolean(),
      hunks: z.array(z.object({ id: z.string(), baseStart: count, baseLength: count, targetStart: count, targetLength: count, origin: Origin })),
    }),
  ),
  commands: z.array(z.object({ path: z.string(), origin: Origin })),
});
export type ReviewState = z.infer<typeof ReviewState>;

/** The smallest replacement that turns `old` into `next`: an edit that leaves the cursor and the undo stack of the rest alone. */
export function minimalEdit(old: string, next: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(old.length, next.length);
  while (start < max && old.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endOld = old.length;
  let endNew = next.length;
  while (endOld > start && endNew > start && old.charCodeAt(endOld - 1) === next.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  return { start, end: endOld, text: next.slice(start, endNew) };
}
