import { ChatError, type ErrorAction } from '../core/errors';

export type { ErrorAction };

export type ClaudeErrorCode =
  | 'cliNotFound'
  | 'cliStartFailed'
  | 'cliTooOld'
  | 'processExited'
  | 'auth'
  | 'rateLimited'
  | 'overloaded'
  | 'server'
  | 'api'
  | 'protocol'
  | 'permissionServer'
  | 'untrustedWorkspace'
  | 'history'
  | 'notSaved'
  | 'disposed';

/** The CLI backend's typed errors (see `ChatError`). */
export class ClaudeError extends ChatError<ClaudeErrorCode> {
  constructor(code: ClaudeErrorCode, message: string, actions?: ErrorAction[], detail?: string) {
    super(code, message, actions, detail);
    this.name = 'ClaudeError';
  }
}

export function cliNotFound(tried: string, fromSetting: boolean): ClaudeError {
  const how = fromSetting
    ? `The setting claudeChat.cliPath points to "${tried}", which is not an executable file. Fix the setting or clear it to search PATH.`
    : 'Install it with "npm install -g @anthropic-ai/claude-code", or set claudeChat.cliPath to the binary.';
  return new ClaudeError('cliNotFound', `Claude Code CLI not found (${tried}). ${how}`, ['openSettings', 'install']);
}

export function cliStartFailed(code: number | null, signal: string | null, stderrTail: string): ClaudeError {
  const tail = stderrTail.trim().split('\n').slice(-5).join('\n');
  return new ClaudeError(
    'cliStartFailed',
    `Claude Code exited while starting (${signal ?? `code ${code}`})${tail ? `: ${tail}` : '.'}`,
    ['showLogs', 'openSettings', 'retry'],
    stderrTail,
  );
}

/** The CLI started but never answered its start-up handshake (`initialize`): it hangs, or is not Claude Code. */
export function cliNoAnswer(command: string, seconds: number, output: string): ClaudeError {
  const shown = output.trim() ? ` It printed: ${output.trim().slice(0, 300)}` : ' It printed nothing.';
  return new ClaudeError(
    'cliStartFailed',
    `Claude Code did not answer within ${seconds} s of starting (${command}), so the turn was ended. Check that claudeChat.cliPath is the Claude Code CLI and that it starts in a terminal.${shown}`,
    ['showLogs', 'openSettings', 'retry'],
  );
}

/** The program exited without one line of Claude Code's protocol, e.g. after printing its help. */
export function notClaudeCli(command: string, code: number | null, signal: string | null, output: string): ClaudeError {
  const shown = output.trim() ? `: ${output.trim().slice(0, 300)}` : ' and printed nothing.';
  return new ClaudeError(
    'cliStartFailed',
    `"${command}" exited (${signal ?? `code ${code}`}) without answering in Claude Code's stream-json protocol: it may not be the Claude Code CLI, or claudeChat.extraArgs may stop it (e.g. --help). It printed${shown}`,
    ['openSettings', 'showLogs', 'retry'],
  );
}

/** The CLI file exists, but the interpreter its `#!` line names does not. */
export function interpreterMissing(command: string, shebang: string): ClaudeError {
  return new ClaudeError(
    'cliStartFailed',
    `"${command}" exists, but the program on its first line (${shebang}) was not found, so it cannot start. Install that program or fix the script's first line.`,
    ['openSettings', 'showLogs'],
  );
}

export function processExited(code: number | null, signal: string | null, stderrTail: string, saved = true): ClaudeError {
  const tail = stderrTail.trim().split('\n').slice(-3).join('\n');
  // Only promise a resume when the CLI has a transcript to resume from.
  const next = saved
    ? 'Your next message resumes the conversation as Claude saved it (this unfinished answer is not part of it).'
    : 'Claude had not saved this conversation yet, so your next message starts a new one.';
  return new ClaudeError('processExited', `The Claude process stopped during the turn (${signal ?? `code ${code}`}). ${next}${tail ? ` Last output: ${tail}` : ''}`, ['retry', 'showLogs'], stderrTail);
}

/** The process died after printing a result but before writing that answer to its transcript. */
export function answerNotSaved(code: number | null, signal: string | null, savedNothing = false): ClaudeError {
  const lost = savedNothing
    ? 'Claude Code could not save this conversation, so when you continue, Claude will not remember the messages it could not save.'
    : 'right after its last answer, before saving it: when you continue, Claude will not remember your last message or its answer.';
  return new ClaudeError('processExited', `The Claude process stopped (${signal ?? `code ${code}`})${savedNothing ? '. ' : ' '}${lost}`, ['showLogs']);
}

/** The CLI printed a turn's result but its transcript never got the answer: a full disk or a read-only folder. */
export function turnNotSaved(transcript: string): ClaudeError {
  return new ClaudeError(
    'notSaved',
    `Claude Code could not save this conversation (${transcript}): the disk may be full or the folder read-only. Claude remembers it only while its process runs: if the process stops, or the chat is closed, this conversation is lost. Free space or fix the folder's permissions to keep it.`,
    ['showLogs'],
  );
}

/** A private file for the CLI could not be written in the temp folder (a read-only or missing TMPDIR). */
export function tempFolderFailed(dir: string, reason: string): ClaudeError {
  return new ClaudeError(
    'cliStartFailed',
    `Could not write a private file for Claude Code in the temp folder (${dir}), so it was not started. Check that TMPDIR (or the system temp folder) exists and is writable.`,
    ['showLogs', 'retry'],
    reason,
  );
}

/** Maps an error `result` line (docs/protocol.md, "Launch, stream-json and turns") onto a typed error. */
export function apiErrorFromResult(status: number | null | undefined, text: string): ClaudeError {
  const msg = text || 'The API request failed.';
  if (status === 401 || status === 403 || /invalid api key|authentication/i.test(msg)) {
    // The session replaces its process after this, so the next message reads the fixed key.
    return new ClaudeError(
      'auth',
      `Claude Code could not authenticate: ${msg}. Fix the API key (claudeChat.environmentVariables or your shell) or log in, then send your message again.`,
      ['login', 'openSettings', 'showLogs'],
    );
  }
  if (status === 429 || /rate.?limit/i.test(msg)) {
    return new ClaudeError('rateLimited', `Rate limited: ${msg}`, ['retry']);
  }
  if (status === 529 || /overloaded/i.test(msg)) {
    return new ClaudeError('overloaded', `The API is overloaded: ${msg}`, ['retry']);
  }
  if (status !== null && status !== undefined && status >= 500) {
    return new ClaudeError('server', `The API had a server error (${status}): ${msg}`, ['retry', 'showLogs']);
  }
  return new ClaudeError('api', msg, ['retry', 'showLogs']);
}
