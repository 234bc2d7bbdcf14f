import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';

/**
 * What the agent's `fs/read_text_file` and `fs/write_text_file` reach. The VS Code adapter
 * implements it with text documents, so the agent sees unsaved edits and writes show up as
 * document changes.
 */
export interface AcpFileSystem {
  /** `line` is 1-based; `limit` counts lines. */
  readTextFile(req: { sessionId: string; path: string; line?: number; limit?: number }): Promise<string>;
  writeTextFile(req: { sessionId: string; path: string; content: string }): Promise<void>;
}

/** Plain disk access, for tests and for hosts without an editor. */
export const nodeFileSystem: AcpFileSystem = {
  async readTextFile({ path, line, limit }) {
    assertAbsolute(path);
    return sliceLines(await readFile(path, 'utf8'), line, limit);
  },
  async writeTextFile({ path, content }) {
    assertAbsolute(path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, 'utf8');
  },
};

export function sliceLines(text: string, line?: number, limit?: number): string {
  if (line === undefined && limit === undefined) return text;
  const lines = text.split('\n');
  const start = Math.max(0, (line ?? 1) - 1);
  const end = limit === undefined ? lines.length : start + Math.max(0, limit);
  return lines.slice(start, end).join('\n');
}

function assertAbsolute(path: string): void {
  // ACP requires absolute paths; a relative one would resolve against the host's cwd.
  if (!isAbsolute(path)) throw new Error(`ACP paths must be absolute: ${path}`);
}
