import * as vscode from 'vscode';
import {
  DEFAULT_MODES,
  lowersSafety,
  modeLowersSafety,
  parseRule,
  RULE_BEHAVIORS,
  type RuleBehavior,
  type RuleDestination,
  type RuleEdit,
  type RuleSet,
} from '../core/permissionRules';
import { editRules, readRules, settingsPath } from '../chat/chatFactory';
import { confirmWideRule, destinationText, destinationsFor } from './permissionRules';
import { plainText } from './plainText';
import { unreachable } from '../shared/unreachable';

/**
 * "Claude: Permissions": the allow, ask and deny rules of every scope (user, shared
 * project, local project, this session) with the file each lives in; add, edit and remove them,
 * and the default mode per file. Quick picks only; every rule and path shown through plainText().
 * The project's files are offered only in a trusted workspace.
 */
export interface ManagerDeps {
  /** The folder whose project files are shown (the focused chat's, else the first workspace folder). */
  folder: () => string | undefined;
  /** "Allow for Session" rules by chat, and the chat's name. */
  sessionRules: () => { chat: string; rules: string[] }[];
}

type Action =
  | { kind: 'rule'; destination: RuleDestination; behavior: RuleBehavior; rule: string }
  | { kind: 'add'; destination: RuleDestination }
  | { kind: 'mode'; destination: RuleDestination; mode: string | undefined }
  | { kind: 'none' };

interface Item extends vscode.QuickPickItem {
  action: Action;
}

