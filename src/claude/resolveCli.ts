import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ClaudeError, cliNotFound } from './errors';

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `claude`, `claude-beta`: a name to look up on PATH, not a path (no separator). */
function isBareName(s: string): boolean {
  return !/[\\/]/.test(s) && s !== '.' && s !== '..';
}

/**
 * The binary from the `claudeChat.cliPath` setting first, then from PATH. The setting is an
 * absolute path or a bare command name looked up on PATH; a relative path is refused, never
 * resolved against the workspace (a cloned folder could ship `bin/claude`). `cwd`
 * is not used for that reason; it stays in the signature for the callers.
 */
export function resolveCliPath(setting: string | undefined, env: NodeJS.ProcessEnv, _cwd?: string): string {
  const configured = setting?.trim();
  if (configured) {
    if (isAbsolute(configured)) {
      if (isExecutable(configured)) return configured;
      throw cliNotFound(configured, true);
    }
    if (!isBareName(configured)) throw relativeCliPath(configured);
    const named = onPath([configured], env);
    if (named) return named;
    throw cliNotFound(`${configured} on PATH`, true);
  }
  const names = process.platform === 'win32' ? ['claude.exe', 'claude.cmd', 'claude'] : ['claude'];
  const found = onPath(names, env);
  if (found) return found;
  throw cliNotFound('claude on PATH', false);
}

/** Absolute PATH entries only: an empty or relative entry would mean the current folder. */
function onPath(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function relativeCliPath(configured: string): ClaudeError {
  return new ClaudeError(
    'cliNotFound',
    `The setting claudeChat.cliPath is "${configured}", a relative path. It is not looked up in the workspace: set the absolute path of the claude binary, or a command name such as "claude" to search PATH.`,
    ['openSettings'],
  );
}

export { ClaudeError };
