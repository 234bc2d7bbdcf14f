import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
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

/** The binary from the `claudeChat.cliPath` setting first, then from PATH. */
export function resolveCliPath(setting: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const configured = setting?.trim();
  if (configured) {
    const candidate = isAbsolute(configured) ? configured : resolve(cwd, configured);
    if (isExecutable(candidate)) return candidate;
    throw cliNotFound(configured, true);
  }
  const names = process.platform === 'win32' ? ['claude.exe', 'claude.cmd', 'claude'] : ['claude'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw cliNotFound('claude on PATH', false);
}

export { ClaudeError };
