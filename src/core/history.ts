/** Earlier conversations of a folder, as a backend lists them (the CLI: its transcripts, src/claude/history.ts). */
export interface HistoryEntry {
  sessionId: string;
  firstPrompt: string;
  /** The latest prompt typed: tells a fork (same first prompt) from its original. */
  lastPrompt: string;
  lastActivity: number;
  messageCount: number;
  /**
   * A fork (edit and resend, `--fork-session`): the CLI writes nothing naming the original, but
   * copies its messages with their original timestamps after lines of its own that are newer
   * (docs/protocol.md, "Forks in history").
   */
  fork: boolean;
}

export interface HistoryScan {
  entries: HistoryEntry[];
  skipped: { file: string; reason: string }[];
}
