import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
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
  // A settings file linked from a dotfiles repository stays a link: the file it points to changes.
  const target = existsSync(path) ? realpathSync(path) : path;
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, next, 'utf8');
  renameSync(tmp, target);
}