export async function managePermissions(deps: ManagerDeps): Promise<void> {
  // One action per round, then the list again with the change in it, until the user leaves.
  for (;;) {
    const folder = deps.folder();
    const choice = await vscode.window.showQuickPick(items(folder, deps), {
      title: vscode.l10n.t('Claude Permissions'),
      placeHolder: vscode.l10n.t('Pick a rule to edit or remove it, or add one'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!choice || choice.action.kind === 'none' || folder === undefined && choice.action.destination !== 'userSettings') return;
    const file = settingsPath(choice.action.destination, folder ?? '');
    const done = await act(choice.action, file);
    if (done === 'stop') return;
  }
}

function items(folder: string | undefined, deps: ManagerDeps): Item[] {
  const out: Item[] = [];
  const destinations = folder === undefined ? (['userSettings'] as const) : destinationsFor(vscode.workspace.isTrusted);
  for (const destination of destinations) {
    const file = settingsPath(destination, folder ?? '');
    out.push({ label: plainText(`${scopeName(destination)}: ${file}`), kind: vscode.QuickPickItemKind.Separator, action: { kind: 'none' } });
    let set: RuleSet;
    try {
      set = readRules(file);
    } catch (err) {
      out.push({ label: `$(error) ${plainText(err instanceof Error ? err.message : String(err))}`, action: { kind: 'none' } });
      continue;
    }
    for (const behavior of RULE_BEHAVIORS) {
      for (const rule of set[behavior]) {
        out.push({ label: plainText(rule), description: behaviorText(behavior), action: { kind: 'rule', destination, behavior, rule } });
      }
    }
    out.push({
      label: vscode.l10n.t('Default mode: {0}', plainText(set.defaultMode ?? vscode.l10n.t('not set'))),
      description: vscode.l10n.t('change'),
      action: { kind: 'mode', destination, mode: set.defaultMode },
    });
    out.push({ label: `$(add) ${vscode.l10n.t('Add a rule…')}`, action: { kind: 'add', destination } });
  }
  const session = deps.sessionRules();
  out.push({ label: vscode.l10n.t('This session (Allow for Session, until the chat\'s Claude process ends)'), kind: vscode.QuickPickItemKind.Separator, action: { kind: 'none' } });
  if (session.every((s) => s.rules.length === 0)) out.push({ label: vscode.l10n.t('No session rules'), action: { kind: 'none' } });
  for (const s of session) for (const rule of s.rules) out.push({ label: plainText(rule), description: plainText(s.chat), detail: vscode.l10n.t('Held by the running process; it ends with it.'), action: { kind: 'none' } });
  return out;
}

/** What one choice does; 'stop' when an error ended the round (the message says why). */
async function act(action: Exclude<Action, { kind: 'none' }>, file: string): Promise<'again' | 'stop'> {
  switch (action.kind) {
    case 'rule': {
      const edit = vscode.l10n.t('Edit');
      const remove = vscode.l10n.t('Remove');
      const what = await vscode.window.showQuickPick([edit, remove], { title: plainText(`${behaviorText(action.behavior)}: ${action.rule}`), placeHolder: plainText(file) });
      if (what === remove) return apply(file, { op: 'remove', behavior: action.behavior, rule: action.rule });
      if (what !== edit) return 'again';
      const text = await askRule(action.rule);
      if (text === undefined || text === action.rule) return 'again';
      if (!(await confirmWideRule(text, lowersSafety(parseRule(text)!, action.behavior), action.destination))) return 'again';
      // Added first: a failure leaves the old rule in place, never neither.
      if (apply(file, { op: 'add', behavior: action.behavior, rule: text }) === 'stop') return 'stop';
      return apply(file, { op: 'remove', behavior: action.behavior, rule: action.rule });
    }
    case 'add': {
      const picked = await vscode.window.showQuickPick(
        RULE_BEHAVIORS.map((b) => ({ label: behaviorText(b), behavior: b })),
        { title: vscode.l10n.t('Add a rule {0}', destinationText(action.destination)), placeHolder: vscode.l10n.t('Allow without asking, always ask, or never allow?') },
      );
      if (!picked) return 'again';
      const text = await askRule('');
      if (text === undefined) return 'again';
      if (!(await confirmWideRule(text, lowersSafety(parseRule(text)!, picked.behavior), action.destination))) return 'again';
      return apply(file, { op: 'add', behavior: picked.behavior, rule: text });
    }
    case 'mode': {
      const unset = vscode.l10n.t('(not set)');
      const picked = await vscode.window.showQuickPick([...DEFAULT_MODES, unset], { title: vscode.l10n.t('Default permission mode {0}', destinationText(action.destination)), placeHolder: plainText(action.mode ?? unset) });
      if (picked === undefined) return 'again';
      const mode = picked === unset ? undefined : picked;
      if (modeLowersSafety(mode) && !(await confirmWideRule(`defaultMode: ${mode}`, true, action.destination))) return 'again';
      return apply(file, { op: 'setDefaultMode', mode });
    }
    default:
      return unknownAction(action);
  }
}

function unknownAction(action: never): 'stop' {
  unreachable(action);
  return 'stop';
}

function apply(file: string, edit: RuleEdit): 'again' | 'stop' {
  try {
    editRules(file, edit);
    return 'again';
  } catch (err) {
    // A file that does not parse is left as it is; the message names it.
    void vscode.window.showErrorMessage(plainText(err instanceof Error ? err.message : String(err)));
    return 'stop';
  }
}

async function askRule(value: string): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Permission rule'),
    value,
    prompt: vscode.l10n.t('In the CLI\'s syntax: Bash(npm test:*), Edit(//abs/folder/**), WebFetch(domain:example.com), mcp__server__tool'),
    validateInput: (v) => (parseRule(v) ? undefined : vscode.l10n.t('Not a rule: a tool name, optionally followed by (what it applies to).')),
  });
  return text?.trim();
}

function scopeName(destination: RuleDestination): string {
  switch (destination) {
    case 'userSettings':
      return vscode.l10n.t('User');
    case 'projectSettings':
      return vscode.l10n.t('Shared project');
    case 'localSettings':
      return vscode.l10n.t('Local project');
    default:
      unreachable(destination);
      return '';
  }
}

function behaviorText(behavior: RuleBehavior): string {
  switch (behavior) {
    case 'allow':
      return vscode.l10n.t('allow');
    case 'ask':
      return vscode.l10n.t('ask');
    case 'deny':
      return vscode.l10n.t('deny');
    default:
      unreachable(behavior);
      return '';
  }
}
