import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { editSettings, readRuleSet, SettingsFileError, type RuleDestination, type RuleEdit, type RuleSet } from '../core/permissionRules';
import { claudeConfigDir } from './paths';

/**
 * The CLI's three settings files that hold permission rules (docs/protocol.md, "Permission rules
 * that last"): the user's (`$CLAUDE_CONFIG_DIR/settings.json`, else `~/.claude/settings.json`),
 * the shared project's (`.claude/settings.json`) and the local project's
 * (`.claude/settings.local.json`, which the CLI keeps out of git).
 */
export function settingsPath(destination: RuleDestination, cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  switch (destination) {
    case 'userSettings':
      return join(claudeConfigDir(env), 'settings.json');
    case 'projectSettings':
      return join(cwd, '.claude', 'settings.json');
    case 'localSettings':
      return join(cwd, '.claude', 'settings.local.json');
    default:
      return unknownDestination(destination);
  }
}

function unknownDestination(d: never): string {
  throw new SettingsFileError(`Unknown settings destination ${String(d)}.`);
}

function readText(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new SettingsFileError(`${path} could not be read (${err instanceof Error ? err.message : String(err)}).`);
  }
}

/** The rules a settings file holds; an absent file holds none. Throws `SettingsFileError` for one that does not parse. */
export function readRules(path: string): RuleSet {
  return readRuleSet(readText(path), path);
}

/**
 * One edit of the file's `permissions` key, the rest of the file kept. Written to a temporary
 * file and renamed over, so a reader (the CLI) never sees half a file. A file that does not
 * parse is refused, untouched.
 */
export function editRules(path: string, edit: RuleEdit): void {
  const next = editSettings(readText(path), edit, path);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, next, 'utf8');
  renameSync(tmp, path);
}

/** The CLI's own config file (trust, per-project state): `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json`. */
export function cliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR ? join(env.CLAUDE_CONFIG_DIR, '.claude.json') : join(dirname(claudeConfigDir(env)), '.claude.json');
}

/**
 * Whether the CLI has recorded that its trust dialog was accepted for `cwd`
 * (`projects[cwd].hasTrustDialogAccepted`): until then it writes a folder's rules but does not
 * apply them (verified with 2.1.197 and 2.1.332, docs/protocol.md "Permission rules that last").
 * Only the folder itself is looked up; false when the file cannot be read.
 */
export function cliTrustsFolder(cwd: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const config = JSON.parse(readFileSync(cliConfigPath(env), 'utf8')) as { projects?: Record<string, { hasTrustDialogAccepted?: unknown }> };
    return config.projects?.[cwd]?.hasTrustDialogAccepted === true;
  } catch {
    return false;
  }
}
