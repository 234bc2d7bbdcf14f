import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatEvent } from '../../src/shared/contract';

/**
 * Test-side converter from raw CLI stream-json stdout lines to ChatEvents, so webview tests
 * run on what the real CLI prints. It mirrors what the host does (src/claude/streamMapper.ts):
 * deltas and the per-block `assistant` line share messageId + index; tool_result blocks carry
 * the line's `tool_use_result` as `structured`. Prompts are not in stdout, so each turn (at
 * `system/init`) gets a `user` event from `prompts` or a placeholder.
 */
export function fromCliLines(lines: string[], prompts: string[] = []): ChatEvent[] {
  const out: ChatEvent[] = [];
  let turn = 0;
  let messageId = '';
  let openIndex: number | undefined;
  const counts = new Map<string, number>();
  const emit = (e: ChatEvent): void => {
    const parsed = ChatEvent.safeParse(e);
    if (!parsed.success) throw new Error(`converter produced an invalid event: ${JSON.stringify(e).slice(0, 200)}`);
    out.push(parsed.data);
  };

  for (const raw of lines) {
    if (!raw.trim()) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a recorded CLI line read field by field; every event built from it is checked against the contract's schema
    const line = JSON.parse(raw) as Record<string, any>;
    // A subagent's lines name the Task call they belong to.
    const parent = typeof line.parent_tool_use_id === 'string' ? { parentToolUseId: line.parent_tool_use_id as string } : {};
    switch (line.type) {
      case 'system':
        if (line.subtype === 'init') {
          turn++;
          emit({ type: 'user', turnId: `turn-${turn}`, text: prompts[turn - 1] ?? `Prompt ${turn}` });
        }
        break;
      case 'stream_event': {
        const ev = line.event;
        if (ev.type === 'message_start') messageId = ev.message.id;
        else if (ev.type === 'content_block_start') openIndex = ev.index;
        else if (ev.type === 'content_block_stop') openIndex = undefined;
        else if (ev.type === 'content_block_delta') {
          if (ev.delta.type === 'text_delta') emit({ type: 'text', messageId, index: ev.index, text: ev.delta.text, ...parent });
          else if (ev.delta.type === 'thinking_delta') emit({ type: 'thinking', messageId, index: ev.index, text: ev.delta.thinking, ...parent });
        }
        break;
      }
      case 'assistant': {
        const id: string = line.message.id;
        for (const block of line.message.content) {
          let index: number;
          if (id === messageId && openIndex !== undefined) index = openIndex;
          else {
            index = counts.get(id) ?? 0;
            counts.set(id, index + 1);
          }
          if (block.type === 'text') emit({ type: 'block', messageId: id, index, kind: 'text', text: block.text, ...parent });
          else if (block.type === 'thinking') emit({ type: 'block', messageId: id, index, kind: 'thinking', text: block.thinking, ...parent });
          else if (block.type === 'tool_use') emit({ type: 'tool', messageId: id, index, toolUseId: block.id, name: block.name, input: block.input, ...parent });
        }
        break;
      }
      case 'user': {
        const content = line.message.content;
        if (typeof content === 'string') break;
        for (const block of content) {
          if (block.type === 'tool_result') {
            const text = typeof block.content === 'string' ? block.content : Array.isArray(block.content) ? block.content.map((c: { text?: string }) => c.text ?? '').join('\n') : '';
            emit({ type: 'toolResult', toolUseId: block.tool_use_id, isError: block.is_error === true, text, structured: line.tool_use_result });
          } else if (block.type === 'text' && /^\[Request interrupted/.test(block.text)) {
            emit({ type: 'notice', level: 'info', text: block.text });
          }
        }
        break;
      }
      case 'result': {
        const u = line.usage ?? {};
        const outcome = line.subtype === 'success' ? 'success' : /interrupt/.test(String(line.terminal_reason ?? '')) || line.subtype === 'error_during_execution' ? 'interrupted' : 'error';
        emit({
          type: 'turnEnd',
          turnId: `turn-${turn}`,
          outcome,
          durationMs: line.duration_ms,
          costUsd: line.total_cost_usd,
          usage: { inputTokens: u.input_tokens, outputTokens: u.output_tokens, cacheReadTokens: u.cache_read_input_tokens, cacheCreationTokens: u.cache_creation_input_tokens },
        });
        break;
      }
      default:
        break; // control_*, rate limits and friends are not transcript events
    }
  }
  return out;
}

export const FIXTURES = join(__dirname, '../fixtures/cli');

export function fixtureEvents(name: string, prompts?: string[]): ChatEvent[] {
  return fromCliLines(readFileSync(join(FIXTURES, name), 'utf8').split('\n'), prompts);
}
