import { existsSync, readFileSync } from 'node:fs';
import { settingsPath } from './settingsFiles';

/** The user's `statusLine` setting (`{type:"command", command, padding}`). */
export interface StatusLineSetting {
  command: string;
  padding?: number;
}

/** Longer output is cut: the footer has one line. */
const MAX_TEXT = 300;

const SOURCES: readonly { source: string; destination: 'userSettings' | 'projectSettings' | 'localSettings' }[] = [
  { source: 'user', destination: 'userSettings' },
  { source: 'project', destination: 'projectSettings' },
  { source: 'local', destination: 'localSettings' },
];

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    if (!existsSync(path)) return undefined;
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // the CLI skips a file it cannot parse too
  }
}

/**
 * The `statusLine` the CLI would run in `cwd` (docs/protocol.md, "Usage limits and the status
 * line"): the last of user, project and local settings that sets one, from the sources
 * `sources` allows (`--setting-sources`; undefined: all, which only a trusted folder gets); none
 * when any of them sets `disableAllHooks`. Read fresh at each run, so an edit shows at the next.
 */
export function readStatusLineSetting(cwd: string, env: NodeJS.ProcessEnv, sources: readonly string[] | undefined): StatusLineSetting | undefined {
  let found: StatusLineSetting | undefined;
  for (const { source, destination } of SOURCES) {
    if (sources !== undefined && !sources.includes(source)) continue;
    const json = readJson(settingsPath(destination, cwd, env));
    if (!json) continue;
    if (json.disableAllHooks === true) return undefined;
    const s = json.statusLine as { type?: unknown; command?: unknown; padding?: unknown } | undefined;
    if (s && typeof s === 'object' && s.type === 'command' && typeof s.command === 'string' && s.command.trim()) {
      found = { command: s.command, ...(typeof s.padding === 'number' ? { padding: s.padding } : {}) };
    }
  }
  return found;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[PX^_][^\u001B]*\u001B\\|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * The text the footer shows: the first non-empty line of stdout, colours and other escape
 * sequences removed, control and invisible characters dropped, cut to one short line.
 */
export function statusLineText(stdout: string): string | undefined {
  const lines = stdout.replace(ANSI, '').split(/\r?\n/).map((l) => l.replace(/\t/g, ' ').replace(INVISIBLE, '').trimEnd());
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  return first.length > MAX_TEXT ? `${first.slice(0, MAX_TEXT - 1)}…` : first;
}

/** What the CLI's status line command gets on stdin, from what the chat knows (a subset of the CLI's). */
export interface StatusLineFacts {
  sessionId?: string;
  transcriptPath?: string;
  cwd: string;
  model?: string;
  cliVersion?: string;
  costUsd?: number;
  durationMs?: number;
  apiDurationMs?: number;
  context?: { usedTokens: number; maxTokens: number };
  limit?: { window?: string; utilization?: number; resetsAt?: number };
}

/** The JSON on the command's stdin, in the CLI's field names (docs/protocol.md). */
export function statusLineInput(f: StatusLineFacts): Record<string, unknown> {
  const used = f.context ? Math.min(100, Math.round((f.context.usedTokens / f.context.maxTokens) * 100)) : undefined;
  const window = f.limit?.window === 'five_hour' || f.limit?.window === 'seven_day' ? f.limit.window : undefined;
  return {
    hook_event_name: 'Status',
    session_id: f.sessionId ?? '',
    transcript_path: f.transcriptPath ?? '',
    cwd: f.cwd,
    model: { id: f.model ?? '', display_name: f.model ?? '' },
    workspace: { current_dir: f.cwd, project_dir: f.cwd, added_dirs: [] },
    version: f.cliVersion ?? '',
    output_style: { name: 'default' },
    cost: { total_cost_usd: f.costUsd ?? 0, total_duration_ms: f.durationMs ?? 0, total_api_duration_ms: f.apiDurationMs ?? 0, total_lines_added: 0, total_lines_removed: 0 },
    context_window: f.context
      ? { context_window_size: f.context.maxTokens, used_percentage: used, remaining_percentage: used === undefined ? undefined : 100 - used, total_input_tokens: f.context.usedTokens }
      : { context_window_size: null, used_percentage: null, remaining_percentage: null },
    exceeds_200k_tokens: (f.context?.usedTokens ?? 0) > 200_000,
    ...(window && f.limit?.utilization !== undefined
      ? { rate_limits: { [window]: { used_percentage: Math.round(f.limit.utilization * 100), resets_at: f.limit.resetsAt === undefined ? undefined : Math.round(f.limit.resetsAt / 1000) } } }
      : {}),
  };
}
