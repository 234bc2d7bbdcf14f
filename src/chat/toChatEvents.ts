import type { SessionEvent } from '../claude/events';
import type { ChatEvent, ErrorInfo } from '../shared/contract';
import type { ClaudeError } from '../claude/errors';

export function errorInfo(error: ClaudeError): ErrorInfo {
  return { code: error.code, message: error.message, actions: error.actions };
}

/**
 * Maps one core session event onto the panel's transcript events. Events that only change
 * the header (state, model) or the error banner are handled by the controller, not here.
 */
export function toChatEvents(e: SessionEvent, lastCost: { value: number }): ChatEvent[] {
  switch (e.type) {
    case 'textDelta':
      return [{ type: 'text', messageId: e.messageId, index: e.index, text: e.text }];
    case 'thinkingDelta':
      return [{ type: 'thinking', messageId: e.messageId, index: e.index, text: e.text }];
    case 'assistantBlock': {
      const b = e.block as { type: string; text?: string; thinking?: string };
      if (b.type === 'text') return [{ type: 'block', messageId: e.messageId, index: e.index, kind: 'text', text: b.text ?? '' }];
      if (b.type === 'thinking') return [{ type: 'block', messageId: e.messageId, index: e.index, kind: 'thinking', text: b.thinking ?? '' }];
      return [];
    }
    case 'toolUseStart':
      return [
        { type: 'tool', messageId: e.messageId, index: e.index, toolUseId: e.toolUseId, name: e.name },
        { type: 'toolState', toolUseId: e.toolUseId, state: 'pending' },
      ];
    case 'toolUseComplete':
      return [{ type: 'tool', messageId: e.messageId, index: e.index, toolUseId: e.toolUseId, name: e.name, input: e.input }];
    case 'toolResult':
      return [
        { type: 'toolResult', toolUseId: e.toolUseId, isError: e.isError, text: e.text, structured: e.structured },
        { type: 'toolState', toolUseId: e.toolUseId, state: e.isError ? 'error' : 'done' },
      ];
    case 'turnResult': {
      const r = e.result;
      // The CLI reports cost cumulatively per process; the turn's share is the difference.
      let costUsd: number | undefined;
      if (r.totalCostUsd !== undefined) {
        costUsd = Math.max(0, r.totalCostUsd - lastCost.value);
        lastCost.value = r.totalCostUsd;
      }
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
    case 'queueDropped':
      return e.turns.map((t) => ({ type: 'notice', level: 'warning', text: `Not sent because the turn was stopped: "${t.prompt.slice(0, 200)}"` }));
    case 'apiRetry':
      return [{ type: 'notice', level: 'info', text: `The API is busy${e.errorStatus ? ` (${e.errorStatus})` : ''}; retrying (attempt ${e.attempt}${e.maxRetries ? ` of ${e.maxRetries}` : ''}).` }];
    case 'compacted': {
      const sizes = e.preTokens !== undefined && e.postTokens !== undefined ? ` (${e.preTokens.toLocaleString('en-US')} → ${e.postTokens.toLocaleString('en-US')} tokens)` : '';
      const how = e.trigger === 'manual' ? 'Conversation compacted' : 'Context was full: conversation compacted automatically';
      return [{ type: 'notice', level: 'info', text: `${how}${sizes}. Claude continues from a summary.`, marker: 'compact' }];
    }
    case 'commands':
    case 'context':
    case 'state':
    case 'sessionBound':
    case 'turnStarted':
    case 'queued':
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
