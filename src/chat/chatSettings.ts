import type { PermissionMode } from '../core/permissions';

/** A chat's `claudeChat.*` settings as the editor reads them (src/vscode/config.ts); the backend adapter applies them. */
export interface ChatSettings {
  cliPath?: string;
  env?: Record<string, string>;
  model?: string;
  permissionMode?: PermissionMode;
  extraArgs?: string[];
  /** Send mid-turn prompts at once (the CLI merges them) instead of queueing them. */
  steer?: boolean;
  /** Seconds of silence in a turn (no tool running) before the stall notice; 0 = never. */
  stallNoticeSeconds?: number;
  /** How long a pre-warmed process waits for its first prompt; 0 turns the pre-warm off. */
  prewarmIdleMs?: number;
}

/** `claudeChat.prewarmIdleSeconds`' default. */
export const DEFAULT_PREWARM_IDLE_MS = 60_000;

/** The trust step for the folder's own Claude settings (src/claude/projectTrust.ts), as the editor asks it. */
export interface ProjectTrustGate {
  /** Before a spawn: asks the user if the folder's config is new or changed. Never throws. */
  confirm(): Promise<void>;
  /** Read at every spawn: `['user']` while the folder's config is not trusted, else undefined. */
  settingSources(): readonly string[] | undefined;
  /** Whether `confirm()` would ask now (untrusted config, not declined in this window). */
  wouldAsk?(): boolean;
}
