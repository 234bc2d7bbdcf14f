import { isAbsolute, relative, resolve } from 'node:path';
import { clipVisibly, isOdd, visibleMultiLine, visibleOneLine } from './displayText';
import { toolSentence } from '../shared/toolSentences';
import { formatLineChange, lineChange, sumLineChanges } from '../shared/lineChange';

/**
 * What a tool call is about to do, as a sentence a person can check at a glance (permission
 * notifications, quick picks, the panel's banner and cards). Never raw JSON; never a silent cut:
 * whatever is shortened says so, and `toolDetails` gives the whole input for a "Show Full
 * Command" modal. Pure, no `vscode`, used by both backends.
 */

/** A command up to this long is shown whole in the one-line summary. */
export const MAX_COMMAND = 300;
const MAX_VALUE = 80;
const MAX_FIELDS = 6;

type Input = Record<string, unknown>;

export function summarizeTool(toolName: string, input: Input, cwd: string): string {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  const path = (k = 'file_path') => {
    const p = str(k);
    return p === undefined ? undefined : showPath(p, cwd);
  };
  const num = (k: string) => (typeof input[k] === 'number' ? (input[k] as number) : undefined);
  const mcp = /^mcp__(.+?)__(.+)$/.exec(toolName);
  if (mcp) return `${visibleOneLine(mcp[1])} › ${visibleOneLine(mcp[2])}${fieldsSuffix(input)}`;
  switch (toolName) {
    case 'Bash': {
      const command = str('command');
      return command === undefined ? fallback(toolName, input) : `Run: ${clipVisibly(visibleOneLine(command), MAX_COMMAND).text}`;
    }
    case 'Write': {
      const p = path();
      return p === undefined ? fallback(toolName, input) : `Write ${p} (${formatBytes(Buffer.byteLength(str('content') ?? '', 'utf8'))})`;
    }
    case 'Edit': {
      const p = path();
      if (p === undefined) return fallback(toolName, input);
      const change = lineChange(str('old_string') ?? '', str('new_string') ?? '');
      const all = input.replace_all === true ? ', every occurrence' : '';
      return `Edit ${p} (${formatLineChange(change)}${all})`;
    }
    case 'MultiEdit': {
      const p = path();
      if (p === undefined || !Array.isArray(input.edits)) return fallback(toolName, input);
      const edits = input.edits as { old_string?: unknown; new_string?: unknown }[];
      const change = sumLineChanges(edits.map((e) => lineChange(String(e?.old_string ?? ''), String(e?.new_string ?? ''))));
      return `Edit ${p} (${plural(edits.length, 'edit')}, ${formatLineChange(change)})`;
    }
    case 'Read': {
      const p = path();
      if (p === undefined) return fallback(toolName, input);
      const offset = num('offset');
      const limit = num('limit');
      const range = offset !== undefined || limit !== undefined ? ` (${limit ?? 'all'} lines from line ${offset ?? 1})` : '';
      return `Read ${p}${range}`;
    }
    case 'NotebookEdit': {
      const p = path('notebook_path');
      if (p === undefined) return fallback(toolName, input);
      const mode = str('edit_mode') ?? 'replace';
      const cell = str('cell_id');
      return `${capitalize(mode)} a cell in ${p}${cell ? ` (cell ${visibleOneLine(cell)})` : ''}`;
    }
    case 'WebFetch': {
      const url = str('url');
      return url === undefined ? fallback(toolName, input) : `Fetch ${short(url, 200)}`;
    }
    case 'WebSearch': {
      const q = str('query');
      return q === undefined ? fallback(toolName, input) : `Search the web for "${short(q, 200)}"`;
    }
    case 'Glob':
    case 'Grep': {
      const pattern = str('pattern');
      if (pattern === undefined) return fallback(toolName, input);
      const where = path('path');
      const what = toolName === 'Glob' ? `Find files matching ${short(pattern, 120)}` : `Search file contents for ${short(pattern, 120)}`;
      return `${what}${where ? ` in ${where}` : ''}`;
    }
    case 'LS': {
      const p = path('path');
      return p === undefined ? fallback(toolName, input) : `List ${p}`;
    }
    case 'TodoWrite':
      return Array.isArray(input.todos) ? `Update the task list (${plural(input.todos.length, 'item')})` : fallback(toolName, input);
    case 'AskUserQuestion': {
      const qs = Array.isArray(input.questions) ? (input.questions as { question?: unknown }[]) : [];
      const first = typeof qs[0]?.question === 'string' ? (qs[0].question as string) : undefined;
      if (first === undefined) return fallback(toolName, input);
      return `Ask: ${short(first, 150)}${qs.length > 1 ? ` (+${plural(qs.length - 1, 'more question')})` : ''}`;
    }
    case 'ExitPlanMode': {
      const plan = str('plan');
      if (plan === undefined) return 'Finish planning and start working';
      const title = plan.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find((l) => l) ?? '';
      return `Finish planning and start working: ${short(title, 120)}`;
    }
    default:
      // The newer tools (Monitor, TaskStop, Cron*, worktrees, SendMessage, ToolSearch, Agent):
      // one sentence shared with the panel's cards (src/shared/toolSentences.ts).
      return toolSentence(toolName, input, short) ?? fallback(toolName, input);
  }
}

