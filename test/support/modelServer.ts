import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The project's scripted Anthropic Messages API (SSE) on loopback. The real `claude` CLI
 * talks to it in tests. A scenario is picked by `SCENARIO:<name>[:<arg>]` in the latest
 * user text that carries one; the step is how many assistant messages follow that text.
 *
 * Scenarios: text[:words], echo, slow[:seconds[:tag]] (a delta every 100 ms; with a tag each word is
 * `tick<i>-<tag>`, so concurrent answers can be told apart), thinking, tool-write:<abs path>,
 * tool-bash:<command>, tool-read:<abs path>, tool-edit:<abs path> (hello → goodbye),
 * tool-two:<abs path> (Write + Write in one message), slow-tool (Bash `echo slow tool; sleep 30`),
 * error-<status>[-once][-noretry], long:<chars>, tools:<one-line JSON [[{name, input}, ...], ...]>
 * (any tool calls, one assistant message per step), stall[:seconds] (two text deltas, then no
 * bytes for `seconds`, default forever, then the rest), drop-once (two text deltas, then the
 * connection is cut; the retry gets the whole answer), plan-file[:text] (as a model in plan mode does:
 * writes the plan to the plan file the CLI named in its plan-mode reminder, then calls
 * `ExitPlanMode` with no input).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the CLI sent; tests read it freely
  body: any;
  scenario?: string;
  aborted: boolean;
  /** Epoch ms when the request's headers arrived (benchmarks split latency with it). */
  at: number;
}

type Block = { type: string; [k: string]: unknown };
/** The parts of a Messages API request the scripts read. */
interface ApiMessage {
  role: string;
  content: unknown;
}
interface ApiBody {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: ApiMessage[];
}
type Loose = Record<string, unknown> | null | undefined;

interface Reply {
  blocks: Block[];
  stopReason: 'end_turn' | 'tool_use';
  /** Delay between streamed chunks, ms. */
  pace?: number;
  chunks?: number;
  /** After this many text deltas: go silent for `stallMs` (forever if unset), or cut the connection. */
  breakAfter?: { deltas: number; stallMs?: number; drop?: boolean };
}

let toolCounter = 0;
let msgCounter = 0;

