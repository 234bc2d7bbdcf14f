import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CliCommand } from './events';
import { checkPath, readGuardedFile } from './guardedFile';
import { claudeConfigDir } from './paths';

/** A command or skill file is a few KB; the menu needs its front matter only. */
const MAX_COMMAND_BYTES = 64 * 1024;
/** Entries listed per folder: a menu, not a file index. */
const MAX_ENTRIES = 500;

/**
 * The `/` menu before the chat's first CLI process has answered `initialize` (nothing is
 * spawned just to list commands): the user's and the project's command and skill files, read
 * as text (nothing runs), plus the built-ins that work in stream-json mode. Every file goes
 * through the guarded reader (regular files only, capped; a project file may not link out of
 * the folder): `a.md → /dev/zero` once cost the extension host 800 MB per chat.
 * `project: false` (the folder's Claude config is not trusted, so the CLI will not load its
 * commands either) lists the user's only. The caller never calls this in Restricted Mode.
 */
export async function readCommandFiles(cwd: string, env: NodeJS.ProcessEnv = process.env, opts: { project?: boolean } = {}): Promise<CliCommand[]> {
  const found: CliCommand[] = [];
  const scopes: [string, 'project' | 'user', string | undefined][] = [[join(cwd, '.claude'), 'project', cwd], [claudeConfigDir(env), 'user', undefined]];
  for (const [dir, scope, within] of scopes) {
    if (scope === 'project' && opts.project === false) continue;
    const read = (file: string) => readText(file, within);
    for (const name of await list(join(dir, 'commands'), within)) {
      if (!name.endsWith('.md')) continue;
      const text = read(join(dir, 'commands', name));
      if (text === undefined) continue;
      const meta = frontmatter(text);
      found.push(command(basename(name, '.md'), meta, scope));
    }
    for (const name of await list(join(dir, 'skills'), within)) {
      const meta = frontmatter(read(join(dir, 'skills', name, 'SKILL.md')) ?? '');
      if (meta.description !== undefined || meta.name !== undefined) found.push(command(meta.name ?? name, meta, scope));
    }
  }
  const names = new Set(found.map((c) => c.name));
  return [...found, ...BUILT_IN.filter((c) => !names.has(c.name))];
}

/** Built-ins seen in 2.1.197's `initialize` answer, for the menu before the first process. */
const BUILT_IN: CliCommand[] = [
  { name: 'clear', description: 'Start a new chat with empty context', aliases: ['reset', 'new'] },
  { name: 'compact', description: 'Free up context by summarizing the conversation so far', argumentHint: '<optional custom summarization instructions>' },
  { name: 'context', description: 'Show current context usage' },
  { name: 'usage', description: 'Show session cost and usage', aliases: ['cost', 'stats'] },
  { name: 'init', description: 'Initialize a new CLAUDE.md file with codebase documentation' },
  { name: 'review', description: 'Review a GitHub pull request', argumentHint: '[pr number]' },
  { name: 'security-review', description: 'Complete a security review of the pending changes on the current branch' },
];

function command(name: string, meta: Record<string, string>, scope: string): CliCommand {
  return { name, description: meta.description ? `${meta.description} (${scope})` : `(${scope})`, argumentHint: meta['argument-hint'] || undefined };
}

/** `key: value` lines of a leading `---` block; enough for description and argument-hint. */
export function frontmatter(text: string): Record<string, string> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const out: Record<string, string> = {};
  if (!m) return out;
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (kv) out[kv[1]] = kv[2].replace(/^(["'])(.*)\1$/, '$2').trim();
  }
  return out;
}

async function list(dir: string, within: string | undefined): Promise<string[]> {
  // A project's commands folder that links out of the folder is not listed at all.
  const where = checkPath(dir, within);
  if (where.kind !== 'ok' || !where.dir) return [];
  try {
    return (await readdir(where.real)).sort().slice(0, MAX_ENTRIES);
  } catch {
    return [];
  }
}

/** Undefined for a missing or refused file (not regular, too large, linked out of the folder). */
function readText(file: string, within: string | undefined): string | undefined {
  const got = readGuardedFile(file, { within, maxBytes: MAX_COMMAND_BYTES });
  return got.kind === 'ok' ? got.text : undefined;
}