/**
 * True when the one-line summary leaves something out or had to make something visible that
 * the model wrote invisibly: the prompt should then offer the full text.
 */
export function needsDetails(toolName: string, input: Input): boolean {
  if (toolName === 'Bash' && typeof input.command === 'string') {
    const c = input.command;
    return c.includes('\n') || isOdd(c) || visibleOneLine(c).length > MAX_COMMAND;
  }
  if (/^(Write|Edit|MultiEdit|Read|NotebookEdit|LS|TodoWrite)$/.test(toolName)) return false;
  return true;
}

/** The whole input, escaped but uncut, one field per line, for a modal. */
export function toolDetails(toolName: string, input: Input): string {
  if (toolName === 'Bash' && typeof input.command === 'string') {
    const rest = Object.keys(input).filter((k) => k !== 'command');
    return visibleMultiLine(input.command) + (rest.length ? `\n\n${rest.map((k) => `${k}: ${fullValue(input[k])}`).join('\n')}` : '');
  }
  const keys = Object.keys(input);
  return keys.length ? keys.map((k) => `${visibleOneLine(k)}: ${fullValue(input[k])}`).join('\n') : '(no input)';
}

function fullValue(v: unknown): string {
  if (typeof v === 'string') return visibleMultiLine(v);
  if (v === null || typeof v !== 'object') return String(v);
  // Nested values as indented YAML-like lines: readable, and still the whole input.
  const lines = (Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)).map(([k, x]) => `${k}: ${fullValue(x)}`);
  return `\n${lines.join('\n').replace(/^/gm, '  ')}`;
}

function fieldsSuffix(input: Input): string {
  const list = keyValues(input);
  return list ? ` (${list})` : '';
}

/** `key: value, key: value` with long values and many fields cut visibly. */
export function keyValues(input: Input): string {
  const keys = Object.keys(input);
  const parts = keys.slice(0, MAX_FIELDS).map((k) => `${short(k, 40)}: ${shortValue(input[k])}`);
  if (keys.length > MAX_FIELDS) parts.push(`+${plural(keys.length - MAX_FIELDS, 'more field')}`);
  return parts.join(', ');
}

function shortValue(v: unknown): string {
  if (typeof v === 'string') return short(v, MAX_VALUE);
  if (Array.isArray(v)) return `[${plural(v.length, 'item')}]`;
  if (v !== null && typeof v === 'object') return `(${plural(Object.keys(v).length, 'field')})`;
  return String(v);
}

function fallback(toolName: string, input: Input): string {
  return `${visibleOneLine(toolName)}${fieldsSuffix(input)}`;
}

function short(s: string, max: number): string {
  const v = visibleOneLine(s);
  return v.length <= max ? v : `${v.slice(0, max - 1)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function isInside(path: string, cwd: string): boolean {
  const rel = relative(resolve(cwd), resolve(cwd, path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function showPath(path: string, cwd: string): string {
  if (!isInside(path, cwd)) return `${visibleOneLine(resolve(cwd, path))} (outside the workspace)`;
  return visibleOneLine(relative(resolve(cwd), resolve(cwd, path)) || '.');
}

/** Lines that differ once the common leading and trailing lines are set aside. */
export function changedLines(oldText: string, newText: string): number {
  const c = lineChange(oldText, newText);
  return Math.max(c.removed, c.added);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
