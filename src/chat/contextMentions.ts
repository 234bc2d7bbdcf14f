import type { ContextMentionKind } from '../shared/contract';
import { defuseMentions } from './mentionPath';
import type { Problem } from './problems';

/**
 * `@problems`, `@terminal` and `@git`: context the editor knows and the CLI cannot read as a
 * file. The host expands each at send time into a block of plain text after the prompt
 * (docs/protocol.md, "Context mentions"); the token itself stays in the prompt, defused, so the
 * CLI does not also look for a file named `problems`. Pure: the vscode glue is
 * src/vscode/contextSources.ts.
 */
export type ContextKind = ContextMentionKind;

/**
 * What one mention expands to: a heading line and, when there is something to show, a fenced
 * body. Prompt text for the model, in English like the rest of what the extension tells Claude.
 */
export interface ContextBlock {
  heading: string;
  body?: string;
  /** The fence's info string (`diff`, `text`). */
  lang?: string;
}

// After whitespace or at the start, like the CLI's own `@`; `@problems/x.ts` is a file, not this.
const TOKEN = /(^|\s)@(problems|terminal|git)(?=$|[\s.,;:!?)\]])/g;

/** The context mentions in a prompt, each once, in order of first appearance. */
export function contextMentionsIn(text: string): ContextKind[] {
  const out: ContextKind[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const kind = m[2] as ContextKind;
    if (!out.includes(kind)) out.push(kind);
  }
  return out;
}

/** The prompt with its context mentions defused and each one's block after it; unchanged without any. */
export async function expandContextMentions(text: string, provide: (kind: ContextKind) => Promise<ContextBlock>): Promise<string> {
  const kinds = contextMentionsIn(text);
  if (kinds.length === 0) return text;
  // A source that fails says so in its block: the prompt is still sent, nothing of it lost.
  const blocks = await Promise.all(kinds.map((k) => provide(k).catch((err: unknown) => ({ heading: `@${k}: could not be read (${err instanceof Error ? err.message : String(err)}).` }))));
  const prompt = text.replace(TOKEN, '$1\u200B@$2').trimEnd();
  return [prompt, ...blocks.map(renderBlock)].join('\n\n');
}

/** A title line and a fence longer than any run of backticks inside, so the body cannot close it. */
export function renderBlock(block: ContextBlock): string {
  const title = defuseMentions(block.heading.replace(/\s+/g, ' ').trim());
  if (block.body === undefined) return title;
  // File, tool and terminal text must not mention files itself (the CLI would read them).
  const body = defuseMentions(block.body.replace(/\n+$/, ''));
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${title}\n${fence}${block.lang ?? 'text'}\n${body}\n${fence}`;
}

// --- @problems ---

/** One of the workspace's problems, the same record the diagnostics loop keeps (path relative to the chat's folder, `/`-separated; line and column 1-based). */
export type { Problem };
export type ProblemSeverity = Problem['severity'];

export interface Caps {
  maxEntries: number;
  maxChars: number;
}

export const PROBLEM_CAPS: Caps = { maxEntries: 50, maxChars: 8000 };

/** Errors first, then warnings, each by file and position; capped, with "… and K more". */
export function formatProblems(problems: readonly Problem[], caps: Caps = PROBLEM_CAPS): ContextBlock {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (problems.length === 0) return { heading: '@problems: the workspace has no errors or warnings.' };
  const sorted = [...problems].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column);
  const lines: string[] = [];
  let chars = 0;
  for (const p of sorted) {
    const tag = [p.source, p.code].filter(Boolean).join(' ');
    const line = `${p.path}:${p.line}:${p.column} ${p.severity}: ${p.message.replace(/\s+/g, ' ').trim()}${tag ? ` (${tag})` : ''}`;
    if (lines.length >= caps.maxEntries || (lines.length > 0 && chars + line.length + 1 > caps.maxChars)) break;
    lines.push(line);
    chars += line.length + 1;
  }
  const more = sorted.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  return { heading: `@problems: the workspace's Problems, ${count(errors, 'error')} and ${count(warnings, 'warning')}:`, body: lines.join('\n') };
}

function rank(p: Problem): number {
  return p.severity === 'error' ? 0 : 1;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// --- @terminal ---

export interface TerminalRun {
  /** The terminal's name, as its tab shows it. */
  terminal: string;
  command: string;
  output: string;
  exitCode?: number;
}

export const TERMINAL_CAP = 8000;

/** The last command and the end of its output (the end is where the error usually is). */
export function formatTerminal(run: TerminalRun, maxChars = TERMINAL_CAP): ContextBlock {
  const exit = run.exitCode === undefined ? '' : `, exit code ${run.exitCode}`;
  const title = `@terminal: the last command in the terminal "${run.terminal}"${exit}:`;
  let output = terminalText(run.output);
  if (output.length > maxChars) {
    // Cut at a line start, so the first line shown is whole.
    let cut = output.length - maxChars;
    const nl = output.indexOf('\n', cut);
    if (nl !== -1 && nl < output.length - 1) cut = nl + 1;
    output = `… (${cut} earlier characters left out)\n${output.slice(cut)}`;
  }
  return { heading: title, body: `$ ${run.command.trim()}\n${output}`.replace(/\n+$/, '') };
}

/**
 * What a terminal's raw output reads as: escape sequences (colours, OSC titles, shell
 * integration marks) removed, and a line a carriage return rewrote (a progress bar) as it ended.
 */
export function terminalText(raw: string): string {
  const plain = raw
    // OSC … BEL or ST; then CSI sequences; then any other two-character escape.
    // eslint-disable-next-line no-control-regex
    .replace(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001B[@-Z\\-_]/g, '')
    .replace(/\r\n/g, '\n');
  return (
    plain
      .split('\n')
      .map((line) => line.slice(line.lastIndexOf('\r') + 1))
      .join('\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
  );
}

// --- @git ---

export const GIT_CAP = 20_000;

/** Staged and unstaged changes as `git diff` prints them, capped at a line boundary. */
export function formatGitDiff(diff: { staged: string; unstaged: string }, maxChars = GIT_CAP): ContextBlock {
  const parts: string[] = [];
  if (diff.staged.trim()) parts.push(`# staged (git diff --cached)\n${diff.staged.replace(/\n+$/, '')}`);
  if (diff.unstaged.trim()) parts.push(`# not staged (git diff)\n${diff.unstaged.replace(/\n+$/, '')}`);
  if (parts.length === 0) return { heading: '@git: the working tree has no changes to tracked files.' };
  const all = parts.join('\n');
  const files = (all.match(/^diff --git /gm) ?? []).length;
  let body = all;
  if (all.length > maxChars) {
    const nl = all.lastIndexOf('\n', maxChars);
    const cut = nl > 0 ? nl : maxChars;
    const shown = (all.slice(0, cut).match(/^diff --git /gm) ?? []).length;
    body = `${all.slice(0, cut)}\n… (${all.length - cut} more characters left out${files > shown ? `; ${files - shown} more file(s) not shown` : ''})`;
  }
  return { heading: `@git: the working tree's changes (${count(files, 'file')}; untracked files are not included):`, body, lang: 'diff' };
}
