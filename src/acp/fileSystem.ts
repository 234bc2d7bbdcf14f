import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { sliceLines, type AgentFileSystem } from '../core/agentWorkspace';

/** What the agent's `fs/read_text_file` and `fs/write_text_file` reach (src/core/agentWorkspace.ts). */
export type AcpFileSystem = AgentFileSystem;

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


function assertAbsolute(path: string): void {
  // ACP requires absolute paths; a relative one would resolve against the host's cwd.
  if (!isAbsolute(path)) throw new Error(`ACP paths must be absolute: ${path}`);
}
