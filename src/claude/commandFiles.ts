import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CliCommand } from './events';
import { claudeConfigDir } from './paths';

/**
 * The `/` menu before the chat's first CLI process has answered `initialize` (nothing is
 * spawned just to list commands): the user's and the project's command and skill files, read
 * as text (nothing runs), plus the built-ins that work in stream-json mode.
 */
export async function readCommandFiles(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CliCommand[]> {
  const found: CliCommand[] = [];
  for (const [dir, scope] of [[join(cwd, '.claude'), 'project'], [claudeConfigDir(env), 'user']] as const) {
    for (const name of await list(join(dir, 'commands'))) {
      if (!name.endsWith('.md')) continue;
      const meta = frontmatter(await read(join(dir, 'commands', name)));
      found.push(command(basename(name, '.md'), meta, scope));
    }
    for (const name of await list(join(dir, 'skills'))) {
      const meta = frontmatter(await read(join(dir, 'skills', name, 'SKILL.md')));
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

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function read(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).slice(0, 20_000);
  } catch {
    return '';
  }
}
