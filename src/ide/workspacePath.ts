import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, parse, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IdeError } from './errors';

/** A path or `file://` URI from the CLI, as an absolute path (relative paths are refused: no cwd to trust). */
export function toFilePath(value: string): string {
  const p = value.startsWith('file://') ? fileURLToPath(value) : value;
  if (!isAbsolute(p)) throw new IdeError('badArguments', `Not an absolute path: ${value}`);
  return resolve(p);
}

/** Symlinks resolved; a file that does not exist yet is judged by its nearest existing folder. */
function real(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(real(parent), basename(p));
  }
}

/**
 * The path, if it lies in one of the workspace folders with symlinks resolved on both sides
 * (a link in the workspace pointing to /etc is outside); otherwise a typed error, so nothing
 * outside the workspace is opened, saved or diffed on the CLI's word.
 */
export function checkInWorkspace(value: string, folders: readonly string[]): string {
  const full = toFilePath(value);
  const target = real(full);
  for (const folder of folders) {
    const rel = relative(real(resolve(folder)), target);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && parse(rel).root === '')) return full;
  }
  throw new IdeError('outsideWorkspace', `Outside the workspace: ${full}`);
}
