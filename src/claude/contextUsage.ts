import type { AnthropicEvent } from './protocol';
import type { ContextBreakdown } from '../core/contextBreakdown';

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

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
const text = (v: unknown, max = 500): string | undefined => (typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined);

/**
 * The breakdown from a `get_context_usage` answer (docs/protocol.md, "Usage limits and the status
 * line"). 2.1.332 marks each category's `kind` (used, buffer, free); 2.1.197 does not, so the two
 * it always names are recognised by name. Entries that are not what they should be are skipped.
 */
export function parseContextBreakdown(answer: unknown): ContextBreakdown | undefined {
  const a = answer as { categories?: unknown; totalTokens?: unknown; maxTokens?: unknown; memoryFiles?: unknown; mcpTools?: unknown } | undefined;
  const maxTokens = count(a?.maxTokens);
  if (!a || !maxTokens || !Array.isArray(a.categories)) return undefined;
  const categories: ContextBreakdown['categories'] = [];
  for (const c of a.categories.slice(0, 100) as { name?: unknown; tokens?: unknown; kind?: unknown }[]) {
    const name = text(c?.name, 200);
    const tokens = count(c?.tokens);
    if (!name || tokens === undefined) continue;
    const kind = c.kind === 'free' || c.kind === 'buffer' || c.kind === 'used' ? c.kind : name === 'Free space' ? 'free' : name === 'Autocompact buffer' ? 'buffer' : 'used';
    categories.push({ name, tokens, kind });
  }
  const list = <T>(v: unknown, f: (x: Record<string, unknown>) => T | undefined): T[] =>
    Array.isArray(v) ? (v.slice(0, 500) as Record<string, unknown>[]).map((x) => (x && typeof x === 'object' ? f(x) : undefined)).filter((x): x is T => x !== undefined) : [];
  const memoryFiles = list(a.memoryFiles, (m) => {
    const path = text(m.path, 4096);
    const tokens = count(m.tokens);
    return path && tokens !== undefined ? { path, tokens } : undefined;
  });
  const mcpTools = list(a.mcpTools, (m) => {
    const name = text(m.name, 300);
    const tokens = count(m.tokens);
    const server = text(m.serverName, 200);
    return name && tokens !== undefined ? { name, tokens, ...(server ? { server } : {}) } : undefined;
  });
  const used = categories.filter((c) => c.kind === 'used').reduce((n, c) => n + c.tokens, 0);
  return { totalTokens: count(a.totalTokens) ?? used, maxTokens, categories, memoryFiles, mcpTools };
}
