import { realpathSync } from 'node:fs';
import * as nodePath from 'node:path';

/** The path functions `isInsideFolder` needs, injectable so Windows rules are testable on Linux. */
export interface PathApi {
  path: Pick<typeof nodePath.posix, 'isAbsolute' | 'resolve' | 'relative' | 'parse' | 'dirname' | 'basename' | 'join'>;
  /** Resolves symlinks; throws for a path that does not exist. */
  realpath: (p: string) => string;
}

export const nodePathApi: PathApi = { path: nodePath, realpath: (p) => realpathSync.native(p) };

/**
 * The file a link from the chat names, and whether it really lies in the folder: both sides
 * resolved through symlinks (a link to /etc in the workspace is outside), and on Windows another
 * drive or a UNC share is outside (path.relative returns an absolute path for those).
 */
export function resolveInFolder(p: string, folder: string | undefined, api: PathApi = nodePathApi): { full: string; inside: boolean } | undefined {
  const { path } = api;
  const full = path.isAbsolute(p) ? path.resolve(p) : folder ? path.resolve(folder, p) : undefined;
  if (!full) return undefined;
  if (!folder) return { full, inside: false };
  // A file that does not exist yet: its nearest existing folder decides (etc-link/new is outside).
  const real = (x: string): string => {
    try {
      return api.realpath(x);
    } catch {
      const parent = path.dirname(x);
      return parent === x ? x : path.join(real(parent), path.basename(x));
    }
  };
  const rel = path.relative(real(path.resolve(folder)), real(full));
  const inside = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel) && path.parse(rel).root === '');
  return { full, inside };
}
