import { childEnvironment } from '../core/childEnv';
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
  /** Our permission server: the private file holding its MCP config, and its prompt tool. */
  permissions?: { mcpConfigFile: string; promptTool: string };
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
  if (input.permissions) {
    // The config holds a bearer token, so it goes in a private file, not on the command line
    // where `ps` shows it. `=` keeps the variadic flag from swallowing the next word
    // (docs/protocol.md, "Launch, stream-json and turns"). No --strict-mcp-config: the user's
    // own servers load next to ours, and a server from --mcp-config wins over a same-named one
    // from their config (verified), so the per-process random name of ours (permissionServer.ts)
    // cannot be shadowed.
    args.push(`--mcp-config=${input.permissions.mcpConfigFile}`, '--permission-prompt-tool', input.permissions.promptTool);
  }
  args.push(...(input.extraArgs ?? []));
  return args;
}

/**
 * The process's environment: the host's without VS Code's own variables (docs/protocol.md,
 * "Process lifetime and the environment …"), plus the user's extra variables and, with
 * checkpoints, the variable that turns file checkpointing on.
 */
export function launchEnv(host: NodeJS.ProcessEnv, extra: Record<string, string> | undefined, checkpoints: boolean | undefined): NodeJS.ProcessEnv {
  return childEnvironment(host, { ...extra, ...(checkpoints ? CHECKPOINT_ENV : {}) });
}
