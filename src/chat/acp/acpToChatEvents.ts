import type { AcpSessionEvent } from '../../acp/events';
import { describeToolCall, isRecord, mergeToolCall, toolResultText, type ToolCallState } from '../../acp/toolCalls';
import type { ChatEvent, ToolState } from '../../shared/contract';
import { permissionCardState } from '../permissionCards';

const STATE: Record<NonNullable<ToolCallState['status']>, ToolState> = {
  pending: 'pending',
  in_progress: 'running',
  completed: 'done',
  failed: 'error',
};

/**
 * Maps one ACP session's events onto the panel's `ChatEvent`s, so the same cards render them.
 * Stateful: ACP streams chunks without block indices, so this numbers them. An agent message
 * is one `messageId`; a tool call or plan ends it, and a switch between text and thought opens
 * a new block (`index`) in it. Tool calls arrive in pieces and are merged; each change re-emits
 * the `tool` event, which the panel treats as an update of the same card.
 */
export class AcpChatMapper {
  private turnId = 'acp-turn-0';
  private messageSeq = 0;
  private message: { id: string; acpId?: string; index: number; kind?: 'text' | 'thinking' } | undefined;
  private readonly tools = new Map<string, { state: ToolCallState; messageId: string; index: number }>();
  private plan: { toolUseId: string; messageId: string; index: number } | undefined;

  map(e: AcpSessionEvent): ChatEvent[] {
    switch (e.type) {
      case 'promptStarted':
        this.turnId = e.turnId;
        this.message = undefined;
        this.plan = undefined;
        return [{ type: 'user', turnId: e.turnId, text: e.text }];
      case 'promptEnded':
        this.message = undefined;
        return [
          {
            type: 'turnEnd',
            turnId: e.turnId,
            outcome: e.error ? 'error' : e.stopReason === 'cancelled' ? 'cancelled' : 'success',
            durationMs: e.durationMs,
            error: e.error ? { code: e.error.code, message: e.error.message, actions: e.error.actions } : undefined,
          },
          ...(e.stopReason === 'refusal' ? [notice('The agent refused to continue this turn.')] : []),
          ...(e.stopReason === 'max_tokens' ? [notice('The reply hit the token limit.')] : []),
          ...(e.stopReason === 'max_turn_requests' ? [notice('The turn hit the agent\'s request limit.')] : []),
        ];
      case 'agentMessageChunk':
      case 'agentThoughtChunk': {
        const text = e.content.type === 'text' ? e.content.text : e.content.type === 'resource_link' ? e.content.uri : '';
        if (!text) return [];
        const kind = e.type === 'agentMessageChunk' ? 'text' : 'thinking';
        const m = this.block(kind, e.messageId);
        return [{ type: kind, messageId: m.id, index: m.index, text }];
      }
      case 'toolCall':
      case 'toolCallUpdate': {
        const u = e.type === 'toolCall' ? e.toolCall : e.update;
        let t = this.tools.get(u.toolCallId);
        if (!t) {
          const slot = this.slot();
          t = { state: mergeToolCall(undefined, u), ...slot };
          this.tools.set(u.toolCallId, t);
        } else {
          t.state = mergeToolCall(t.state, u);
        }
        return this.toolEvents(t, u);
      }
      case 'plan': {
        if (!this.plan) this.plan = { toolUseId: `acp-plan-${this.turnId}`, ...this.slot() };
        const todos = e.entries.map((x) => ({ content: x.content, status: x.status, activeForm: x.content }));
        return [
          { type: 'tool', messageId: this.plan.messageId, index: this.plan.index, toolUseId: this.plan.toolUseId, name: 'TodoWrite', input: { todos } },
          { type: 'toolState', toolUseId: this.plan.toolUseId, state: 'done' },
        ];
      }
      case 'permissionAsked':
      case 'permissionAnswered':
        return this.tools.has(e.toolCallId) ? [permissionCardState(e)] : [];
      case 'userMessageChunk':
      case 'modeChanged':
      case 'configOptions':
      case 'commands':
      case 'usage':
      case 'error':
      case 'other':
        return [];
      default: {
        const never: never = e;
        void never;
        return [];
      }
    }
  }

  private toolEvents(t: { state: ToolCallState; messageId: string; index: number }, u: { status?: string | null; content?: unknown; rawInput?: unknown; rawOutput?: unknown; title?: string | null; kind?: string | null }): ChatEvent[] {
    const out: ChatEvent[] = [];
    const id = t.state.toolCallId;
    if (u.title != null || u.kind != null || u.rawInput !== undefined || hasDiff(u.content)) {
      const { name, input } = describeToolCall(t.state);
      out.push({ type: 'tool', messageId: t.messageId, index: t.index, toolUseId: id, name, input });
    }
    const status = t.state.status;
    const finished = status === 'completed' || status === 'failed';
    // Text content is the tool's output; once finished, every new piece replaces the result.
    if (finished && (u.status != null || u.content != null || u.rawOutput !== undefined)) {
      const structured = claudeToolResponse(t.state);
      out.push({ type: 'toolResult', toolUseId: id, isError: status === 'failed', text: toolResultText(t.state), structured });
    }
    if (u.status != null && status) out.push({ type: 'toolState', toolUseId: id, state: STATE[status] });
    return out;
  }

  /** The next text or thinking block: same message while the agent keeps talking. */
  private block(kind: 'text' | 'thinking', acpId: string | undefined): { id: string; index: number } {
    const m = this.message;
    if (!m || (acpId !== undefined && m.acpId !== undefined && acpId !== m.acpId)) {
      this.message = { id: acpId ?? this.newMessageId(), acpId, index: 0, kind };
      return this.message;
    }
    if (m.kind !== kind) {
      m.index++;
      m.kind = kind;
    }
    return m;
  }

  /** A tool or plan card takes the next block; whatever the agent says after it is a new message. */
  private slot(): { messageId: string; index: number } {
    const m = this.message;
    const slot = m ? { messageId: m.id, index: m.kind === undefined ? m.index : m.index + 1 } : { messageId: this.newMessageId(), index: 0 };
    this.message = undefined;
    return slot;
  }

  private newMessageId(): string {
    return `acp-${this.turnId}-m${++this.messageSeq}`;
  }
}

function notice(text: string): ChatEvent {
  return { type: 'notice', level: 'info', text };
}

function hasDiff(content: unknown): boolean {
  return Array.isArray(content) && content.some((c) => isRecord(c) && c.type === 'diff');
}

/** claude-agent-acp attaches the CLI's own tool result (with `structuredPatch` for edits) under `_meta.claudeCode.toolResponse`. */
function claudeToolResponse(t: ToolCallState): unknown {
  const cc = t._meta?.claudeCode;
  return isRecord(cc) && isRecord(cc.toolResponse) ? cc.toolResponse : undefined;
}
