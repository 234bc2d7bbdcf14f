import type { SessionEvent } from './events';
import type { AnthropicEvent, CliMessage } from './protocol';
import { toolResultText } from './protocol';

type Emit = (event: SessionEvent) => void;

/** A streamed message not yet stopped, and the text/thinking blocks it has shown so far. */
interface OpenMessage {
  id: string;
  blocks: Map<number, 'text' | 'thinking'>;
}

/**
 * Turns stream_event, assistant and user lines into session events. The same block
 * arrives twice, as deltas and as an `assistant` line (docs/protocol.md, "Launch, stream-json
 * and turns"); both carry the message id and block index so consumers can merge instead of
 * showing it twice.
 */
export class StreamMapper {
  private messageId = '';
  private openIndex: number | undefined;
  private blockCount = new Map<string, number>();
  private toolIds = new Map<string, string>();
  /** Per parent tool use ('' for the main thread): the message being streamed. */
  private open = new Map<string, OpenMessage>();

  constructor(private readonly emit: Emit) {}

  reset(): void {
    this.messageId = '';
    this.openIndex = undefined;
    this.blockCount.clear();
    this.toolIds.clear();
    this.open.clear();
  }

  /** At a turn's result: a message cut off by an interrupt is over, not waiting for a retry. */
  endTurn(): void {
    this.open.clear();
  }

  /**
   * A new message on the same thread while the previous one never stopped means the CLI gave
   * up on that attempt (dropped connection) and asked again: a new message_start after
   * `api_retry`, or a non-streamed `assistant` fallback. The attempt's partial text must not
   * stay glued to the answer, so listeners are told to blank it. Nothing to blank, nothing is
   * said: 2.1.332 also closes a message cut by an interrupt with an `abandoned_blocks`
   * `message_stop`, from the block after the last one it streamed (docs/protocol.md), and that
   * is the user's Stop, not a dropped connection.
   */
  private supersede(thread: string, messageId: string, fromIndex = 0): void {
    const prev = this.open.get(thread);
    if (!prev || prev.id === messageId) return;
    this.open.delete(thread);
    const blocks = [...prev.blocks].filter(([index]) => index >= fromIndex).map(([index, kind]) => ({ index, kind }));
    if (blocks.length === 0) return;
    this.emit({ type: 'messageRetried', messageId: prev.id, blocks });
  }

