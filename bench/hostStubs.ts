/** The minimum a ClaudeChat needs around it, without VS Code and without a real MCP server. */
import { ClaudeChat } from '../src/chat/claude/claudeChat';
import type { ClaudeSession } from '../src/claude/session';
import type { Logger } from '../src/core/logger';
import { nullLogger } from '../src/core/logger';
import type { PermissionBroker } from '../src/core/permissions';
import type { SessionPermissions } from '../src/claude/permissionServer';

/**
 * A scripted permission server: registers sessions, hands out no wiring (so the CLI runs
 * without `--permission-prompt-tool`; the benchmark scenarios use no tools) and settles nothing.
 */
export function stubPermissionServer(): SessionPermissions {
  return {
    serverName: 'bench_stub',
    registerSession: () => ({ dispose() {} }),
    wiringFor: () => undefined,
    settleAll: () => undefined,
  };
}

/** Allows everything; never asked in these scenarios. */
export const allowBroker: PermissionBroker = { request: () => Promise.resolve({ kind: 'allow' }) };

export function makeController(folder: string, opts: { cliPath?: string; env?: Record<string, string>; logger?: Logger } = {}): ClaudeChat {
  const server = stubPermissionServer();
  return new ClaudeChat({
    folder,
    logger: opts.logger ?? nullLogger,
    settings: () => ({ cliPath: opts.cliPath, env: opts.env }),
    permissionServer: async () => server,
    broker: allowBroker,
  });
}

/** The controller's session, created the way its first send() would (no process yet). */
export async function controllerSession(c: ClaudeChat): Promise<ClaudeSession> {
  return (c as unknown as { ensureSession(): Promise<ClaudeSession> }).ensureSession();
}

/** Feeds one stdout line into a session exactly as CliProcess's line handler does. */
export function feedLine(s: ClaudeSession, line: string): void {
  (s as unknown as { onLine(raw: string): void }).onLine(line);
}
