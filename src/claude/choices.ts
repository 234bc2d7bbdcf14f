import type { Logger } from '../core/logger';
import { PERMISSION_MODES, type PermissionMode } from './protocol';
import type { ClaudeSession } from './session';

/** One entry of a model or permission-mode list. */
export interface CliChoice {
  id: string;
  label: string;
  description?: string;
}

/** The aliases the CLI always accepts for `--model` / `set_model`. */
const FALLBACK_MODELS: CliChoice[] = [
  { id: 'default', label: 'default', description: 'The CLI default' },
  { id: 'sonnet', label: 'sonnet', description: 'Claude Sonnet' },
  { id: 'opus', label: 'opus', description: 'Claude Opus' },
  { id: 'haiku', label: 'haiku', description: 'Claude Haiku' },
];

const MODE_TEXT: Record<PermissionMode, string> = {
  default: 'Ask before edits and commands',
  acceptEdits: 'Edit files without asking; still ask for commands',
  plan: 'Plan first; ask before acting',
  bypassPermissions: 'Never ask (dangerous)',
};

/**
 * The CLI's own model list when it runs (the `initialize` control request answers with
 * `models`), else the aliases it always accepts.
 */
export async function cliModels(session: ClaudeSession | undefined, log: Logger): Promise<CliChoice[]> {
  if (!session?.pid) return FALLBACK_MODELS;
  try {
    const r = (await session.request({ subtype: 'initialize' }, 5000)) as { models?: { value?: unknown; displayName?: unknown; description?: unknown }[] };
    const list = (r?.models ?? []).filter((m) => typeof m.value === 'string');
    if (list.length === 0) return FALLBACK_MODELS;
    return list.map((m) => ({ id: m.value as string, label: String(m.displayName ?? m.value), description: typeof m.description === 'string' ? m.description : (m.value as string) }));
  } catch (err) {
    log.warn(`[models] initialize failed, using the default list: ${(err as Error).message}`);
    return FALLBACK_MODELS;
  }
}

/** The CLI's permission modes with what each means for the user. */
export function cliPermissionModes(): CliChoice[] {
  return PERMISSION_MODES.map((m) => ({ id: m, label: m, description: MODE_TEXT[m] }));
}
