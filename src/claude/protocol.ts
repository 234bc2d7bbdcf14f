import * as z from 'zod';

/**
 * Schemas for the CLI's stream-json lines (docs/protocol.md, "Launch, stream-json and turns"). Objects are loose:
 * the CLI adds fields between releases and we must pass them through, not fail.
 * Unions end in a catch-all for types we don't know yet, but that catch-all refuses the
 * known type names: a known type with missing or wrong fields is malformed, never "other"
 * (else a `content_block_delta` without `delta` gets through and throws later).
 */

/** A `{type}` object whose type is none of `known`. */
function otherThan(known: readonly string[]) {
  const names = new Set(known);
  return z.looseObject({ type: z.string().refine((t) => !names.has(t), { message: 'known type with invalid fields' }) });
}

export const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
export const ThinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string() });
export const ToolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
export const ToolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
});
export const OtherBlock = otherThan(['text', 'thinking', 'tool_use', 'tool_result']);
export const ContentBlock = z.union([TextBlock, ThinkingBlock, ToolUseBlock, ToolResultBlock, OtherBlock]);
export type ContentBlock = z.infer<typeof ContentBlock>;

export const Usage = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type Usage = z.infer<typeof Usage>;

export const McpServerStatus = z.looseObject({ name: z.string(), status: z.string() });

export const SystemInit = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('init'),
  session_id: z.string(),
  model: z.string().optional(),
  cwd: z.string().optional(),
  tools: z.array(z.string()).default([]),
  mcp_servers: z.array(McpServerStatus).default([]),
  permissionMode: z.string().optional(),
  claude_code_version: z.string().optional(),
});

export const SystemStatus = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('status'),
  status: z.string().nullish(),
  permissionMode: z.string().optional(),
});

export const SystemApiRetry = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('api_retry'),
  attempt: z.number(),
  max_retries: z.number().optional(),
  retry_delay_ms: z.number().optional(),
  error_status: z.number().nullish(),
  error: z.string().optional(),
});

export const SystemOther = z.looseObject({ type: z.literal('system'), subtype: z.string() });

/**
 * The account's usage limits changed (docs/protocol.md, "Usage limits and the status line"):
 * only for a claude.ai subscription (or a gateway), never with an API key.
 */
export const RateLimitLine = z.looseObject({
  type: z.literal('rate_limit_event'),
  rate_limit_info: z.looseObject({
    status: z.string(),
    /** Epoch seconds. */
    resetsAt: z.number().nullish(),
    rateLimitType: z.string().nullish(),
    utilization: z.number().nullish(),
  }),
});

const StreamDelta = z.union([
  z.looseObject({ type: z.literal('text_delta'), text: z.string() }),
  z.looseObject({ type: z.literal('thinking_delta'), thinking: z.string() }),
  z.looseObject({ type: z.literal('input_json_delta'), partial_json: z.string() }),
  z.looseObject({ type: z.literal('signature_delta'), signature: z.string() }),
  otherThan(['text_delta', 'thinking_delta', 'input_json_delta', 'signature_delta']),
]);

// Deltas are nearly every line, so they are tried first: each failed option costs an error object.
export const AnthropicEvent = z.union([
  z.looseObject({ type: z.literal('content_block_delta'), index: z.number(), delta: StreamDelta }),
  z.looseObject({
    type: z.literal('message_start'),
    message: z.looseObject({ id: z.string(), model: z.string().optional(), usage: Usage.optional() }),
  }),
  z.looseObject({ type: z.literal('content_block_start'), index: z.number(), content_block: ContentBlock }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.number() }),
  z.looseObject({ type: z.literal('message_delta'), delta: z.looseObject({}).optional(), usage: Usage.optional() }),
  z.looseObject({ type: z.literal('message_stop') }),
  otherThan(['content_block_delta', 'message_start', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop']),
]);
export type AnthropicEvent = z.infer<typeof AnthropicEvent>;

export const StreamEventLine = z.looseObject({
  type: z.literal('stream_event'),
  event: AnthropicEvent,
  parent_tool_use_id: z.string().nullish(),
  /**
   * 2.1.332: on the `message_stop` the CLI writes for an attempt it gave up on (dropped
   * connection, then `api_retry`): the blocks from this index on will not be completed.
   */
  abandoned_blocks: z.looseObject({ api_message_id: z.string(), from_block_index: z.number() }).nullish(),
});

export const AssistantLine = z.looseObject({
  type: z.literal('assistant'),
  message: z.looseObject({
    id: z.string(),
    model: z.string().optional(),
    content: z.array(ContentBlock),
    usage: Usage.optional(),
  }),
  parent_tool_use_id: z.string().nullish(),
  error: z.string().optional(),
});

export const UserLine = z.looseObject({
  type: z.literal('user'),
  message: z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(ContentBlock)]) }),
  parent_tool_use_id: z.string().nullish(),
  tool_use_result: z.unknown().optional(),
  isReplay: z.boolean().optional(),
});

