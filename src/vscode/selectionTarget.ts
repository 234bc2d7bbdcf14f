/** Where "Add Selection to Claude" goes. */
export type SelectionTarget = 'terminal' | 'panel';

/**
 * Where "Add Selection to Claude" goes when `claude` may run in a terminal as well as in the
 * panel. VS Code tells an extension neither which terminal has the keyboard nor when the user
 * clicks back into the same one, so "the surface used last" cannot be known; what can be known
 * is whether a terminal session is connected and whether the chat panel is showing:
 * - no terminal session: the panel, as always;
 * - a terminal session and the panel hidden: the terminal (the user works there);
 * - both: the user picks (`ask`), their last answer offered first.
 */
export function selectionTarget(terminalSessions: number, panelVisible: boolean): SelectionTarget | 'ask' {
  if (terminalSessions === 0) return 'panel';
  return panelVisible ? 'ask' : 'terminal';
}

/** 0-based, inclusive lines of a selection as the CLI's `at_mentioned` takes them; a selection ending at column 0 leaves that line out. */
export function mentionedLines(start: { line: number }, end: { line: number; character: number }): { lineStart: number; lineEnd: number } {
  const lineEnd = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return { lineStart: start.line, lineEnd };
}
