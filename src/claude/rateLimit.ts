import type { RateLimitLine } from './protocol';
import type * as z from 'zod';

/** An account usage limit that is near or reached, as the panel shows it. */
export interface UsageLimit {
  level: 'near' | 'reached';
  /** Epoch ms when the window resets, when the CLI says. */
  resetsAt?: number;
  /** The CLI's window name: five_hour, seven_day, seven_day_opus, seven_day_sonnet, overage. */
  window?: string;
  /** 0–1, when the CLI reports it (a warning carries it, a refusal does not). */
  utilization?: number;
}

/**
 * What a `rate_limit_event` means for the panel (docs/protocol.md, "Usage limits and the status
 * line"): `allowed_warning` is near, `rejected` is reached, `allowed` (or a status this extension
 * does not know) clears it. The CLI prints the event only when the state changes.
 */
export function usageLimit(info: z.infer<typeof RateLimitLine>['rate_limit_info']): UsageLimit | undefined {
  const level = info.status === 'allowed_warning' ? 'near' : info.status === 'rejected' ? 'reached' : undefined;
  if (!level) return undefined;
  const out: UsageLimit = { level };
  // Seconds from the CLI; a value that is not a plausible time is left out rather than shown wrong.
  if (typeof info.resetsAt === 'number' && Number.isFinite(info.resetsAt) && info.resetsAt > 0) out.resetsAt = Math.round(info.resetsAt * 1000);
  if (typeof info.rateLimitType === 'string' && /^[a-z0-9_]{1,40}$/.test(info.rateLimitType)) out.window = info.rateLimitType;
  if (typeof info.utilization === 'number' && Number.isFinite(info.utilization)) out.utilization = Math.min(1, Math.max(0, info.utilization));
  return out;
}