export const ResultLine = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  result: z.string().optional(),
  duration_ms: z.number().optional(),
  duration_api_ms: z.number().optional(),
  num_turns: z.number().optional(),
  total_cost_usd: z.number().optional(),
  usage: Usage.optional(),
  api_error_status: z.number().nullish(),
  errors: z.array(z.string()).optional(),
  terminal_reason: z.string().optional(),
  session_id: z.string().optional(),
  permission_denials: z.array(z.unknown()).optional(),
});

export const ControlRequestLine = z.looseObject({
  type: z.literal('control_request'),
  request_id: z.string(),
  request: z.looseObject({ subtype: z.string() }),
});

export const ControlResponseLine = z.looseObject({
  type: z.literal('control_response'),
  response: z.union([
    z.looseObject({ subtype: z.literal('success'), request_id: z.string(), response: z.unknown().optional() }),
    z.looseObject({ subtype: z.literal('error'), request_id: z.string(), error: z.string() }),
  ]),
});

export const ControlCancelRequestLine = z.looseObject({
  type: z.literal('control_cancel_request'),
  request_id: z.string(),
});

export type CliMessage =
  | { kind: 'systemInit'; line: z.infer<typeof SystemInit> }
  | { kind: 'systemStatus'; line: z.infer<typeof SystemStatus> }
  | { kind: 'apiRetry'; line: z.infer<typeof SystemApiRetry> }
  | { kind: 'system'; line: z.infer<typeof SystemOther> }
  | { kind: 'streamEvent'; line: z.infer<typeof StreamEventLine> }
  | { kind: 'assistant'; line: z.infer<typeof AssistantLine> }
  | { kind: 'user'; line: z.infer<typeof UserLine> }
  | { kind: 'result'; line: z.infer<typeof ResultLine> }
  | { kind: 'rateLimit'; line: z.infer<typeof RateLimitLine> }
  | { kind: 'controlRequest'; line: z.infer<typeof ControlRequestLine> }
  | { kind: 'controlResponse'; line: z.infer<typeof ControlResponseLine> }
  | { kind: 'controlCancel'; line: z.infer<typeof ControlCancelRequestLine> }
  | { kind: 'keepAlive' }
  | { kind: 'unknown'; type: string; value: unknown; reason: string }
  | { kind: 'malformed'; preview: string; reason: string };

const FAST_DELTA_FIELD: Record<string, string> = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'partial_json' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The fast path: nearly every line is a text, thinking or input-JSON delta, and
 * for those an exact hand check replaces the schema. It accepts only what `StreamEventLine`
 * accepts (a unit test holds it to that on the fuzz corpus); anything else takes the schema.
 */
export function isPlainDelta(value: Record<string, unknown>): value is z.infer<typeof StreamEventLine> {
  const e = value.event;
  if (!isObject(e) || e.type !== 'content_block_delta' || typeof e.index !== 'number' || !Number.isFinite(e.index)) return false;
  const d = e.delta;
  if (!isObject(d) || typeof d.type !== 'string') return false;
  if (!Object.hasOwn(FAST_DELTA_FIELD, d.type) || typeof d[FAST_DELTA_FIELD[d.type]] !== 'string') return false;
  const parent = value.parent_tool_use_id;
  return parent === undefined || parent === null || typeof parent === 'string';
}

