import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Whether the CLI's transcript already holds an assistant message. The CLI writes a turn's
 * answer to its transcript tens of milliseconds AFTER printing the turn's `result` (measured
 * with 2.1.197: a SIGKILL 0-50 ms after the result lost the answer, 200 ms later it was kept),
 * so a process that dies right after a result may take the answer with it.
 * Only the file's tail is read: the newest message is at the end.
 */
export function transcriptHasMessage(path: string, messageId: string, tailBytes = 1024 * 1024): boolean {
  return readSlice(path, 'tail', tailBytes)?.includes(`"id":${JSON.stringify(messageId)}`) ?? false;
}

/**
 * Whether the CLI saved a conversation it can `--resume`: its transcript holds a message. A
 * process that failed to start (bad cliPath, a crash during start-up) saved none, or only its
 * `queue-operation` line, and `--resume` of that fails with "No conversation found" on every
 * later prompt (measured with 2.1.197; docs/protocol.md, "Fault injection"). A message line
 * comes early in the file, so only its head is read.
 */
export function transcriptHasConversation(path: string, headBytes = 1024 * 1024): boolean {
  return /"type":"(user|assistant)"/.test(readSlice(path, 'head', headBytes) ?? '');
}

/** The first or last `bytes` of a regular file (no link followed, no FIFO waited on), or undefined. */
function readSlice(path: string, end: 'head' | 'tail', bytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const length = Math.min(st.size, bytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, end === 'tail' ? st.size - length : 0);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
