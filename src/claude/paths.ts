import { homedir } from 'node:os';
import { join } from 'node:path';

/** The CLI's config dir: CLAUDE_CONFIG_DIR, else ~/.claude (docs/protocol.md, "Launch, stream-json and turns"). */
export function claudeConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude');
}

/** Every non-alphanumeric character of the cwd becomes '-' (docs/protocol.md, "Launch, stream-json and turns"). */
export function mangleCwd(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

export function projectDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(claudeConfigDir(env), 'projects', mangleCwd(cwd));
}

export function transcriptPath(cwd: string, sessionId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(projectDir(cwd, env), `${sessionId}.jsonl`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