function pick<T>(schema: z.ZodType<T>, value: unknown): T | z.ZodError {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : parsed.error;
}

function issueText(err: z.ZodError): string {
  const issue = err.issues[0];
  return `${issue?.message ?? 'invalid'} at ${issue?.path.map(String).join('.') ?? ''}`;
}

/** Parses one stdout line. Never throws: bad input becomes `malformed` or `unknown`. */
export function parseCliLine(raw: string): CliMessage {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { kind: 'malformed', preview: raw.slice(0, 200), reason: (err as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed', preview: raw.slice(0, 200), reason: 'not a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return { kind: 'unknown', type: String(type), value, reason: 'no type field' };
  if (type === 'stream_event') {
    const line = value as Record<string, unknown>;
    if (isPlainDelta(line)) return { kind: 'streamEvent', line };
  }
  const subtype = (value as { subtype?: unknown }).subtype;

  const wrap = <K extends CliMessage['kind'], T>(
    kind: K,
    schema: z.ZodType<T>,
  ): CliMessage => {
    const r = pick(schema, value);
    if (r instanceof z.ZodError) {
      // A type we know with fields we don't: handing it on would make every consumer re-check.
      return { kind: 'malformed', preview: raw.slice(0, 200), reason: `schema mismatch for ${type}: ${issueText(r)}` };
    }
    return { kind, line: r } as unknown as CliMessage;
  };

  switch (type) {
    case 'system':
      if (subtype === 'init') return wrap('systemInit', SystemInit);
      if (subtype === 'status') return wrap('systemStatus', SystemStatus);
      if (subtype === 'api_retry') return wrap('apiRetry', SystemApiRetry);
      return wrap('system', SystemOther);
    case 'stream_event':
      return wrap('streamEvent', StreamEventLine);
    case 'assistant':
      return wrap('assistant', AssistantLine);
    case 'user':
      return wrap('user', UserLine);
    case 'result':
      return wrap('result', ResultLine);
    case 'rate_limit_event':
      return wrap('rateLimit', RateLimitLine);
    case 'control_request':
      return wrap('controlRequest', ControlRequestLine);
    case 'control_response':
      return wrap('controlResponse', ControlResponseLine);
    case 'control_cancel_request':
      return wrap('controlCancel', ControlCancelRequestLine);
    case 'keep_alive':
      return { kind: 'keepAlive' };
    default:
      return { kind: 'unknown', type, value, reason: 'unknown line type' };
  }
}

/** Text of a tool_result's content, which the CLI sends as a string or as blocks. */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((b) => (b && typeof b === 'object' && 'text' in b && typeof b.text === 'string' ? b.text : ''))
      .join('');
  }
  return content === undefined ? '' : JSON.stringify(content);
}

// The modes are also a setting of the extension (src/core/permissions.ts), which src/vscode reads without the backend.
export { isPermissionMode, PERMISSION_MODES, type PermissionMode } from '../core/permissions';

/** Input lines, serialised by us alone: one bad line kills the CLI (docs/protocol.md, "Launch, stream-json and turns"). */
export function userLine(text: string, images: readonly PromptImage[] = []): string {
  if (images.length === 0) return JSON.stringify({ type: 'user', message: { role: 'user', content: text } });
  // One user message: the CLI forwards image blocks to the API next to the text (docs/protocol.md, "Slash commands, images and context usage").
  const content: unknown[] = images.map((i) => ({ type: 'image', source: { type: 'base64', media_type: i.mediaType, data: i.data } }));
  if (text) content.push({ type: 'text', text });
  return JSON.stringify({ type: 'user', message: { role: 'user', content } });
}

/** An image for a prompt, base64. */
export interface PromptImage {
  mediaType: string;
  data: string;
}

export function controlRequestLine(requestId: string, request: { subtype: string } & Record<string, unknown>): string {
  return JSON.stringify({ type: 'control_request', request_id: requestId, request });
}
