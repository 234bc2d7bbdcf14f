/**
 * `system` line subtypes on the CLI's stdout and what the session does with each (docs/compatibility.md,
 * "stream-json events"). Handled: parsed into events (protocol.ts: init, status, api_retry; the
 * session: compact_boundary; the task_* lines feed the background-task list, backgroundTasks.ts).
 * Known: seen from 2.1.197 or 2.1.332 and not shown as such (hook and UI plumbing for other hosts).
 * Anything else is new: the session notes it in a rate-limited debug line, never an error.
 */
export const KNOWN_IGNORED_SYSTEM_SUBTYPES: ReadonlySet<string> = new Set([
  // seen on stdout from both 2.1.197 and 2.1.332 (docs/protocol.md, "CLI versions")
  'task_started',
  'task_updated',
  'task_notification',
  'task_progress',
  'task_summary',
  'thinking_tokens',
  'hook_started',
  'hook_progress',
  'hook_response',
  'session_state_changed',
  'informational',
  'notification',
  'local_command',
  'turn_duration',
  'files_persisted',
  'elicitation_complete',
  // named in 2.1.332's binary, not seen on stdout in our probes
  'background_tasks_changed',
  'checkpoint_done',
  'control_request_progress',
  'per_turn_effort_changed',
  'permission_check_status',
  'session_metadata',
  'session_title_changed',
  'turn_preempted',
  'vcs_state_changed',
]);

export function isKnownSystemSubtype(subtype: string): boolean {
  return subtype === 'init' || subtype === 'status' || subtype === 'api_retry' || subtype === 'compact_boundary' || KNOWN_IGNORED_SYSTEM_SUBTYPES.has(subtype);
}
