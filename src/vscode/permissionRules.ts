import * as vscode from 'vscode';
import { formatRule, lowersSafety, suggestRules, type RuleBehavior, type RuleCoverage, type RuleDestination, type RuleSuggestion } from '../core/permissionRules';
import type { PermissionDecision, PermissionRequest } from '../core/permissions';
import { unreachable } from '../shared/unreachable';
import { editRules, settingsPath } from '../chat/chatFactory';
import { plainText } from './plainText';

/**
 * "Don't ask again" / "never allow" for one prompt: the rule of the right shape
 * (core/permissionRules.ts) and the file to keep it in, picked in a quick pick. An allow rule is
 * written by the CLI itself (`updatedPermissions` with the destination); a deny rule we write in
 * exactly the CLI's format, then deny this call (docs/protocol.md, "Permission rules that last").
 */

/** Whether the prompt has lasting rules to offer (never for questions and plans, nor ACP prompts). */
export function hasLastingRules(req: PermissionRequest): boolean {
  return req.cwd !== undefined && !req.agentOptions?.length && suggestRules(req.toolName, req.input, req.cwd).length > 0;
}

interface RuleItem extends vscode.QuickPickItem {
  behavior?: Extract<RuleBehavior, 'allow' | 'deny'>;
  suggestion?: RuleSuggestion;
  destination?: RuleDestination;
}

/** Where a rule can live: the project's files only in a trusted workspace (they are the folder's). */
export function destinationsFor(trusted: boolean): RuleDestination[] {
  return trusted ? ['localSettings', 'projectSettings', 'userSettings'] : ['userSettings'];
}

/** The quick pick; undefined when dismissed or cancelled (the prompt stays pending). */
export async function pickLastingRule(req: PermissionRequest, env: NodeJS.ProcessEnv = process.env): Promise<PermissionDecision | undefined> {
  const cwd = req.cwd;
  if (cwd === undefined) return undefined;
  const suggestions = suggestRules(req.toolName, req.input, cwd);
  const destinations = destinationsFor(vscode.workspace.isTrusted);
  const items: RuleItem[] = [];
  for (const behavior of ['allow', 'deny'] as const) {
    items.push({ label: behavior === 'allow' ? vscode.l10n.t("Don't ask again") : vscode.l10n.t('Never allow'), kind: vscode.QuickPickItemKind.Separator });
    for (const suggestion of suggestions) {
      for (const destination of destinations) {
        const file = settingsPath(destination, cwd, env);
        items.push({
          label: plainText(behavior === 'allow' ? vscode.l10n.t('Allow {0}', coverageText(suggestion.covers)) : vscode.l10n.t('Never allow {0}', coverageText(suggestion.covers))),
          description: destinationText(destination),
          detail: plainText(`${formatRule(suggestion.rule)} → ${vscode.workspace.asRelativePath(file)}`),
          behavior,
          suggestion,
          destination,
        });
      }
    }
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Claude permission rule'),
    placeHolder: plainText(req.summary),
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
  if (!choice?.behavior || !choice.suggestion || !choice.destination) return undefined;
  const { rule } = choice.suggestion;
  if (!(await confirmWideRule(formatRule(rule), lowersSafety(rule, choice.behavior), choice.destination))) return undefined;
  if (choice.behavior === 'allow') return { kind: 'allowAlways', rule, destination: choice.destination };
  try {
    editRules(settingsPath(choice.destination, cwd, env), { op: 'add', behavior: 'deny', rule: formatRule(rule) });
  } catch (err) {
    void vscode.window.showErrorMessage(plainText(err instanceof Error ? err.message : String(err)));
    return undefined;
  }
  return { kind: 'deny' };
}

/** A rule that opens much (`Bash(*)`, a bare `Edit`) in a file others or every project read asks first, as a modal. */
export async function confirmWideRule(ruleText: string, wide: boolean, destination: RuleDestination): Promise<boolean> {
  if (!wide || destination === 'localSettings') return true;
  const yes = vscode.l10n.t('Add the Rule');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Allow {0} in {1}?', plainText(ruleText), destinationText(destination)),
    {
      modal: true,
      detail:
        destination === 'projectSettings'
          ? vscode.l10n.t('This rule lets Claude run far more than one command or folder without asking, and the shared project settings apply it for everyone who opens this project.')
          : vscode.l10n.t('This rule lets Claude run far more than one command or folder without asking, in every project you open.'),
    },
    yes,
  );
  return answer === yes;
}

export function destinationText(destination: RuleDestination): string {
  switch (destination) {
    case 'localSettings':
      return vscode.l10n.t('in this project, only for you');
    case 'projectSettings':
      return vscode.l10n.t('in this project, shared with everyone');
    case 'userSettings':
      return vscode.l10n.t('in all your projects');
    default:
      unreachable(destination);
      return '';
  }
}

function coverageText(c: RuleCoverage): string {
  switch (c.kind) {
    case 'commandPrefix':
      return vscode.l10n.t('commands starting with "{0}"', c.prefix);
    case 'command':
      return vscode.l10n.t('exactly "{0}"', c.command);
    case 'folder':
      return c.write ? vscode.l10n.t('edits in {0}', vscode.workspace.asRelativePath(c.path)) : vscode.l10n.t('reads in {0}', vscode.workspace.asRelativePath(c.path));
    case 'domain':
      return vscode.l10n.t('fetches from {0}', c.host);
    case 'tool':
      return vscode.l10n.t('every {0} call', c.toolName);
    default:
      unreachable(c);
      return '';
  }
}
