import type { AnthropicEvent } from './protocol';

/** The window limits as `get_context_usage` reports them. */
export interface ContextLimits {
  maxTokens: number;
  autoCompactAt?: number;
}

export interface ContextUsage extends ContextLimits {
  usedTokens: number;
}

/**
 * How full the context is, from the main thread's API usage (subagents have their own window):
 * the input of the latest request (plain + cache read + cache write) plus the tokens it answered
 * with, which the next request carries. The limits come from one `get_context_usage` per process
 * (it makes ~13 count_tokens API calls, so not once per turn). docs/protocol.md, "Slash commands,
 * images and context usage".
 */
export class ContextTracker {
  private input = 0;
  private output = 0;
  private seen = false;
  limits: ContextLimits | undefined;

  reset(): void {
    this.input = 0;
    this.output = 0;
    this.seen = false;
  }

  streamEvent(event: AnthropicEvent, parent: string | undefined): void {
    if (parent) return;
    const e = event as { type: string; message?: { usage?: Usage }; usage?: Usage };
    if (e.type === 'message_start' && e.message?.usage) {
      const u = e.message.usage;
      this.input = (u.input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
      this.output = u.output_tokens ?? 0;
      this.seen = true;
    } else if (e.type === 'message_delta' && e.usage?.output_tokens !== undefined) {
      this.output = e.usage.output_tokens;
    }
  }

  /** After a compaction the CLI reports the new size itself. */
  compacted(postTokens: number): void {
    this.input = postTokens;
    this.output = 0;
    this.seen = true;
  }

  /** Parses a `get_context_usage` answer; ignores one that lacks the window size. */
  setLimits(answer: unknown): void {
    const a = answer as { maxTokens?: unknown; autoCompactThreshold?: unknown; isAutoCompactEnabled?: unknown } | undefined;
    if (typeof a?.maxTokens !== 'number' || a.maxTokens <= 0) return;
    const auto = a.isAutoCompactEnabled !== false && typeof a.autoCompactThreshold === 'number' ? a.autoCompactThreshold : undefined;
    this.limits = { maxTokens: Math.round(a.maxTokens), autoCompactAt: auto === undefined ? undefined : Math.round(auto) };
  }

  get usage(): ContextUsage | undefined {
    if (!this.seen || !this.limits) return undefined;
    return { ...this.limits, usedTokens: this.input + this.output };
  }
}

interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}