  /**
   * `abandoned`: 2.1.332 closes an attempt it gives up on with a `message_stop` of its own that
   * names the blocks it abandons (2.1.197 just starts the next attempt). Either way, those
   * blocks' partial text is blanked.
   */
  streamEvent(event: AnthropicEvent, parent: string | undefined, abandoned?: { api_message_id: string; from_block_index: number }): void {
    const e = event as { type: string } & Record<string, unknown>;
    switch (e.type) {
      case 'message_start': {
        const msg = e.message as { id: string; model?: string };
        this.supersede(parent ?? '', msg.id);
        this.open.set(parent ?? '', { id: msg.id, blocks: new Map() });
        this.messageId = msg.id;
        this.emit({ type: 'messageStart', messageId: msg.id, model: msg.model, parentToolUseId: parent });
        return;
      }
      case 'content_block_start': {
        const index = e.index as number;
        this.openIndex = index;
        const block = e.content_block as { type: string; id?: string; name?: string };
        if (block.type === 'tool_use' && block.id && block.name) {
          this.toolIds.set(`${this.messageId}:${index}`, block.id);
          this.emit({ type: 'toolUseStart', messageId: this.messageId, index, toolUseId: block.id, name: block.name, parentToolUseId: parent });
        }
        return;
      }
      case 'content_block_delta': {
        const index = e.index as number;
        const delta = e.delta as { type: string; text?: string; thinking?: string; partial_json?: string };
        const streaming = this.open.get(parent ?? '');
        if (streaming?.id === this.messageId && (delta.type === 'text_delta' || delta.type === 'thinking_delta')) {
          const kind = delta.type === 'text_delta' ? 'text' : 'thinking';
          // Once per block, not once per token.
          if (streaming.blocks.get(index) !== kind) streaming.blocks.set(index, kind);
        }
        if (delta.type === 'text_delta' && delta.text) {
          this.emit({ type: 'textDelta', messageId: this.messageId, index, text: delta.text, parentToolUseId: parent });
        } else if (delta.type === 'thinking_delta' && delta.thinking) {
          this.emit({ type: 'thinkingDelta', messageId: this.messageId, index, text: delta.thinking, parentToolUseId: parent });
        } else if (delta.type === 'input_json_delta' && delta.partial_json) {
          const toolUseId = this.toolIds.get(`${this.messageId}:${index}`) ?? '';
          this.emit({ type: 'toolUseInput', messageId: this.messageId, index, toolUseId, partialJson: delta.partial_json });
        }
        return;
      }
      case 'content_block_stop':
        this.openIndex = undefined;
        return;
      case 'message_delta': {
        const delta = e.delta as { stop_reason?: string } | undefined;
        if (delta?.stop_reason) this.emit({ type: 'messageComplete', messageId: this.messageId, stopReason: delta.stop_reason });
        return;
      }
      case 'message_stop':
        if (abandoned && this.open.get(parent ?? '')?.id === abandoned.api_message_id) {
          this.supersede(parent ?? '', '', abandoned.from_block_index);
          return;
        }
        this.open.delete(parent ?? '');
        return;
      default:
        return;
    }
  }

  assistant(line: Extract<CliMessage, { kind: 'assistant' }>['line']): void {
    const messageId = line.message.id;
    const parent = line.parent_tool_use_id ?? undefined;
    this.supersede(parent ?? '', messageId);
    // An API error that ends the turn comes as a synthetic answer "API Error: …" and again as the
    // result's error, which the turn's footer and the error banner show: once is enough.
    // A usage limit's refusal ("You've hit your 5-hour limit · resets …") likewise: the limit
    // banner and the turn's footer say it.
    if (isApiErrorAnswer(line.message) || (line.message.model === '<synthetic>' && line.error === 'rate_limit')) return;
    for (const block of line.message.content) {
      // With partial messages the open block's index is known; without, count blocks.
      const index = messageId === this.messageId && this.openIndex !== undefined ? this.openIndex : this.nextIndex(messageId);
      this.emit({ type: 'assistantBlock', messageId, index, block, parentToolUseId: parent });
      if (block.type === 'tool_use') {
        const b = block as { id: string; name: string; input: unknown };
        this.emit({ type: 'toolUseComplete', messageId, index, toolUseId: b.id, name: b.name, input: b.input, parentToolUseId: parent });
      }
    }
  }

  user(line: Extract<CliMessage, { kind: 'user' }>['line']): void {
    const content = line.message.content;
    if (typeof content === 'string') return;
    for (const block of content) {
      if (block.type !== 'tool_result') continue;
      const b = block as { tool_use_id: string; content?: unknown; is_error?: boolean };
      this.emit({
        type: 'toolResult',
        toolUseId: b.tool_use_id,
        isError: b.is_error === true,
        text: toolResultText(b.content),
        structured: line.tool_use_result,
      });
    }
  }

  private nextIndex(messageId: string): number {
    const n = this.blockCount.get(messageId) ?? 0;
    this.blockCount.set(messageId, n + 1);
    return n;
  }
}

/** The CLI's stand-in answer for a failed API call (docs/protocol.md, "Turn errors shown once"). */
function isApiErrorAnswer(message: { model?: unknown; content: readonly { type: string; text?: unknown }[] }): boolean {
  return message.model === '<synthetic>' && message.content.length > 0 && message.content.every((b) => b.type === 'text' && typeof b.text === 'string' && b.text.startsWith('API Error'));
}