export class ModelServer {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private readonly onceFired = new Set<string>();
  private readonly sockets = new Set<Socket>();
  /** Main requests whose `x-api-key` (or bearer token) is in here get a 401 (no retry), as the API does for a revoked key. */
  readonly rejectedKeys = new Set<string>();
  /**
   * Headers added to every Messages API answer (streamed, plain or error), e.g. the unified
   * rate-limit headers (`anthropic-ratelimit-unified-status`, `-reset`, …) a subscription account
   * gets. Tests change it between turns.
   */
  readonly extraHeaders: Record<string, string> = {};
  url = '';

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Main-loop requests: the ones that carry tools (side calls such as titles don't). */
  mainRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/v1/messages') && !r.path.includes('count_tokens') && Array.isArray(r.body?.tools) && r.body.tools.length > 0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let recorded: unknown;
    try {
      recorded = raw ? JSON.parse(raw) : undefined;
    } catch {
      recorded = raw;
    }
    const body = recorded && typeof recorded === 'object' ? (recorded as ApiBody) : undefined;
    const path = (req.url ?? '/').split('?')[0];
    const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: recorded, aborted: false, at };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });

    if (path === '/v1/messages/count_tokens') return json(res, 200, { input_tokens: 42 });
    if (path !== '/v1/messages' || req.method !== 'POST') {
      if (req.method === 'HEAD' || path === '/') return void res.writeHead(200).end();
      return json(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${path}` } });
    }

    const hasTools = Array.isArray(body?.tools) && body.tools.length > 0;
    if (!hasTools) {
      return this.reply(res, body, { blocks: [{ type: 'text', text: 'Scripted side reply.' }], stopReason: 'end_turn' });
    }
    const { name, arg, step, key } = pickScenario(body?.messages ?? []);
    record.scenario = name;
    // A key from the environment comes as x-api-key, a /login token as a bearer token.
    const apiKey = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (typeof apiKey === 'string' && this.rejectedKeys.has(apiKey)) return apiError(res, '401', true);

    const err = /^error-(\d{3}|stream)(-once)?(-noretry)?$/.exec(name);
    if (err) {
      const onceKey = `${key}:${step}`;
      if (!err[2] || !this.onceFired.has(onceKey)) {
        if (err[2]) this.onceFired.add(onceKey);
        return apiError(res, err[1], err[3] !== undefined, this.extraHeaders);
      }
    }
    const reply = script(name, arg, step, body?.messages ?? []);
    if (name === 'drop-once') {
      const onceKey = `${key}:${step}`;
      if (!this.onceFired.has(onceKey)) {
        this.onceFired.add(onceKey);
        reply.breakAfter = { deltas: 2, drop: true };
      }
    }
    await this.reply(res, body, reply);
  }

  private async reply(res: ServerResponse, body: ApiBody | undefined, reply: Reply): Promise<void> {
    const id = `msg_scripted_${++msgCounter}`;
    const model = body?.model ?? 'claude-scripted';
    for (const [k, v] of Object.entries(this.extraHeaders)) res.setHeader(k, v);
    if (!body?.stream) {
      return json(res, 200, {
        id, type: 'message', role: 'assistant', model, content: reply.blocks, stop_reason: reply.stopReason,
        stop_sequence: null, usage: { input_tokens: 25, output_tokens: 12 },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_${id}` });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('message_start', {
      type: 'message_start',
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
    });
    let outputTokens = 1;
    for (let index = 0; index < reply.blocks.length; index++) {
      if (res.destroyed) return;
      const block = reply.blocks[index];
      if (block.type === 'text') {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        for (const piece of splitText(String(block.text), reply.chunks ?? 4)) {
          if (res.destroyed) return;
          send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
          outputTokens++;
          if (reply.breakAfter && outputTokens - 1 === reply.breakAfter.deltas) {
            if (reply.breakAfter.drop) {
              // A pause first, so the client has surely passed the deltas on before the cut.
              await sleep(300);
              return void res.destroy();
            }
            await waitOrClose(res, reply.breakAfter.stallMs);
          }
          if (reply.pace) await sleep(reply.pace);
        }
      } else if (block.type === 'thinking') {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        for (const piece of splitText(String(block.thinking), 3)) {
          send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
        }
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'c2lnbmF0dXJlLXNjcmlwdGVk' } });
      } else if (block.type === 'tool_use') {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        const jsonText = JSON.stringify(block.input);
        const mid = Math.floor(jsonText.length / 2);
        for (const part of [jsonText.slice(0, mid), jsonText.slice(mid)]) {
          send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
        }
      }
      send('content_block_stop', { type: 'content_block_stop', index });
    }
    send('message_delta', { type: 'message_delta', delta: { stop_reason: reply.stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
    send('message_stop', { type: 'message_stop' });
    res.end();
  }
}

/** Plain text of a message's content; system reminders are left out. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b: Loose) => (b?.type === 'text' && typeof b.text === 'string' && !b.text.startsWith('<system-reminder>') ? b.text : ''))
    .filter(Boolean)
    .join('\n');
}

function pickScenario(messages: ApiMessage[]): { name: string; arg: string; step: number; key: string } {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    const text = messageText(m.content);
    const all = [...text.matchAll(/SCENARIO:([a-z0-9-]+)(?::([^\n]*))?/g)];
    if (all.length === 0) continue;
    const last = all[all.length - 1];
    const step = messages.slice(i + 1).filter((x) => x.role === 'assistant').length;
    return { name: last[1], arg: (last[2] ?? '').trim(), step, key: `${i}:${text}` };
  }
  return { name: 'text', arg: '', step: 0, key: 'none' };
}

/** The plan file the CLI's plan-mode reminder tells the model to write (docs/protocol.md, "CLI versions"). */
function planFilePath(messages: ApiMessage[]): string | undefined {
  const all = JSON.stringify(messages);
  const m = /(?:create your plan at|plan file exists at|plan file at) ([^\s"\\]+?\.md)/i.exec(all);
  return m?.[1];
}

function toolUse(name: string, input: Record<string, unknown>): Block {
  return { type: 'tool_use', id: `toolu_scripted_${String(++toolCounter).padStart(4, '0')}`, name, input };
}

function lastToolResult(messages: ApiMessage[]): { text: string; isError: boolean } {
  const last = messages[messages.length - 1];
  if (!last || !Array.isArray(last.content)) return { text: '', isError: false };
  const results = (last.content as Loose[]).filter((b) => b?.type === 'tool_result') as Record<string, unknown>[];
  const text = results
    .map((r) => (typeof r.content === 'string' ? r.content : Array.isArray(r.content) ? (r.content as Loose[]).map((c) => String(c?.text ?? '')).join('') : ''))
    .join(' | ');
  return { text, isError: results.some((r) => r.is_error === true) };
}

function afterTool(messages: ApiMessage[]): Reply {
  const r = lastToolResult(messages);
  return { blocks: [{ type: 'text', text: `Tool ${r.isError ? 'failed' : 'finished'}: ${r.text.slice(0, 300)}` }], stopReason: 'end_turn' };
}

function script(name: string, arg: string, step: number, messages: ApiMessage[]): Reply {
  switch (name) {
    case 'echo': {
      const roles = messages.map((m) => (m.role === 'user' ? 'u' : 'a')).join('');
      const texts = messages.filter((m) => m.role === 'user').map((m) => messageText(m.content)).filter(Boolean);
      return { blocks: [{ type: 'text', text: `ECHO: ${messages.length} messages; roles=${roles}; user texts=${JSON.stringify(texts)}` }], stopReason: 'end_turn' };
    }
    case 'slow': {
      const [secs, tag] = arg.split(':');
      const seconds = Number(secs) || 5;
      const ticks = Math.round((seconds * 1000) / 100);
      const word = (i: number) => (tag ? `tick${i}-${tag} ` : `tick${i} `);
      return { blocks: [{ type: 'text', text: Array.from({ length: ticks }, (_, i) => word(i)).join('') }], stopReason: 'end_turn', pace: 100, chunks: ticks };
    }
    case 'long': {
      const n = Number(arg) || 10_000;
      return { blocks: [{ type: 'text', text: 'x'.repeat(n) }], stopReason: 'end_turn', chunks: Math.max(1, Math.ceil(n / 1000)) };
    }
    case 'thinking':
      return {
        blocks: [
          { type: 'thinking', thinking: 'Let me think about this carefully.' },
          { type: 'text', text: 'Thought it through: the answer is 42.' },
        ],
        stopReason: 'end_turn',
      };
    case 'tool-write':
      if (step === 0) {
        return { blocks: [{ type: 'text', text: 'I will write the file.' }, toolUse('Write', { file_path: arg, content: 'hello from the scripted model\n' })], stopReason: 'tool_use' };
      }
      return afterTool(messages);
    case 'tool-two':
      if (step === 0) {
        return {
          blocks: [toolUse('Write', { file_path: `${arg}.1`, content: 'one\n' }), toolUse('Write', { file_path: `${arg}.2`, content: 'two\n' })],
          stopReason: 'tool_use',
        };
      }
      return afterTool(messages);
    case 'tool-bash':
      if (step === 0) return { blocks: [toolUse('Bash', { command: arg || 'echo hello-from-bash', description: 'Scripted bash call' })], stopReason: 'tool_use' };
      return afterTool(messages);
    case 'slow-tool':
      // Not a bare `sleep 30`: 2.1.332 refuses a standalone sleep ("Blocked: standalone sleep 30. …
      // use Monitor …") before it runs; an echo first keeps it a real 30 s tool in every version.
      if (step === 0) return { blocks: [toolUse('Bash', { command: 'echo slow tool; sleep 30', description: 'Scripted slow tool' })], stopReason: 'tool_use' };
      return afterTool(messages);
    case 'tool-read':
      if (step === 0) return { blocks: [toolUse('Read', { file_path: arg })], stopReason: 'tool_use' };
      return afterTool(messages);
    case 'tool-edit':
      if (step === 0) return { blocks: [toolUse('Read', { file_path: arg })], stopReason: 'tool_use' };
      if (step === 1) return { blocks: [toolUse('Edit', { file_path: arg, old_string: 'hello', new_string: 'goodbye' })], stopReason: 'tool_use' };
      return afterTool(messages);
    case 'todo':
      if (step === 0) {
        return {
          blocks: [toolUse('TodoWrite', { todos: [
            { content: 'Read the code', status: 'completed', activeForm: 'Reading the code' },
            { content: 'Write the fix', status: 'in_progress', activeForm: 'Writing the fix' },
            { content: 'Run the tests', status: 'pending', activeForm: 'Running the tests' },
          ] })],
          stopReason: 'tool_use',
        };
      }
      return afterTool(messages);
    case 'tools': {
      // Any tool calls, one assistant message per step: arg is a one-line JSON array of steps,
      // each an array of {name, input}. After the last step the model reports the tool result.
      const steps = JSON.parse(arg) as { name: string; input: Record<string, unknown> }[][];
      if (step < steps.length) return { blocks: steps[step].map((c) => toolUse(c.name, c.input)), stopReason: 'tool_use' };
      return afterTool(messages);
    }
    case 'stall': {
      const seconds = Number(arg);
      return { blocks: [{ type: 'text', text: 'Before the stall. After the stall.' }], stopReason: 'end_turn', breakAfter: { deltas: 2, stallMs: seconds > 0 ? seconds * 1000 : undefined } };
    }
    case 'plan-file': {
      if (step === 0) {
        const file = planFilePath(messages);
        if (!file) return { blocks: [{ type: 'text', text: 'No plan file was named: not in plan mode?' }], stopReason: 'end_turn' };
        return { blocks: [toolUse('Write', { file_path: file, content: `# ${arg || 'The plan'}\n\n1. Change the thing\n2. Test it\n` })], stopReason: 'tool_use' };
      }
      if (step === 1) return { blocks: [toolUse('ExitPlanMode', {})], stopReason: 'tool_use' };
      return afterTool(messages);
    }
    case 'drop-once':
      return { blocks: [{ type: 'text', text: 'The whole answer after the retry.' }], stopReason: 'end_turn' };
    case 'markdown':
      return { blocks: [{ type: 'text', text: MARKDOWN_SAMPLE }], stopReason: 'end_turn' };
    case 'text':
    default: {
      const words = arg || 'Hello from the scripted model. This answer streams in several pieces.';
      return { blocks: [{ type: 'text', text: words }], stopReason: 'end_turn' };
    }
  }
}

const MARKDOWN_SAMPLE = [
  '## Plan',
  '',
  'Here is **bold**, `inline code` and a [link](https://example.com).',
  '',
  '```ts',
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '```',
  '',
  '- first',
  '- second',
].join('\n');

function apiError(res: ServerResponse, status: string, noRetry: boolean, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extra, 'content-type': 'application/json' };
  if (noRetry) headers['x-should-retry'] = 'false';
  const code = status === 'stream' ? 500 : Number(status);
  if (code === 429) headers['retry-after'] = '1';
  const type = code === 401 ? 'authentication_error' : code === 429 ? 'rate_limit_error' : code === 529 ? 'overloaded_error' : code === 400 ? 'invalid_request_error' : 'api_error';
  const message = code === 401 ? 'invalid x-api-key' : code === 529 ? 'Overloaded' : `Scripted error ${code}`;
  res.writeHead(code, headers).end(JSON.stringify({ type: 'error', error: { type, message } }));
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function splitText(text: string, pieces: number): string[] {
  if (pieces <= 1 || text.length <= pieces) return [text];
  const out: string[] = [];
  const size = Math.ceil(text.length / pieces);
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Resolves after `ms` (never if undefined) or when the client goes away. */
function waitOrClose(res: ServerResponse, ms: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
    res.once('close', () => {
      if (timer) clearTimeout(timer);
      resolve();
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
