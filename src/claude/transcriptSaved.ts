import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Whether the CLI's transcript already holds an assistant message. The CLI writes a turn's
 * answer to its transcript tens of milliseconds AFTER printing the turn's `result` (measured
 * with 2.1.197: a SIGKILL 0-50 ms after the result lost the answer, 200 ms later it was kept),
 * so a process that dies right after a result may take the answer with it (issue 15 #15).
 * Only the file's tail is read: the newest message is at the end.
 */
export function transcriptHasMessage(path: string, messageId: string, tailBytes = 1024 * 1024): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return false;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    const length = Math.min(st.size, tailBytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, st.size - length);
    return buf.toString('utf8').includes(`"id":${JSON.stringify(messageId)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the CLI saved a conversation it can `--resume`: its transcript holds a message. A
 * process that failed to start (bad cliPath, a crash during start-up) saved none, or only its
 * `queue-operation` line, and `--resume` of that fails with "No conversation found" on every
 * later prompt (measured with 2.1.197; docs/protocol.md, "Fault injection"). A message line
 * comes early in the file, so only its head is read.
 */
export function transcriptHasConversation(path: string, headBytes = 1024 * 1024): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return false;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    const buf = Buffer.alloc(Math.min(st.size, headBytes));
    readSync(fd, buf, 0, buf.length, 0);
    return /"type":"(user|assistant)"/.test(buf.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
