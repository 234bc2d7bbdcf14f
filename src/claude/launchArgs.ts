import { childEnvironment } from '../core/childEnv';
import type { McpServerSpec } from '../core/mcpServerSpec';
import { CHECKPOINT_ARGS, CHECKPOINT_ENV, forkArgs, type ForkOrigin } from './checkpoints';
import type { PermissionMode } from './protocol';

/** What decides a `claude` process's command line; every field is read at spawn time. */
export interface LaunchInput {
  sessionId: string;
  /**
   * The conversation's transcript exists (or the chat was opened to continue one): `--resume`.
   * Otherwise `--session-id`, or the fork's arguments for a fork not yet started.
   */
  resume: boolean;
  fork?: ForkOrigin;
  checkpoints?: boolean;
  model?: string;
  permissionMode?: PermissionMode;
  /** `--setting-sources`; undefined loads every source, as the terminal does. */
  settingSources?: readonly string[];
  /**
   * Our MCP servers: the private file holding their config, the permission server's prompt tool
   * when it is one of them, and the read-only tools of the others that need no prompt.
   */
  mcp?: { configFile: string; promptTool?: string; allowedTools?: readonly string[] };
  /** The user's own extra arguments, last so that they can add to ours. */
  extraArgs?: readonly string[];
}

/** The argv (after the command) of a session's process: a pure function of its inputs. */
export function launchArgs(input: LaunchInput): string[] {
  const args = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];
  // --session-id may not name an existing transcript, and --resume needs one (docs/protocol.md,
  // "Launch, stream-json and turns"): the caller asks the transcript on disk, not what it saw on stdout.
  if (input.fork && !input.resume) args.push(...forkArgs(input.fork, input.sessionId));
  else args.push(input.resume ? '--resume' : '--session-id', input.sessionId);
  if (input.checkpoints) args.push(...CHECKPOINT_ARGS);
  if (input.model) args.push('--model', input.model);
  // No flag means the user's own defaultMode applies ("The user's setup" in docs/protocol.md).
  if (input.permissionMode) args.push('--permission-mode', input.permissionMode);
  // Untrusted folder: its .claude/settings*.json and .mcp.json are not read (hooks, env, servers).
  if (input.settingSources) args.push('--setting-sources', input.settingSources.join(','));
  if (input.mcp) {
    // The config holds a bearer token, so it goes in a private file, not on the command line
    // where `ps` shows it. `=` keeps the variadic flag from swallowing the next word
    // (docs/protocol.md, "Launch, stream-json and turns"). No --strict-mcp-config: the user's
    // own servers load next to ours, and a server from --mcp-config wins over a same-named one
    // from their config (verified), so the per-process random name of ours (permissionServer.ts)
    // cannot be shadowed.
    args.push(`--mcp-config=${input.mcp.configFile}`);
    if (input.mcp.promptTool) args.push('--permission-prompt-tool', input.mcp.promptTool);
    // One `=` form per tool, for the same reason as --mcp-config's.
    for (const tool of input.mcp.allowedTools ?? []) args.push(`--allowedTools=${tool}`);
  }
  args.push(...(input.extraArgs ?? []));
  return args;
}

/**
 * The `--mcp-config` content: the permission server's config (`permissionsJson`, ours) with our
 * other servers beside it, and the tools of theirs that run without a prompt. The permission
 * server's entry is written last so that no other can take its name.
 */
export function mcpConfig(permissionsJson: string | undefined, servers: readonly McpServerSpec[]): { json: string; allowedTools: string[] } | undefined {
  if (permissionsJson === undefined && servers.length === 0) return undefined;
  const own = permissionsJson === undefined ? {} : (JSON.parse(permissionsJson) as { mcpServers?: Record<string, unknown> }).mcpServers;
  const extra = Object.fromEntries(servers.map((s) => [s.name, { type: s.type, url: s.url, headers: s.headers }]));
  const allowedTools = servers.flatMap((s) => (s.readOnlyTools ?? []).map((tool) => `mcp__${s.name}__${tool}`));
  return { json: JSON.stringify({ mcpServers: { ...extra, ...own } }), allowedTools };
}

/**
 * The process's environment: the host's without VS Code's own variables (docs/protocol.md,
 * "Process lifetime and the environment …"), plus the user's extra variables and, with
 * checkpoints, the variable that turns file checkpointing on.
 */
export function launchEnv(host: NodeJS.ProcessEnv, extra: Record<string, string> | undefined, checkpoints: boolean | undefined): NodeJS.ProcessEnv {
  return childEnvironment(host, { ...extra, ...(checkpoints ? CHECKPOINT_ENV : {}) });
}
