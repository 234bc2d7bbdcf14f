/**
 * What an agent backend (ACP) needs from the editor it runs in: the configured agent, its file
 * access and a view of its terminals. Here, below the backends, so the editor adapter
 * (src/vscode) implements them without importing a backend; src/acp names them `Acp*`.
 */

/** One `claudeChat.agents` entry: how to start the agent. */
export interface AgentSpec {
  /** Shown in errors and logs. */
  name: string;
  command: string;
  args: string[];
  /** Added to the host's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * What the agent's `fs/read_text_file` and `fs/write_text_file` reach. The VS Code adapter
 * implements it with text documents, so the agent sees unsaved edits and writes show up as
 * document changes.
 */
export interface AgentFileSystem {
  /** `line` is 1-based; `limit` counts lines. */
  readTextFile(req: { sessionId: string; path: string; line?: number; limit?: number }): Promise<string>;
  writeTextFile(req: { sessionId: string; path: string; content: string }): Promise<void>;
}

/** The lines a read asked for (`line` 1-based, `limit` lines), the whole text when it asked for none. */
export function sliceLines(text: string, line?: number, limit?: number): string {
  if (line === undefined && limit === undefined) return text;
  const lines = text.split('\n');
  const start = Math.max(0, (line ?? 1) - 1);
  const end = limit === undefined ? lines.length : start + Math.max(0, limit);
  return lines.slice(start, end).join('\n');
}

export interface TerminalExit {
  exitCode: number | null;
  signal: string | null;
}

/** Lets an editor show each terminal to the user as it runs (read-only). */
export interface TerminalWatcher {
  created(id: string, title: string): void;
  output(id: string, text: string): void;
  exited(id: string, exit: TerminalExit): void;
  released(id: string): void;
}
