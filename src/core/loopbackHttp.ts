import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The rules every MCP server the extension serves over HTTP on 127.0.0.1 applies before anything
 * else (the permission server in src/claude, the agents' editor tools in src/ide): a request must
 * name our port as its Host, since a page that rebinds DNS to 127.0.0.1 still sends its own Host
 * and Origin; a browser Origin other than ours is refused; the bearer token is compared by digest.
 */
export function hostRefusal(req: Pick<IncomingMessage, 'headers'>, port: number): 'Forbidden host' | 'Forbidden origin' | undefined {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(req.headers.host ?? '')) return 'Forbidden host';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.some((h) => origin === `http://${h}`)) return 'Forbidden origin';
  return undefined;
}

/** A token's digest: digests have a fixed length, so comparing them leaks neither content nor length. */
export function tokenDigest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Whether `Authorization: Bearer <token>` names the token whose digest is `expected`. */
export function bearerMatches(req: Pick<IncomingMessage, 'headers'>, expected: Buffer): boolean {
  const presented = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(tokenDigest(presented), expected);
}

export const MAX_BODY = 4 * 1024 * 1024;

export async function readJson(req: IncomingMessage, max = MAX_BODY): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) return { ok: false, status: 413, message: 'Request body too large' };
    chunks.push(c as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'Invalid JSON' };
  }
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}
