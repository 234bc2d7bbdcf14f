import {
  DEFAULT_DENY_MESSAGE,
  DEFAULT_STOP_MESSAGE,
  sessionRule,
  type PermissionDecision,
  type PermissionRule,
} from '../core/permissions';

/**
 * The exact JSON the CLI expects back from our `--permission-prompt-tool` (docs/protocol.md,
 * "Permission prompts through our MCP tool").
 */
export type PermissionReply =
  | {
      behavior: 'allow';
      updatedInput: Record<string, unknown>;
      updatedPermissions?: (
        | { type: 'addRules'; rules: PermissionRule[]; behavior: 'allow'; destination: 'session' | 'localSettings' | 'projectSettings' | 'userSettings' }
        | { type: 'setMode'; mode: 'default' | 'acceptEdits'; destination: 'session' }
      )[];
    }
  | { behavior: 'deny'; message: string; interrupt?: true };

export function buildReply(decision: PermissionDecision, toolName: string, input: Record<string, unknown>, cwd: string): PermissionReply {
  switch (decision.kind) {
    case 'allow':
      // updatedInput is mandatory: without it the CLI rejects the answer (docs/protocol.md,
      // "Permission prompts through our MCP tool").
      return { behavior: 'allow', updatedInput: input };
    case 'allowSession': {
      const rule = sessionRule(toolName, input, cwd);
      // No safe rule (a file outside the workspace): this one call is allowed, nothing more.
      if (!rule) return { behavior: 'allow', updatedInput: input };
      return {
        behavior: 'allow',
        updatedInput: input,
        updatedPermissions: [{ type: 'addRules', rules: [rule], behavior: 'allow', destination: 'session' }],
      };
    }
    case 'allowAlways':
      // The CLI writes the rule into that settings file itself, in its own format (verified with
      // 2.1.197 and 2.1.332: docs/protocol.md, "Permission rules that last").
      return {
        behavior: 'allow',
        updatedInput: input,
        updatedPermissions: [{ type: 'addRules', rules: [decision.rule], behavior: 'allow', destination: decision.destination }],
      };
    case 'deny':
      return { behavior: 'deny', message: decision.message || DEFAULT_DENY_MESSAGE };
    case 'denyAndStop':
      return { behavior: 'deny', message: decision.message || DEFAULT_STOP_MESSAGE, interrupt: true };
    case 'agentOption':
      // An ACP agent's option: the CLI's prompts never offer one. Read as once, nothing more.
      return decision.allow ? { behavior: 'allow', updatedInput: input } : { behavior: 'deny', message: DEFAULT_DENY_MESSAGE };
    case 'allowWithInput':
      return {
        behavior: 'allow',
        updatedInput: decision.updatedInput,
        ...(decision.setMode ? { updatedPermissions: [{ type: 'setMode', mode: decision.setMode, destination: 'session' }] } : {}),
      };
    default:
      return unknownDecision(decision);
  }
}

function unknownDecision(decision: never): PermissionReply {
  return { behavior: 'deny', message: `Unknown permission decision ${JSON.stringify(decision)}; denied.` };
}

/** The CallToolResult the CLI accepts: exactly one text block whose text is the JSON reply. */
export function toolResultFor(reply: PermissionReply): { content: [{ type: 'text'; text: string }] } {
  return { content: [{ type: 'text', text: JSON.stringify(reply) }] };
}
