import { dirname, resolve } from 'node:path';
import { ChatError } from './errors';
import { isInteractiveTool } from './interactiveTools';
import { escapeGlob, FILE_WRITE_TOOLS, hostOf, realPath, type PermissionRule } from './permissions';
import { isInside } from './toolSummary';

/**
 * Rules that last: the CLI's own permission rules (`Bash(npm test:*)`, `Edit(//abs/dir/**)`,
 * `WebFetch(domain:host)`, `mcp__server__tool`) as the settings files hold them, what "don't ask
 * again" offers for a call, and the text edits of a settings file's `permissions` key
 * (docs/protocol.md, "Permission rules that last"). Pure apart from resolving real paths; no vscode.
 */

export type RuleBehavior = 'allow' | 'ask' | 'deny';
export const RULE_BEHAVIORS: readonly RuleBehavior[] = ['allow', 'ask', 'deny'];

/** The CLI's `updatedPermissions` destinations for a file: local project, shared project, user. */
export type RuleDestination = 'localSettings' | 'projectSettings' | 'userSettings';
export const RULE_DESTINATIONS: readonly RuleDestination[] = ['localSettings', 'projectSettings', 'userSettings'];

/** The CLI's permission modes a settings file may name as `defaultMode`. */
export const DEFAULT_MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as const;
export type DefaultMode = (typeof DEFAULT_MODES)[number];

/** A rule as the settings files write it: `Tool` or `Tool(content)`. */
export function formatRule(rule: PermissionRule): string {
  return rule.ruleContent === undefined ? rule.toolName : `${rule.toolName}(${rule.ruleContent})`;
}

/** The reverse of `formatRule`; undefined for text that is not a rule (no tool name, unbalanced). */
export function parseRule(text: string): PermissionRule | undefined {
  const t = text.trim();
  const m = /^([A-Za-z][\w-]*)(?:\((.*)\))?$/s.exec(t);
  if (!m) return undefined;
  return m[2] === undefined ? { toolName: m[1] } : { toolName: m[1], ruleContent: m[2] };
}

/** One "don't ask again" choice: the rule and, for the prompt, what it covers in words. */
export interface RuleSuggestion {
  rule: PermissionRule;
  /** What the rule covers, e.g. `commands starting with "npm test"` (not yet escaped). */
  covers: RuleCoverage;
}

export type RuleCoverage =
  | { kind: 'commandPrefix'; prefix: string }
  | { kind: 'command'; command: string }
  | { kind: 'folder'; path: string; write: boolean }
  | { kind: 'domain'; host: string }
  | { kind: 'tool'; toolName: string };

