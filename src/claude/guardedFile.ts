import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * The one way the extension reads a file that a folder (or the CLI's config dir) brings:
 * transcripts, the folder's Claude settings, agents, commands and skills. A symlink
 * to `/dev/zero` or a FIFO must not hang or flood the shared extension host, and a link from the
 * folder to a file outside it is not read at all.
 */

/** Most a folder file is read for (a settings, agent or command file is a few KB). */
export const MAX_FOLDER_FILE_BYTES = 256 * 1024;

export class NotRegularFile extends Error {
  constructor() {
    super('not a regular file');
  }
}

// O_NONBLOCK keeps a FIFO from blocking the open; the fstat after it checks the very file opened.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * A transcript: no symlink at all (O_NOFOLLOW) and a regular file, checked on the opened
 * descriptor so nothing can be swapped in between. The caller streams it with its own caps.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new NotRegularFile();
    throw err;
  }
  try {
    if (!(await fh.stat()).isFile()) throw new NotRegularFile();
    return fh;
  } catch (err) {
    await fh.close();
    throw err;
  }
}

export type GuardedRead =
  | { kind: 'missing' }
  /** `size`: set when the file was refused for its size only. */
  | { kind: 'refused'; reason: string; size?: number }
  /** `linked`: the path or a folder on the way is a symlink (inside `within`, when given). */
  | { kind: 'ok'; text: string; linked: boolean };

export interface GuardOptions {
  /** The real path must stay inside this folder: a link out of it is refused, not followed. */
  within?: string;
  maxBytes?: number;
}

/**
 * A small regular file as text, or why not. Symlinks are followed as the CLI follows them, but
 * only to a regular file of at most `maxBytes` and (with `within`) only inside that folder.
 * Synchronous on purpose: the trust check runs right before a spawn, and every read is capped.
 * Never throws.
 */
export function readGuardedFile(path: string, opts: GuardOptions = {}): GuardedRead {
  const max = opts.maxBytes ?? MAX_FOLDER_FILE_BYTES;
  const got = openChecked(path, opts);
  if (got.kind !== 'open') return got;
  const { fd, size, linked } = got;
  try {
    if (size > max) return { kind: 'refused', reason: `larger than ${Math.round(max / 1024)} KB, not read`, size };
    const buf = Buffer.alloc(size);
    let n = 0;
    while (n < buf.length) {
      const read = readSync(fd, buf, n, buf.length - n, n);
      if (read === 0) break;
      n += read;
    }
    return { kind: 'ok', text: buf.subarray(0, n).toString('utf8'), linked };
  } catch (err) {
    return failed(err);
  } finally {
    closeSync(fd);
  }
}

export type GuardedDigest = { kind: 'missing' } | { kind: 'refused'; reason: string; size?: number } | { kind: 'ok'; sha256: string; bytes: number };

/**
 * The sha256 of a file too large to read as text, streamed in 64 KB chunks so a trust hash can
 * cover every byte without holding them; refused past `maxBytes`, under the same checks.
 */
export function digestGuardedFile(path: string, opts: GuardOptions & { maxBytes: number }): GuardedDigest {
  const got = openChecked(path, opts);
  if (got.kind !== 'open') return got;
  const { fd, size } = got;
  try {
    if (size > opts.maxBytes) return { kind: 'refused', reason: `larger than ${Math.round(opts.maxBytes / 1024)} KB, not read`, size };
    const h = createHash('sha256');
    const buf = Buffer.alloc(64 * 1024);
    let n = 0;
    while (n < size) {
      const read = readSync(fd, buf, 0, Math.min(buf.length, size - n), n);
      if (read === 0) break;
      h.update(buf.subarray(0, read));
      n += read;
    }
    return { kind: 'ok', sha256: h.digest('hex'), bytes: n };
  } catch (err) {
    return failed(err);
  } finally {
    closeSync(fd);
  }
}

/** A test seam: runs between the path check and the open, where a swap would happen. */
export const guardHooks: { beforeOpen?: (real: string) => void } = {};

type Opened = { kind: 'missing' } | { kind: 'refused'; reason: string } | { kind: 'open'; fd: number; size: number; linked: boolean };

/** Checks the path, opens its real path and makes sure the file opened is the file checked. */
function openChecked(path: string, opts: GuardOptions): Opened {
  const where = checkPath(path, opts.within);
  if (where.kind !== 'ok') return where;
  guardHooks.beforeOpen?.(where.real);
  let fd: number | undefined;
  try {
    // The real path, with O_NOFOLLOW: a link swapped in for the file after the check is refused.
    fd = openSync(where.real, OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return closed(fd, { kind: 'refused', reason: 'not a regular file' });
    // O_NOFOLLOW guards the last component only: a folder on the way swapped for a link after
    // the check would lead the open outside `within`. The file opened must be the file checked.
    if (st.dev !== where.dev || st.ino !== where.ino) return closed(fd, { kind: 'refused', reason: 'a folder on the way changed while it was read' });
    return { kind: 'open', fd, size: st.size, linked: where.linked };
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    return failed(err);
  }
}

function closed(fd: number, result: { kind: 'refused'; reason: string }): Opened {
  closeSync(fd);
  return result;
}

function failed(err: unknown): { kind: 'missing' } | { kind: 'refused'; reason: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { kind: 'missing' };
  return { kind: 'refused', reason: code === 'ELOOP' ? 'a symbolic link changed while it was read' : `unreadable (${code ?? 'error'})` };
}

export type PathCheck =
  | { kind: 'missing' }
  | { kind: 'refused'; reason: string }
  /** `dev`/`ino`: what the real path was when checked, for the reader to compare with what it opened. */
  | { kind: 'ok'; real: string; linked: boolean; dir: boolean; dev: number; ino: number };

/**
 * Where `path` really is: refused when it (or a folder on the way) links out of `within`, or
 * to nothing. Directories pass too (`dir`), so a walker can use the same check.
 */
export function checkPath(path: string, within?: string): PathCheck {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return { kind: 'missing' };
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return { kind: 'refused', reason: 'a symbolic link to nothing' };
  }
  let linked = st.isSymbolicLink();
  if (within !== undefined) {
    // Compared with the folder's own real path: a workspace under a linked /tmp is not "a link".
    const base = realOrSelf(within);
    if (!inside(real, base)) return { kind: 'refused', reason: `a symbolic link out of the folder (to ${real})` };
    linked ||= real !== join(base, relative(within, path));
  }
  try {
    const at = lstatSync(real);
    return { kind: 'ok', real, linked, dir: at.isDirectory(), dev: at.dev, ino: at.ino };
  } catch {
    return { kind: 'missing' };
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
