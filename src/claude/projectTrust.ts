import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { checkPath, digestGuardedFile, MAX_FOLDER_FILE_BYTES, readGuardedFile } from './guardedFile';

/**
 * The trust step for a folder's own Claude Code configuration (docs/protocol.md, "The user's
 * setup: MCP servers, settings sources, trust" and "What a folder brings to the CLI"). In `-p`
 * mode the CLI skips its trust dialog, so a cloned repository's `.claude/` (settings with hooks,
 * env and helpers; agents with their own permission mode and hooks; commands, skills, output
 * styles, rules) and its `.mcp.json` servers would load with no question asked. This module
 * finds all of it, lists what can run commands, redirect API traffic or lower permission
 * checks first, and hashes it so an answer is remembered per folder and content. No vscode, no
 * CLI; every read goes through the guarded reader (src/claude/guardedFile.ts) and is capped.
 */

/** The JSON files the CLI reads with the project/local setting sources, relative to the folder. */
export const PROJECT_CONFIG_FILES = ['.claude/settings.json', '.claude/settings.local.json', '.mcp.json'] as const;
/** A path relative to the folder: one of PROJECT_CONFIG_FILES or anything under `.claude/`. */
export type ProjectConfigFile = string;

/** How much of `.claude/` is read: enough for any real setup, bounded for a hostile one. */
const MAX_ENTRIES = 500;
const MAX_DEPTH = 6;
/** Folders under `.claude/` the CLI writes for itself and never loads as configuration. */
const SKIPPED_DIRS = new Set(['.claude/worktrees']);

export type FindingKind =
  | 'hooks'
  | 'env'
  | 'helper'
  | 'statusLine'
  | 'permissions'
  | 'mcpServers'
  | 'mcpApproval'
  | 'plugins'
  | 'agent'
  | 'command'
  | 'skill'
  | 'outputStyle'
  | 'instructions'
  | 'other'
  | 'unreadable';

/**
 * What a finding can do, which orders the modal: `runs` (a command, a server, content that
 * could not be read) and `lowers` (fewer prompts, traffic elsewhere) are always listed in
 * full; `loads` (prompts, instructions, plain agents) may be folded into a count.
 */
export type Risk = 'runs' | 'lowers' | 'loads';

export interface Finding {
  file: ProjectConfigFile;
  kind: FindingKind;
  risk: Risk;
  /** Plain text for the modal, e.g. `SessionStart hook: touch x` or `ANTHROPIC_BASE_URL=http://…`. */
  detail: string;
}

export interface ConfigFileText {
  file: ProjectConfigFile;
  text: string;
}

export interface ProjectConfig {
  folder: string;
  files: ConfigFileText[];
  findings: Finding[];
  /** Settings keys that change nothing that needs trust (`model`, …): only counted in the modal. */
  harmless: string[];
  /** sha256 over every present file's name and bytes (or, for what was not read, its stat data); empty string when there is none. */
  hash: string;
  /** Server names declared in `.mcp.json`, for explaining why they are not loaded. */
  projectMcpServers: string[];
  /** Bytes of file content this reading took (0 when it came from the cache). */
  bytesRead: number;
  /** Nothing had changed since the last reading, so no file was read. */
  cached: boolean;
}

/** The risk each kind has unless the classifier says otherwise. */
const RISK: Record<FindingKind, Risk> = {
  hooks: 'runs',
  helper: 'runs',
  statusLine: 'runs',
  mcpServers: 'runs',
  unreadable: 'runs',
  plugins: 'runs',
  env: 'lowers',
  permissions: 'lowers',
  mcpApproval: 'lowers',
  agent: 'loads',
  command: 'loads',
  skill: 'loads',
  outputStyle: 'loads',
  instructions: 'loads',
  other: 'loads',
};

const finding = (file: ProjectConfigFile, kind: FindingKind, detail: string, risk: Risk = RISK[kind]): Finding => ({ file, kind, risk, detail });

/** Settings that only change presentation or harmless defaults; anything else is listed. */
const HARMLESS_SETTINGS = new Set([
  '$schema',
  'model',
  'outputStyle',
  'cleanupPeriodDays',
  'includeCoAuthoredBy',
  'includeGitInstructions',
  'language',
  'alwaysThinkingEnabled',
  'spinnerTipsEnabled',
  'respectGitignore',
  'disableAllHooks',
  'disabledMcpjsonServers',
  'companyAnnouncements',
]);

