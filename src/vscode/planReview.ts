import * as vscode from 'vscode';
import { planDecision, planOf, type PlanChoice } from '../core/interactiveTools';
import type { PermissionDecision, PermissionRequest } from '../core/permissions';
import { PlanView } from './planView';
import { tokenFor } from './questions';

/** The answers as the user reads them, in their language; a pick is mapped back by label. */
function planLabels(): Record<PlanChoice['kind'], string> {
  return { approveAcceptEdits: vscode.l10n.t('Approve and auto-accept edits'), approve: vscode.l10n.t('Approve'), keepPlanning: vscode.l10n.t('Keep planning') };
}

/**
 * `ExitPlanMode` as native UI: the plan opens read-only in our own webview (src/vscode/planView.ts;
 * not VS Code's markdown preview, whose CSP loads remote images before the user has answered),
 * and a notification or quick pick decides.
 */
export class PlanReview implements vscode.Disposable {
  private readonly view = new PlanView();

  /** Shows the plan and asks; undefined when dismissed (the prompt stays pending). */
  async review(req: PermissionRequest, how: 'notification' | 'quickPick'): Promise<PermissionDecision | undefined> {
    const plan = planOf(req.input);
    if (plan === undefined) return undefined;
    await this.open(req.id, plan);
    const source = tokenFor(req.signal);
    try {
      const choice = how === 'notification' ? await this.notify(source.token) : await this.pick(source.token);
      return choice ? planDecision(req.input, choice) : undefined;
    } finally {
      source.dispose();
    }
  }

  dispose(): void {
    this.view.dispose();
  }

  /** Shows a plan's text; where the text came from is the caller's business. */
  private async open(id: string, plan: string): Promise<void> {
    await this.view.show(id, plan);
  }

  private async notify(token: vscode.CancellationToken): Promise<PlanChoice | undefined> {
    const l = planLabels();
    const picked = await vscode.window.showInformationMessage(vscode.l10n.t('Claude has a plan and asks to start. Approve it?'), l.approveAcceptEdits, l.approve, l.keepPlanning);
    return this.toChoice(picked, token);
  }

  private async pick(token: vscode.CancellationToken): Promise<PlanChoice | undefined> {
    const l = planLabels();
    const items = [
      { label: l.approveAcceptEdits, description: vscode.l10n.t('Leave plan mode; edit files without asking') },
      { label: l.approve, description: vscode.l10n.t('Leave plan mode; ask before each edit') },
      { label: l.keepPlanning, description: vscode.l10n.t('Stay in plan mode and tell Claude what to change') },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Claude's plan"), placeHolder: vscode.l10n.t('Approve the plan?'), ignoreFocusOut: true }, token);
    return this.toChoice(picked?.label, token);
  }

  private async toChoice(label: string | undefined, token: vscode.CancellationToken): Promise<PlanChoice | undefined> {
    const l = planLabels();
    switch (label) {
      case l.approveAcceptEdits:
        return { kind: 'approveAcceptEdits' };
      case l.approve:
        return { kind: 'approve' };
      case l.keepPlanning: {
        const feedback = await vscode.window.showInputBox({
          title: l.keepPlanning,
          prompt: vscode.l10n.t('What should Claude change in the plan?'),
          placeHolder: vscode.l10n.t('Your feedback for Claude'),
          ignoreFocusOut: true,
        }, token);
        return feedback === undefined ? undefined : { kind: 'keepPlanning', feedback };
      }
      default:
        return undefined;
    }
  }
}
