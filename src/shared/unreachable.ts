/**
 * The default of an exhaustive switch: the compiler proves `value` can't exist, so reaching it
 * means a peer sent something newer than this code knows. Logged, never thrown, so one unknown
 * message does not break the stream. Lives in src/shared because the webview uses it too.
 */
export function unreachable(value: never, log: (message: string) => void = (m) => console.warn(m)): void {
  log(`claude-chat: unhandled case ${JSON.stringify(value)}`);
}