/** Settings whose value is a shell command the CLI runs. */
const HELPER_SETTINGS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh', 'otelHeadersHelper', 'fileSuggestion'];

/** Permission modes that ask less than `default`. `plan` and `dontAsk` ask the same or less often run tools. */
const LOWERING_MODES = new Set(['acceptEdits', 'bypassPermissions', 'auto']);

/** Most bytes one reading of a folder's configuration takes in all; past it, files are hashed by their stat data. */
export const MAX_TOTAL_BYTES = 8 * 1024 * 1024;
/** Most entries the cheap stat walk looks at; past it an answer is never remembered. */
const MAX_STAT_ENTRIES = 20_000;
/** A file changed this recently may change again within the clock's granularity unseen: not cached. */
const RACY_MS = 2000;

export interface ReadOptions {
  /** The clock, for the "changed too recently to cache" rule (a test seam). */
  now?: number;
}

/** The last reading per folder, with the stat data of every entry it covered. */
const cache = new Map<string, { key: string; config: ProjectConfig }>();

/**
 * Reads, classifies and hashes a folder's Claude configuration. Never throws. Runs on hot paths
 * (every pre-warm, every spawn), so a stat walk first decides whether anything changed since
 * the last reading; reading itself stops at MAX_TOTAL_BYTES.
 */
export function readProjectConfig(folder: string, opts: ReadOptions = {}): ProjectConfig {
  const stats = statWalk(folder, opts.now ?? Date.now());
  const key = [...stats.lines].map(([rel, sig]) => `${rel}\0${sig}`).join('\n');
  const hit = cache.get(folder);
  if (stats.complete && hit?.key === key) return { ...hit.config, bytesRead: 0, cached: true };
  const config = readFresh(folder, stats);
  if (stats.complete && !stats.racy) cache.set(folder, { key, config });
  else cache.delete(folder);
  return config;
}

function readFresh(folder: string, stats: StatWalk): ProjectConfig {
  const files: ConfigFileText[] = [];
  const parsed: ConfigFileText[] = [];
  const findings: Finding[] = [];
  let bytesRead = 0;
  // Not read is not trusted blindly: a file that is not read is hashed by its full bytes
  // (streamed, within the budget) or else by its stat data, so changing it asks again.
  const unread = (file: ProjectConfigFile, size: number, reason: string) => {
    const digest = size <= MAX_TOTAL_BYTES - bytesRead ? digestGuardedFile(join(folder, file), { within: folder, maxBytes: MAX_TOTAL_BYTES - bytesRead }) : undefined;
    if (digest?.kind === 'ok') {
      bytesRead += digest.bytes;
      files.push({ file, text: `\0not read, sha256 ${digest.sha256}` });
    } else {
      files.push({ file, text: `\0not read: ${stats.lines.get(file) ?? statLine(join(folder, file))}` });
    }
    findings.push(finding(file, 'unreadable', `${file}: ${reason}`));
  };
  const read = (file: ProjectConfigFile): string | undefined => {
    const budget = MAX_TOTAL_BYTES - bytesRead;
    const got = readGuardedFile(join(folder, file), { within: folder, maxBytes: Math.min(MAX_FOLDER_FILE_BYTES, budget) });
    if (got.kind === 'missing') return undefined;
    if (got.kind === 'refused') {
      if (got.size !== undefined) {
        unread(file, got.size, got.size > MAX_FOLDER_FILE_BYTES ? got.reason : `not read: the folder's configuration is larger than ${MAX_TOTAL_BYTES / 1024 / 1024} MB`);
        return undefined;
      }
      // Still part of the hash, so replacing the link or shrinking the file asks again.
      files.push({ file, text: `\0refused: ${got.reason}: ${stats.lines.get(file) ?? statLine(join(folder, file))}` });
      findings.push(finding(file, 'unreadable', `${file}: ${got.reason}`));
      return undefined;
    }
    bytesRead += Buffer.byteLength(got.text);
    if (got.linked) findings.push(finding(file, 'other', `${file} is a symbolic link (the CLI follows it)`));
    files.push({ file, text: got.text });
    return got.text;
  };
  for (const file of PROJECT_CONFIG_FILES) {
    const text = read(file);
    if (text !== undefined) parsed.push({ file, text });
  }
  const harmless: string[] = [];
  findings.push(...classify(parsed, harmless));
  const walked = new Set<string>();
  for (const entry of walkClaudeDir(folder, findings, walked)) {
    const text = read(entry);
    if (text !== undefined) findings.push(...classifyClaudeFile(entry, text));
  }
  // Entries past MAX_ENTRIES or MAX_DEPTH still load in the CLI: their names and stat data are hashed.
  for (const [rel, sig] of stats.lines) if (!walked.has(rel) && rel !== '.mcp.json') files.push({ file: rel, text: `\0not read: ${sig}` });
  if (!stats.complete) {
    findings.push(finding('.claude', 'unreadable', `.claude holds more than ${MAX_STAT_ENTRIES} entries: trusting it cannot be remembered`));
    files.push({ file: '\0never remembered', text: randomBytes(16).toString('hex') });
  }
  return { folder, files, findings, harmless, hash: hashConfig(files), projectMcpServers: mcpServerNames(files), bytesRead, cached: false };
}

