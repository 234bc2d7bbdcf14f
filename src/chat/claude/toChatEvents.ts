import type { SessionEvent } from '../../claude/events';
import type { ChatEvent } from '../../shared/contract';
import { errorInfo } from '../../core/errors';

/** Subagent output names the Task/Agent call it belongs to; main-thread output has no field at all. */
function parent(id: string | undefined): { parentToolUseId?: string } {
  return id ? { parentToolUseId: id } : {};
}

/** One per token: built without `parent()`'s spread (a measurable share of the host's per-delta cost). */
function delta(type: 'text' | 'thinking', e: { messageId: string; index: number; text: string; parentToolUseId?: string }): ChatEvent {
  const { messageId, index, text, parentToolUseId } = e;
  return parentToolUseId ? { type, messageId, index, text, parentToolUseId } : { type, messageId, index, text };
}

/**
 * Maps one core session event onto the panel's transcript events. Events that only change
 * the header (state, model) or the error banner are handled by the controller, not here.
 * `processCostUsd` is what the process had reported before this event. Pure.
 */
export function toChatEvents(e: SessionEvent, processCostUsd: number): ChatEvent[] {
  switch (e.type) {
    case 'textDelta':
      return [delta('text', e)];
    case 'thinkingDelta':
      return [delta('thinking', e)];
    case 'assistantBlock': {
      const b = e.block as { type: string; text?: string; thinking?: string };
      if (b.type === 'text') return [{ type: 'block', messageId: e.messageId, index: e.index, kind: 'text', text: b.text ?? '', ...parent(e.parentToolUseId) }];
      if (b.type === 'thinking') return [{ type: 'block', messageId: e.messageId, index: e.index, kind: 'thinking', text: b.thinking ?? '', ...parent(e.parentToolUseId) }];
      return [];
    }
    case 'toolUseStart':
      return [
        { type: 'tool', messageId: e.messageId, index: e.index, toolUseId: e.toolUseId, name: e.name, ...parent(e.parentToolUseId) },
        { type: 'toolState', toolUseId: e.toolUseId, state: 'pending' },
      ];
    case 'toolUseComplete':
      return [{ type: 'tool', messageId: e.messageId, index: e.index, toolUseId: e.toolUseId, name: e.name, input: e.input, ...parent(e.parentToolUseId) }];
    case 'toolResult':
      return [
        { type: 'toolResult', toolUseId: e.toolUseId, isError: e.isError, text: e.text, structured: e.structured },
        { type: 'toolState', toolUseId: e.toolUseId, state: e.isError ? 'error' : 'done' },
      ];
    case 'turnResult': {
      const r = e.result;
      // The CLI reports cost cumulatively per process; the turn's share is the difference.
      const costUsd = r.totalCostUsd === undefined ? undefined : Math.max(0, r.totalCostUsd - processCostUsd);
      return [
        {
          type: 'turnEnd',
          turnId: r.turnId,
          outcome: r.outcome,
          durationMs: r.durationMs,
          costUsd,
          usage: r.usage
            ? {
                inputTokens: r.usage.input_tokens,
                outputTokens: r.usage.output_tokens,
                cacheReadTokens: r.usage.cache_read_input_tokens ?? undefined,
                cacheCreationTokens: r.usage.cache_creation_input_tokens ?? undefined,
              }
            : undefined,
          error: r.error ? errorInfo(r.error) : undefined,
        },
      ];
    }
    case 'messageRetried':
      // Blank what the failed attempt showed; the retried answer follows as its own message.
      return [
        ...e.blocks.map((b): ChatEvent => ({ type: 'block', messageId: e.messageId, index: b.index, kind: b.kind, text: '' })),
        { type: 'notice', level: 'info', text: 'The connection to the API dropped mid-answer; Claude asked again.' },
      ];
    case 'stall':
      if (!e.stalled) return [{ type: 'notice', level: 'info', text: 'Claude is answering again.' }];
      return [{ type: 'notice', level: 'warning', text: `No response from Claude for ${Math.round(e.silentMs / 1000)} s (no tool is running): the API stream may have stalled. Stop the turn, or Retry to stop and send your message again.` }];
    case 'queueDropped':
      return e.turns.map((t) => ({ type: 'notice', level: 'warning', text: `Not sent because the turn was stopped: "${t.prompt.slice(0, 200)}"` }));
    case 'apiRetry': {
      // One line per turn, updated in place (marker 'retry'): ten retries are not ten lines.
      const next = e.delayMs !== undefined ? `, next in ${Math.max(1, Math.round(e.delayMs / 1000))} s` : '';
      const attempt = `attempt ${e.attempt}${e.maxRetries ? ` of ${e.maxRetries}` : ''}${next}`;
      // The CLI retries a 401/403 like any other error (docs/protocol.md, "The user's setup: MCP
      // servers, settings sources, trust"): not "busy".
      if (e.errorStatus === 401 || e.errorStatus === 403) {
        return [{ type: 'notice', level: 'warning', text: `Authentication failed (${e.errorStatus}); Claude Code is retrying (${attempt}). Check your API key or login.`, marker: 'retry' }];
      }
      // A 5xx other than 529 (overloaded) is a server error, not "busy".
      const status = e.errorStatus ?? undefined;
      if (status !== undefined && status >= 500 && status !== 529) {
        return [{ type: 'notice', level: 'info', text: `The API had a server error (${status}); retrying (${attempt}).`, marker: 'retry' }];
      }
      return [{ type: 'notice', level: 'info', text: `The API is busy${status ? ` (${status})` : ''}; retrying (${attempt}).`, marker: 'retry' }];
    }
    case 'compacted': {
      const sizes = e.preTokens !== undefined && e.postTokens !== undefined ? ` (${e.preTokens.toLocaleString('en-US')} → ${e.postTokens.toLocaleString('en-US')} tokens)` : '';
      const how = e.trigger === 'manual' ? 'Conversation compacted' : 'Context was full: conversation compacted automatically';
      return [{ type: 'notice', level: 'info', text: `${how}${sizes}. Claude continues from a summary.`, marker: 'compact' }];
    }
    case 'turnStarted':
      // The CLI's own turn after background work ended: say why Claude speaks unasked.
      return e.byCli ? [{ type: 'notice', level: 'info', text: `${e.byCli.map((r) => r.replace(/[.\s]+$/, '')).join('. ')}. Claude continues on its own.` }] : [];
    case 'commands':
    case 'context':
    case 'backgroundTasks':
    case 'usageLimit':
    case 'state':
    case 'sessionBound':
    case 'queued':
    case 'promptEchoed':
    case 'messageStart':
    case 'toolUseInput':
    case 'messageComplete':
    case 'status':
    case 'stderr':
    case 'exit':
    case 'error':
    case 'unknown':
      return [];
    default: {
      const never: never = e;
      void never;
      return [];
    }
  }
}
