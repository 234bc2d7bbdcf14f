import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const AUTH_HEADER = 'x-claude-code-ide-authorization';

/**
 * Why an upgrade request is refused, or undefined to accept. Only a local process that read our
 * lock file gets in: loopback peer, the window's token (compared in constant time), and no
 * `Origin` (a browser always sends one; the CLI never does), so a web page cannot reach the editor.
 */
export function refusal(req: Pick<IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } }, token: string): string | undefined {
  if (!isLoopback(req.socket.remoteAddress)) return 'not a loopback peer';
  if (req.headers.origin !== undefined) return 'browser origin';
  const given = req.headers[AUTH_HEADER];
  if (typeof given !== 'string' || given.length === 0) return 'missing token';
  if (!sameSecret(given, token)) return 'wrong token';
  return undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; comparing y with itself keeps the time independent of a.
  if (x.length !== y.length) {
    timingSafeEqual(y, y);
    return false;
  }
  return timingSafeEqual(x, y);
}