interface StatWalk {
  /** Path relative to the folder → its stat data (and, for a link, its target's). */
  lines: Map<string, string>;
  /** False past MAX_STAT_ENTRIES. */
  complete: boolean;
  /** Something changed within RACY_MS of now. */
  racy: boolean;
}

/** lstat of `.mcp.json` and everything under `.claude/`: cheap, and enough to tell whether to read again. */
function statWalk(folder: string, now: number): StatWalk {
  const out: StatWalk = { lines: new Map(), complete: true, racy: false };
  const base = realOrSelf(folder);
  let count = 0;
  const visit = (rel: string): boolean => {
    const path = join(folder, rel);
    let st: BigIntStats;
    try {
      st = lstatSync(path, { bigint: true });
    } catch {
      return false;
    }
    let line = statText(st);
    let dir = st.isDirectory();
    let newest = st.ctimeMs;
    if (st.isSymbolicLink()) {
      try {
        const real = realpathSync(path);
        const target = statSync(real, { bigint: true });
        line += ` -> ${real} ${statText(target)}`;
        dir = target.isDirectory() && isInside(real, base);
        if (target.ctimeMs > newest) newest = target.ctimeMs;
      } catch {
        line += ' -> nothing';
      }
    }
    if (Number(newest) >= now - RACY_MS) out.racy = true;
    out.lines.set(rel, dir ? 'dir' : line);
    return dir;
  };
  visit('.mcp.json');
  const walk = (rel: string) => {
    if (SKIPPED_DIRS.has(rel) || !visit(rel)) return;
    let names: string[];
    try {
      names = readdirSync(join(folder, rel)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (++count > MAX_STAT_ENTRIES) throw new Stop();
      walk(`${rel}/${name}`);
    }
  };
  try {
    walk('.claude');
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    out.complete = false;
  }
  return out;
}

function statText(st: BigIntStats): string {
  return `${st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : 'other'} size=${st.size} mtime=${st.mtimeNs} ctime=${st.ctimeNs} dev=${st.dev} ino=${st.ino}`;
}

function statLine(path: string): string {
  try {
    return statText(lstatSync(path, { bigint: true }));
  } catch {
    return 'missing';
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Every file under `.claude/` other than the two settings files, as paths relative to the
 * folder, sorted. A directory that links out of the folder, or more entries than MAX_ENTRIES,
 * becomes an `unreadable` finding: what is not read is not trusted blindly. `walked` collects
 * every path looked at, so the caller can hash what lies beyond.
 */
function walkClaudeDir(folder: string, findings: Finding[], walked: Set<string>): ProjectConfigFile[] {
  const out: ProjectConfigFile[] = [];
  let seen = 0;
  const walk = (rel: string, depth: number) => {
    walked.add(rel);
    const where = checkPath(join(folder, rel), folder);
    if (where.kind === 'missing') return;
    if (where.kind === 'refused') {
      findings.push(finding(rel, 'unreadable', `${rel}: ${where.reason}`));
      return;
    }
    if (!where.dir) {
      if (!(PROJECT_CONFIG_FILES as readonly string[]).includes(rel)) out.push(rel);
      return;
    }
    if (SKIPPED_DIRS.has(rel)) return;
    if (depth > MAX_DEPTH) {
      findings.push(finding(rel, 'unreadable', `${rel}: nested too deep, not read`));
      return;
    }
    let names: string[];
    try {
      names = readdirSync(where.real).sort();
    } catch (err) {
      findings.push(finding(rel, 'unreadable', `${rel}: unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`));
      return;
    }
    for (const name of names) {
      if (++seen > MAX_ENTRIES) {
        findings.push(finding('.claude', 'unreadable', `.claude holds more than ${MAX_ENTRIES} entries; the rest were not read`));
        throw new Stop();
      }
      walk(`${rel}/${name}`, depth + 1);
    }
  };
  try {
    walk('.claude', 0);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return out;
}

class Stop extends Error {}

/** What the CLI makes of a file under `.claude/` (probed in docs/protocol.md). */
export function classifyClaudeFile(file: ProjectConfigFile, text: string): Finding[] {
  const parts = file.split('/');
  const area = parts[1];
  const name = parts.slice(2).join('/');
  const md = file.endsWith('.md');
  switch (area) {
    case 'agents':
      return md ? classifyAgent(file, name, text) : [finding(file, 'other', `file ${file}`)];
    case 'commands':
      return md ? classifyPrompt(file, 'command', `command /${name.replace(/\.md$/, '').replace(/\//g, ':')}`, text) : [finding(file, 'other', `file ${file}`)];
    case 'skills':
      // A skill is its SKILL.md; the scripts and notes next to it are hashed, not listed.
      if (parts.length === 4 && parts[3] === 'SKILL.md') return classifyPrompt(file, 'skill', `skill ${parts[2]}`, text);
      return parts.length > 3 ? [] : [finding(file, 'other', `file ${file}`)];
    case 'output-styles':
      return [finding(file, 'outputStyle', `output style ${name.replace(/\.md$/, '')}`)];
    case 'rules':
      return [finding(file, 'instructions', `instructions ${file}`)];
    case 'CLAUDE.md':
      return [finding(file, 'instructions', `instructions ${file}`)];
    default:
      return [finding(file, 'other', `file ${file}`)];
  }
}

/**
 * An agent runs with its own `permissionMode`, `tools`, `hooks` and `mcpServers` once the model
 * delegates to it (a `bypassPermissions` agent ran Bash unasked in 2.1.197): every one of those
 * keys is shown, and the agent is listed among what runs or lowers safety when it has them.
 */
function classifyAgent(file: ProjectConfigFile, name: string, text: string): Finding[] {
  const { blocks: fm, odd } = frontMatter(text);
  const label = `agent ${fm.name ? `"${flat(fm.name)}"` : name.replace(/\.md$/, '')}`;
  const parts: string[] = [];
  let risk: Risk = 'loads';
  const mode = fm.permissionMode !== undefined ? unquote(flat(fm.permissionMode)) : undefined;
  if (mode !== undefined) {
    parts.push(`permissionMode: ${mode}`);
    if (mode !== 'default' && mode !== 'plan') risk = 'lowers';
  }
  for (const key of ['tools', 'disallowedTools', 'model']) if (fm[key] !== undefined) parts.push(`${key}: ${flat(fm[key])}`);
  for (const key of ['hooks', 'mcpServers']) {
    if (fm[key] === undefined) continue;
    parts.push(`${key}: ${flat(fm[key])}`);
    risk = 'runs';
  }
  // A key newer than this list may run something (as hooks and mcpServers do): not guessed harmless.
  for (const key of Object.keys(fm)) {
    if (KNOWN_AGENT_KEYS.has(key)) continue;
    parts.push(`${key}: ${flat(fm[key])}`);
    risk = 'runs';
  }
  if (odd.length > 0) {
    parts.push(unparsed(odd));
    risk = 'runs';
  }
  return [finding(file, 'agent', parts.length ? `${label}: ${parts.join(' · ')}` : label, risk)];
}

const KNOWN_AGENT_KEYS = new Set(['name', 'description', 'permissionMode', 'tools', 'disallowedTools', 'model', 'hooks', 'mcpServers', 'color']);

/**
 * A command or skill is a prompt, but `allowed-tools` runs those tools without asking while it
 * is in use, `hooks` run commands, and `!`cmd`` lines run in a shell when it is invoked.
 */
function classifyPrompt(file: ProjectConfigFile, kind: 'command' | 'skill', label: string, text: string): Finding[] {
  const { blocks: fm, odd } = frontMatter(text);
  const parts: string[] = [];
  let risk: Risk = 'loads';
  const allowed = fm['allowed-tools'] ?? fm.allowedTools;
  if (allowed !== undefined) {
    parts.push(`allowed-tools: ${flat(allowed)}`);
    risk = 'lowers';
  }
  if (fm.hooks !== undefined) {
    parts.push(`hooks: ${flat(fm.hooks)}`);
    risk = 'runs';
  }
  if (odd.length > 0) {
    parts.push(unparsed(odd));
    risk = 'runs';
  }
  const shell = [...text.matchAll(/!`([^`\n]+)`/g)].map((m) => m[1]);
  if (shell.length > 0) {
    parts.push(`runs when used: ${shell.join(' ; ')}`);
    risk = 'runs';
  }
  return [finding(file, kind, parts.length ? `${label}: ${parts.join(' · ')}` : label, risk)];
}

/**
 * The top-level keys of a leading `---` YAML block with their raw values: the rest of the key's
 * line plus every more-indented line after it. Not a YAML parser (no new dependency for a
 * list); raw text is what the modal should show anyway.
 */
export function frontMatterBlocks(text: string): Record<string, string> {
  return frontMatter(text).blocks;
}

/**
 * The blocks, and every line this simple reading did not take as a plain top-level `key: value`
 * or its indented continuation (flow mappings, merge keys, an indented top level, duplicate
 * keys, an unclosed block): YAML could make any of them a `permissionMode` or `hooks`, so the
 * caller treats them as able to run commands rather than guessing.
 */
export function frontMatter(text: string): { blocks: Record<string, string>; odd: string[] } {
  const blocks: Record<string, string> = {};
  const odd: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!lines[0].startsWith('---')) return { blocks, odd };
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  if (!/^---[ \t]*$/.test(lines[0]) || close < 0) return { blocks, odd: [lines[0], ...(close < 0 ? ['(no closing ---)'] : [])] };
  let key: string | undefined;
  for (const line of lines.slice(1, close)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const kv = /^["']?([A-Za-z_][\w-]*)["']?\s*:(.*)$/.exec(line);
    if (kv) {
      key = kv[1];
      if (key in blocks) odd.push(line);
      blocks[key] = kv[2].trim();
    } else if (key !== undefined && /^[ \t-]/.test(line)) {
      blocks[key] = `${blocks[key]}\n${line}`.trim();
    } else {
      odd.push(line);
    }
  }
  return { blocks, odd };
}

function unparsed(odd: string[]): string {
  return `front matter not read as plain keys: ${odd.map((l) => l.trim()).join(' ⏎ ')}`;
}

/** A block on one line: indentation runs and newlines folded, so the modal line shows all of it. */
function flat(v: string): string {
  return v.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function unquote(v: string): string {
  return v.replace(/^(["'])(.*)\1$/, '$2');
}

/** What in these JSON files can run commands, redirect traffic or lower the permission checks. */
export function classify(files: ConfigFileText[], harmless: string[] = []): Finding[] {
  const out: Finding[] = [];
  for (const { file, text } of files) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      out.push(finding(file, 'unreadable', `${file} is not valid JSON, so what it declares cannot be listed`));
      continue;
    }
    if (!isRecord(value)) {
      out.push(finding(file, 'unreadable', `${file} is not a JSON object`));
      continue;
    }
    if (file === '.mcp.json') out.push(...classifyMcp(file, value));
    else out.push(...classifySettings(file, value, harmless));
  }
  return out;
}

function classifySettings(file: ProjectConfigFile, s: Record<string, unknown>, harmless: string[]): Finding[] {
  const out: Finding[] = [];
  const add = (kind: FindingKind, detail: string) => out.push(finding(file, kind, detail));
  for (const [key, value] of Object.entries(s)) {
    if (HARMLESS_SETTINGS.has(key)) {
      harmless.push(key);
      continue;
    }
    switch (key) {
      case 'hooks':
        for (const h of hookCommands(value)) add('hooks', `${h.event} hook: ${h.command}`);
        if (!out.some((f) => f.kind === 'hooks') && isRecord(value) && Object.keys(value).length > 0) add('hooks', `hooks for ${Object.keys(value).join(', ')}`);
        continue;
      case 'env':
        if (isRecord(value)) for (const [k, v] of Object.entries(value)) add('env', `${k}=${String(v)}`);
        else add('env', `env: ${short(value)}`);
        continue;
      case 'statusLine':
        add('statusLine', `status line command: ${isRecord(value) && typeof value.command === 'string' ? value.command : short(value)}`);
        continue;
      case 'permissions':
        out.push(...classifyPermissions(file, value));
        continue;
      case 'enableAllProjectMcpServers':
        if (value === true) add('mcpApproval', 'approves every MCP server in .mcp.json');
        continue;
      case 'enabledMcpjsonServers':
        if (Array.isArray(value) && value.length > 0) add('mcpApproval', `approves MCP servers: ${value.map(String).join(', ')}`);
        continue;
      case 'enabledPlugins':
      case 'extraKnownMarketplaces':
        add('plugins', `${key}: ${short(value)}`);
        continue;
      default:
        if (HELPER_SETTINGS.includes(key)) add('helper', `${key} runs: ${short(value)}`);
        // A key this list does not know may be a helper a later CLI added: listed in full, never folded.
        else out.push(finding(file, 'other', `${key}: ${short(value)}`, 'lowers'));
    }
  }
  return out;
}

function classifyPermissions(file: ProjectConfigFile, p: unknown): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(p)) return out;
  const add = (detail: string) => out.push(finding(file, 'permissions', detail));
  if (typeof p.defaultMode === 'string' && LOWERING_MODES.has(p.defaultMode)) add(`default permission mode: ${p.defaultMode}`);
  if (Array.isArray(p.allow) && p.allow.length > 0) add(`allows without asking: ${p.allow.map(String).join(', ')}`);
  if (Array.isArray(p.additionalDirectories) && p.additionalDirectories.length > 0) add(`extra directories: ${p.additionalDirectories.map(String).join(', ')}`);
  if (p.disableBypassPermissionsMode !== undefined && p.disableBypassPermissionsMode !== 'disable') add(`disableBypassPermissionsMode: ${short(p.disableBypassPermissionsMode)}`);
  // deny and ask rules only make the CLI stricter.
  return out;
}

function classifyMcp(file: ProjectConfigFile, m: Record<string, unknown>): Finding[] {
  const servers = m.mcpServers;
  if (!isRecord(servers)) return Object.keys(m).length > 0 ? [finding(file, 'other', `${file}: ${short(m)}`, 'lowers')] : [];
  return Object.entries(servers).map(([name, cfg]) => finding(file, 'mcpServers', `MCP server "${name}": ${serverSummary(cfg)}`));
}

function serverSummary(cfg: unknown): string {
  if (!isRecord(cfg)) return short(cfg);
  if (typeof cfg.command === 'string') return [cfg.command, ...(Array.isArray(cfg.args) ? cfg.args.map(String) : [])].join(' ');
  if (typeof cfg.url === 'string') return `${typeof cfg.type === 'string' ? cfg.type : 'remote'} ${cfg.url}`;
  return short(cfg);
}

function hookCommands(hooks: unknown): { event: string; command: string }[] {
  const out: { event: string; command: string }[] = [];
  if (!isRecord(hooks)) return out;
  for (const [event, matchers] of Object.entries(hooks)) {
    for (const m of Array.isArray(matchers) ? matchers : []) {
      for (const h of isRecord(m) && Array.isArray(m.hooks) ? m.hooks : []) {
        if (isRecord(h)) out.push({ event, command: typeof h.command === 'string' ? h.command : typeof h.url === 'string' ? h.url : short(h) });
      }
    }
  }
  return out;
}

function mcpServerNames(files: ConfigFileText[]): string[] {
  const mcp = files.find((f) => f.file === '.mcp.json');
  if (!mcp) return [];
  try {
    const v = JSON.parse(mcp.text) as unknown;
    return isRecord(v) && isRecord(v.mcpServers) ? Object.keys(v.mcpServers) : [];
  } catch {
    return [];
  }
}

/** Names and bytes of every present file, so any change (even whitespace) asks again. */
export function hashConfig(files: ConfigFileText[]): string {
  if (files.length === 0) return '';
  const h = createHash('sha256');
  for (const f of files) h.update(f.file).update('\0').update(f.text).update('\0');
  return h.digest('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whole: the modal clips a long line visibly, with a count (src/vscode/projectTrust.ts). */
function short(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

/** While a folder's config is not trusted, the CLI reads the user's own settings only (docs/protocol.md). */
export const RESTRICTED_SOURCES: readonly string[] = ['user'];

/** Where the trusted hash per folder is remembered (a VS Code Memento in the extension). */
export interface TrustMemory {
  trustedHash(folder: string): string | undefined;
}

/** Trusted means: nothing that needs trust, or the user trusted exactly this content. */
export function isTrusted(config: ProjectConfig, memory: TrustMemory): boolean {
  return config.findings.length === 0 || memory.trustedHash(config.folder) === config.hash;
}

/** The `--setting-sources` for a spawn in `folder`, read fresh so a changed file is caught. */
export function settingSourcesFor(folder: string, memory: TrustMemory): readonly string[] | undefined {
  return isTrusted(readProjectConfig(folder), memory) ? undefined : RESTRICTED_SOURCES;
}