/** Shell syntax that joins or redirects commands: a prefix of such a line says little about what runs. */
const SHELL_SYNTAX = /[;&|<>`$\n\\(){}]/;
/** A word that reads as a subcommand (`test`, `run`, `status`), not an option or a path. */
const SUBCOMMAND = /^[a-z][a-z0-9-]*$/;

/**
 * The rules "don't ask again" may offer for a call, narrowest first (empty when none is safe):
 * - Bash: the command's prefix (program, and its subcommand when it has one) as `prefix:*`, and
 *   the exact command; none for a line with shell operators or a `*` (the CLI reads `*` as a
 *   wildcard, docs/protocol.md "What a session rule matches");
 * - Write/Edit/NotebookEdit: edits inside the file's folder, `Edit(//<real folder>/**)`, only
 *   inside the workspace; Read likewise with `Read(...)`;
 * - WebFetch: `domain:<host>`;
 * - an MCP tool (`mcp__server__tool`) and other tools whose input names no command or URL: the tool.
 * Interactive tools (questions, plans) get none: they are answered each time.
 */
export function suggestRules(toolName: string, input: Record<string, unknown>, cwd: string): RuleSuggestion[] {
  if (isInteractiveTool(toolName)) return [];
  if (toolName === 'Bash') return bashRules(typeof input.command === 'string' ? input.command : '');
  if (FILE_WRITE_TOOLS.has(toolName) || toolName === 'Read') {
    const p = toolName === 'NotebookEdit' ? input.notebook_path : input.file_path;
    if (typeof p !== 'string' || !p || process.platform === 'win32') return [];
    const root = realPath(resolve(cwd));
    const folder = dirname(realPath(resolve(cwd, p)));
    if (!isInside(folder, root) && folder !== root) return [];
    const write = toolName !== 'Read';
    return [{ rule: { toolName: write ? 'Edit' : 'Read', ruleContent: `/${escapeGlob(folder)}/**` }, covers: { kind: 'folder', path: folder, write } }];
  }
  if (toolName === 'WebFetch') {
    const host = hostOf(input.url);
    return host ? [{ rule: { toolName, ruleContent: `domain:${host}` }, covers: { kind: 'domain', host } }] : [];
  }
  if (['Grep', 'Glob', 'LS', 'NotebookRead', 'Monitor'].includes(toolName) || carriesCommandOrUrl(input)) return [];
  return [{ rule: { toolName }, covers: { kind: 'tool', toolName } }];
}

function bashRules(command: string): RuleSuggestion[] {
  const c = command.trim();
  if (!c || c.includes('*') || SHELL_SYNTAX.test(c) || /["']/.test(c)) return [];
  const words = c.split(/\s+/);
  const prefixWords = words.length > 1 && SUBCOMMAND.test(words[1]) ? words.slice(0, 2) : words.slice(0, 1);
  const prefix = prefixWords.join(' ');
  const out: RuleSuggestion[] = [{ rule: { toolName: 'Bash', ruleContent: `${prefix}:*` }, covers: { kind: 'commandPrefix', prefix } }];
  if (c !== prefix) out.push({ rule: { toolName: 'Bash', ruleContent: c }, covers: { kind: 'command', command: c } });
  return out;
}

const COMMAND_OR_URL_KEYS: ReadonlySet<string> = new Set(['command', 'commands', 'cmd', 'script', 'url', 'urls', 'uri', 'href', 'endpoint']);

function carriesCommandOrUrl(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
  if (depth > 3 || typeof value !== 'object' || value === null) return false;
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value);
  return entries.some(([k, v]) => (COMMAND_OR_URL_KEYS.has(k.toLowerCase()) && v !== undefined && v !== null && v !== '') || carriesCommandOrUrl(v, depth + 1));
}

/** Tools whose bare rule (no content) allows everything they can do: shell, files, network. */
const POWERFUL_TOOLS: ReadonlySet<string> = new Set(['Bash', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'Read', 'WebFetch', 'Monitor']);

const RUNS_ANYTHING: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'sudo', 'env', 'eval', 'exec', 'xargs', 'npx', 'node', 'python', 'python3', 'perl', 'ruby', 'curl', 'wget', 'rm']);

/**
 * Whether allowing `rule` opens much more than one command, folder or host: the bare tool
 * (`Bash`, `Edit`), a content that is only wildcards (`Bash(*)`, `Bash(:*)`), or a path rule for
 * the whole disk or home (`Edit(//**)`, `Edit(~/**)`). Such a rule in a shared file asks first.
 */
export function lowersSafety(rule: PermissionRule, behavior: RuleBehavior): boolean {
  if (behavior !== 'allow') return false;
  const content = rule.ruleContent?.trim();
  if (content === undefined || content === '') return POWERFUL_TOOLS.has(rule.toolName);
  if (/^[\s*:]*$/.test(content)) return true;
  if (rule.toolName === 'Bash') {
    // A prefix rule for a program that runs any other program is `Bash(*)` by another name.
    const prefix = /^(\S+)(?::\*| \*)$/.exec(content);
    return prefix !== null && RUNS_ANYTHING.has(prefix[1]);
  }
  if (['Edit', 'Write', 'Read'].includes(rule.toolName)) return /^(\/\/?|~\/|\.\/)?\*\*(\/\*)?$/.test(content);
  return false;
}

/** A default mode that skips prompts: in a shared file it asks first, like a wide rule. */
export function modeLowersSafety(mode: string | undefined): boolean {
  return mode === 'bypassPermissions' || mode === 'acceptEdits';
}

/** A settings file's `permissions` key, as far as the manager shows it. */
export interface RuleSet {
  allow: string[];
  ask: string[];
  deny: string[];
  defaultMode?: string;
}

/** Thrown for a settings file we will not change: it does not parse, or its `permissions` is not an object. */
export class SettingsFileError extends ChatError<'settingsFile'> {
  constructor(message: string) {
    super('settingsFile', message, []);
    this.name = 'SettingsFileError';
  }
}

function parseSettings(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SettingsFileError(`${what} is not valid JSON (${err instanceof Error ? err.message : String(err)}), so it was left as it is. Fix it by hand first.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SettingsFileError(`${what} does not hold a JSON object, so it was left as it is.`);
  const p = (value as Record<string, unknown>).permissions;
  if (p !== undefined && (typeof p !== 'object' || p === null || Array.isArray(p))) throw new SettingsFileError(`The "permissions" key in ${what} is not an object, so the file was left as it is.`);
  return value as Record<string, unknown>;
}

/** The rules a settings file's text holds (what is not a string list is left out). */
export function readRuleSet(text: string | undefined, what = 'The settings file'): RuleSet {
  const p = (parseSettings(text, what).permissions ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { allow: list(p.allow), ask: list(p.ask), deny: list(p.deny), defaultMode: typeof p.defaultMode === 'string' ? p.defaultMode : undefined };
}

export type RuleEdit =
  | { op: 'add'; behavior: RuleBehavior; rule: string }
  | { op: 'remove'; behavior: RuleBehavior; rule: string }
  | { op: 'setDefaultMode'; mode: string | undefined };

/**
 * The file's new text after one edit of its `permissions` key; everything else in the file is
 * kept (re-written with 2-space indent, as the CLI writes it). Throws `SettingsFileError` for a
 * file that does not parse: nothing of it is lost.
 */
export function editSettings(text: string | undefined, edit: RuleEdit, what = 'The settings file'): string {
  const settings = parseSettings(text, what);
  const permissions = { ...((settings.permissions ?? {}) as Record<string, unknown>) };
  switch (edit.op) {
    case 'add': {
      const list = Array.isArray(permissions[edit.behavior]) ? [...(permissions[edit.behavior] as unknown[])] : [];
      if (!list.includes(edit.rule)) list.push(edit.rule);
      permissions[edit.behavior] = list;
      break;
    }
    case 'remove': {
      const list = Array.isArray(permissions[edit.behavior]) ? (permissions[edit.behavior] as unknown[]) : [];
      permissions[edit.behavior] = list.filter((r) => r !== edit.rule);
      break;
    }
    case 'setDefaultMode':
      if (edit.mode === undefined) delete permissions.defaultMode;
      else permissions.defaultMode = edit.mode;
      break;
    default:
      return unknownEdit(edit);
  }
  return `${JSON.stringify({ ...settings, permissions }, null, 2)}\n`;
}

function unknownEdit(edit: never): string {
  throw new SettingsFileError(`Unknown settings edit ${JSON.stringify(edit)}.`);
}
