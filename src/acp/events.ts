import type {
  AvailableCommand,
  ContentBlock,
  PlanEntry,
  SessionConfigOption,
  SessionUpdate,
  StopReason,
  ToolCall,
  ToolCallUpdate,
} from '@agentclientprotocol/sdk';
import type { PermissionProgress } from '../core/pendingRequests';
import type { AcpError } from './errors';

/**
 * What one ACP session reports: the agent's `session/update` notifications, typed, plus the
 * turn boundaries and errors the client itself knows about.
 */
export type AcpSessionEvent =
  | { type: 'promptStarted'; turnId: string; text: string }
  /** `stopReason` is set when the turn ended normally or was cancelled; `error` otherwise. */
  | { type: 'promptEnded'; turnId: string; durationMs: number; stopReason?: StopReason; error?: AcpError }
  | { type: 'agentMessageChunk'; content: ContentBlock; messageId?: string }
  | { type: 'agentThoughtChunk'; content: ContentBlock; messageId?: string }
  /** History replay (session/load). */
  | { type: 'userMessageChunk'; content: ContentBlock; messageId?: string }
  | { type: 'toolCall'; toolCall: ToolCall }
  | { type: 'toolCallUpdate'; update: ToolCallUpdate }
  | { type: 'plan'; entries: PlanEntry[] }
  | { type: 'modeChanged'; modeId: string }
  | { type: 'configOptions'; options: SessionConfigOption[] }
  | { type: 'commands'; commands: AvailableCommand[] }
  | { type: 'usage'; used: number; size: number; costUsd?: number }
  /** A tool call waits for the user (request_permission), then its answer. */
  | PermissionProgress
  /** The session is dead (agent exited, client disposed). */
  | { type: 'error'; error: AcpError }
  /** Updates we don't model (session info, notices, compaction, future kinds): tolerated. */
  | { type: 'other'; update: SessionUpdate | { sessionUpdate: string } };

/** Maps one `session/update` payload onto the event union. Pure. */
export function eventFromUpdate(update: SessionUpdate): AcpSessionEvent {
  switch (update.sessionUpdate) {
    case 'agent_message_chunk':
      return { type: 'agentMessageChunk', content: update.content, messageId: update.messageId ?? undefined };
    case 'agent_thought_chunk':
      return { type: 'agentThoughtChunk', content: update.content, messageId: update.messageId ?? undefined };
    case 'user_message_chunk':
      return { type: 'userMessageChunk', content: update.content, messageId: update.messageId ?? undefined };
    case 'tool_call': {
      const { sessionUpdate: _, ...toolCall } = update;
      return { type: 'toolCall', toolCall };
    }
    case 'tool_call_update': {
      const { sessionUpdate: _, ...rest } = update;
      return { type: 'toolCallUpdate', update: rest };
    }
    case 'plan':
      return { type: 'plan', entries: update.entries };
    case 'current_mode_update':
      return { type: 'modeChanged', modeId: update.currentModeId };
    case 'config_option_update':
      return { type: 'configOptions', options: update.configOptions };
    case 'available_commands_update':
      return { type: 'commands', commands: update.availableCommands };
    case 'usage_update': {
      const cost = update.cost;
      return { type: 'usage', used: update.used, size: update.size, costUsd: cost && cost.currency === 'USD' ? cost.amount : undefined };
    }
    default:
      return { type: 'other', update };
  }
}
