import { isAbsolute, relative, sep } from 'node:path';
import { defuseMentions, mentionPath } from './mentionPath';

/**
 * An error or warning the editor reports for a file (information and hints are left out: they
 * are not problems Claude made). `line` and `column` are 1-based, as people read them.
 */
export interface Problem {
  path: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  source?: string;
  code?: string;
}

/** The footer shows this many; the rest are counted ("and 3 more"). */
export const MAX_SHOWN_PROBLEMS = 20;
/** "Ask Claude to fix" lists this many, each message cut to `MAX_PROMPT_MESSAGE` characters. */
export const MAX_PROMPT_PROBLEMS = 20;
export const MAX_PROMPT_MESSAGE = 300;

/**
 * What makes two problems the same one: not the range, so a problem that only moved (lines
 * inserted above it) is not new. Per file: the same message in another file is another problem.
 */
export function problemKey(p: Problem): string {
  return [p.path, p.severity, p.message, p.source ?? '', p.code ?? ''].join('\u0000');
}

/**
 * The problems in `after` that `before` did not have. Counted, not deduplicated: a second
 * "Expected comma" in a file that had one is new.
 */
export function appeared(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const left = new Map<string, number>();
  for (const p of before) left.set(problemKey(p), (left.get(problemKey(p)) ?? 0) + 1);
  const out: Problem[] = [];
  for (const p of after) {
    const k = problemKey(p);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(p);
  }
  return out;
}

/** Errors before warnings, then in file order and by position; at most `max`, with how many were left out. */
export function capProblems(problems: readonly Problem[], max = MAX_SHOWN_PROBLEMS): { shown: Problem[]; more: number } {
  const files = new Map<string, number>();
  for (const p of problems) if (!files.has(p.path)) files.set(p.path, files.size);
  const sorted = [...problems].sort(
    (a, b) =>
      Number(a.severity === 'warning') - Number(b.severity === 'warning') ||
      files.get(a.path)! - files.get(b.path)! ||
      a.line - b.line ||
      a.column - b.column,
  );
  return { shown: sorted.slice(0, max), more: Math.max(0, sorted.length - max) };
}

/**
 * The file as the prompt names it: `@rel/path#L12` for a file inside the chat's folder, so the
 * CLI reads the lines around the problem; a file outside it is named, never mentioned (a
 * mention of an absolute path makes the CLI read it without asking).
 */
function where(p: Problem, folder: string): string {
  const rel = relative(folder, p.path);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  if (!inside) return `the file ${JSON.stringify(defuseMentions(p.path))}, line ${p.line}`;
  const path = rel.split(sep).join('/');
  const mention = mentionPath(path);
  // The CLI reads a quoted path's range inside the quotes (docs/protocol.md, "@ mentions").
  if (mention.startsWith('@"')) return mentionPath(`${path}#L${p.line}`);
  return mention.startsWith('@') ? `${mention}#L${p.line}` : `${mention}, line ${p.line}`;
}

function oneLine(s: string, max: number): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * "Ask Claude to fix": the next prompt, listing the problems. Their messages come from language
 * servers reading the files, so they are one line each, cut, and can mention no file themselves.
 */
export function fixPrompt(problems: readonly Problem[], folder: string): string {
  const { shown, more } = capProblems(problems, MAX_PROMPT_PROBLEMS);
  const lines = shown.map((p) => {
    const origin = [p.source, p.code].filter(Boolean).join(' ');
    const message = defuseMentions(oneLine(p.message, MAX_PROMPT_MESSAGE));
    return `- ${where(p, folder)}: ${p.severity}: ${message}${origin ? ` (${defuseMentions(oneLine(origin, 100))})` : ''}`;
  });
  const count = shown.length + more;
  const head = count === 1 ? 'The editor reports a new problem in a file you changed. Fix it:' : `The editor reports ${count} new problems in the files you changed. Fix them:`;
  return [head, ...lines, ...(more > 0 ? [`(and ${more} more, not listed)`] : [])].join('\n');
}
