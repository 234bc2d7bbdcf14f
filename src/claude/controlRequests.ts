import { v4 as uuidv4 } from 'uuid';
import { ClaudeError } from './errors';
import type * as z from 'zod';
import { controlRequestLine, type ControlResponseLine } from './protocol';

/** A control request got no answer in time (the process may still be alive). */
export class RequestTimeout extends ClaudeError {}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** The CLI's `control_response.response`. */
export type ControlAnswer = z.infer<typeof ControlResponseLine>['response'];

/**
 * The control requests written to one session's process and not yet answered, by request id.
 * Each settles exactly once: with its answer, at its timeout, or in `settleAll` when the
 * process that would answer it exits or is replaced.
 */
export class ControlRequests {
  private readonly pending = new Map<string, Pending>();

  /** Writes the request with `write` and resolves with the response payload. */
  send(write: (line: string) => void, request: { subtype: string } & Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    const requestId = uuidv4();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RequestTimeout('protocol', `No answer to ${request.subtype} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      write(controlRequestLine(requestId, request));
    });
  }

  /** A `control_response` line: settles its request; one we no longer wait for is ignored. */
  answer(r: ControlAnswer): void {
    const p = this.pending.get(r.request_id);
    if (!p) return;
    this.pending.delete(r.request_id);
    clearTimeout(p.timer);
    if (r.subtype === 'success') p.resolve(r.response);
    else p.reject(new ClaudeError('protocol', `Claude refused the request: ${r.error}`));
  }

  /** The process that would answer is gone: every waiting request fails with `message`. */
  settleAll(message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ClaudeError('processExited', message));
      this.pending.delete(id);
    }
  }
}
