import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The trust step for a folder's own Claude Code configuration (docs/protocol.md, "The user's
 * setup: MCP servers, settings sources, trust"). In `-p` mode the CLI skips its trust dialog,
 * so a cloned repository's `.claude/settings.json` hooks, env, helpers and `.mcp.json` servers
 * would run with no question asked. This module finds those files, lists what in them can run
 * commands, redirect API traffic or lower permission checks, and hashes them so an answer is
 * remembered per folder and content. Pure: no vscode, no CLI, reads at most three small files.
 */

/** The folder files the CLI reads with the project/local setting sources, relative to the folder. */
export const PROJECT_CONFIG_FILES = ['.claude/settings.json', '.claude/settings.local.json', '.mcp.json'] as const;
export type ProjectConfigFile = (typeof PROJECT_CONFIG_FILES)[number];

/** Larger files are not parsed (and are reported): a settings file is a few KB. */
const MAX_BYTES = 256 * 1024;

export type FindingKind =
  | 'hooks'
  | 'env'
  | 'helper'
  | 'statusLine'
  | 'permissions'
  | 'mcpServers'
  | 'mcpApproval'
  | 'plugins'
  | 'other'
  | 'unreadable';

export interface Finding {
  file: ProjectConfigFile;
  kind: FindingKind;
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
  /** sha256 over every present file's name and bytes; empty string when there is none. */
  hash: string;
  /** Server names declared in `.mcp.json`, for explaining why they are not loaded. */
  projectMcpServers: string[];
}

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

/** Reads, classifies and hashes a folder's Claude configuration. Never throws. */
export function readProjectConfig(folder: string): ProjectConfig {
  const files: ConfigFileText[] = [];
  const parsed: ConfigFileText[] = [];
  const findings: Finding[] = [];
  for (const file of PROJECT_CONFIG_FILES) {
    const read = readSmallRegularFile(join(folder, file));
    if (read.kind === 'missing') continue;
    if (read.kind === 'refused') {
      // Still part of the hash, so replacing the link or shrinking the file asks again.
      files.push({ file, text: `\0refused: ${read.reason}` });
      findings.push({ file, kind: 'unreadable', detail: `${file}: ${read.reason}` });
      continue;
    }
    if (read.linked) findings.push({ file, kind: 'other', detail: `${file} is a symbolic link (the CLI follows it)` });
    files.push({ file, text: read.text });
    parsed.push({ file, text: read.text });
  }
  findings.push(...classify(parsed));
  return { folder, files, findings, hash: hashConfig(files), projectMcpServers: mcpServerNames(files) };
}

/** What in these files can run commands, redirect traffic or lower the permission checks. */
export function classify(files: ConfigFileText[]): Finding[] {
  const out: Finding[] = [];
  for (const { file, text } of files) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      out.push({ file, kind: 'unreadable', detail: `${file} is not valid JSON, so what it declares cannot be listed` });
      continue;
    }
    if (!isRecord(value)) {
      out.push({ file, kind: 'unreadable', detail: `${file} is not a JSON object` });
      continue;
    }
    if (file === '.mcp.json') out.push(...classifyMcp(file, value));
    else out.push(...classifySettings(file, value));
  }
  return out;
}

function classifySettings(file: ProjectConfigFile, s: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  const add = (kind: FindingKind, detail: string) => out.push({ file, kind, detail });
  for (const [key, value] of Object.entries(s)) {
    if (HARMLESS_SETTINGS.has(key)) continue;
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
        else add('other', `${key}: ${short(value)}`);
    }
  }
  return out;
}

function classifyPermissions(file: ProjectConfigFile, p: unknown): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(p)) return out;
  const add = (detail: string) => out.push({ file, kind: 'permissions', detail });
  if (typeof p.defaultMode === 'string' && LOWERING_MODES.has(p.defaultMode)) add(`default permission mode: ${p.defaultMode}`);
  if (Array.isArray(p.allow) && p.allow.length > 0) add(`allows without asking: ${p.allow.map(String).join(', ')}`);
  if (Array.isArray(p.additionalDirectories) && p.additionalDirectories.length > 0) add(`extra directories: ${p.additionalDirectories.map(String).join(', ')}`);
  if (p.disableBypassPermissionsMode !== undefined && p.disableBypassPermissionsMode !== 'disable') add(`disableBypassPermissionsMode: ${short(p.disableBypassPermissionsMode)}`);
  // deny and ask rules only make the CLI stricter.
  return out;
}

function classifyMcp(file: ProjectConfigFile, m: Record<string, unknown>): Finding[] {
  const servers = m.mcpServers;
  if (!isRecord(servers)) return Object.keys(m).length > 0 ? [{ file, kind: 'other', detail: `${file}: ${short(m)}` }] : [];
  return Object.entries(servers).map(([name, cfg]) => ({ file, kind: 'mcpServers' as const, detail: `MCP server "${name}": ${serverSummary(cfg)}` }));
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

type Read = { kind: 'missing' } | { kind: 'refused'; reason: string } | { kind: 'ok'; text: string; linked: boolean };

/**
 * Regular files only, at most MAX_BYTES. A symlink is followed as the CLI would, but only to a
 * regular file (a FIFO or device would hang or flood the read); the content read is what is hashed.
 */
function readSmallRegularFile(path: string): Read {
  let st;
  let linked = false;
  try {
    st = lstatSync(path);
    if (st.isSymbolicLink()) {
      linked = true;
      st = statSync(path);
    }
  } catch {
    return linked ? { kind: 'refused', reason: 'a symbolic link to nothing' } : { kind: 'missing' };
  }
  if (!st.isFile()) return { kind: 'refused', reason: 'not a regular file' };
  if (st.size > MAX_BYTES) return { kind: 'refused', reason: `larger than ${MAX_BYTES / 1024} KB, not read` };
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = Math.min(fstatSync(fd).size, MAX_BYTES);
    const buf = Buffer.alloc(size);
    const n = readSync(fd, buf, 0, size, 0);
    return { kind: 'ok', text: buf.subarray(0, n).toString('utf8'), linked };
  } catch (err) {
    return { kind: 'refused', reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
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
