import * as vscode from 'vscode';
import { planDecision, planOf, type PlanChoice } from '../core/interactiveTools';
import type { PermissionDecision, PermissionRequest } from '../core/permissions';
import { tokenFor } from './questions';

export const PLAN_SCHEME = 'claude-plan';

/** The answers as the user reads them, in their language; a pick is mapped back by label. */
function planLabels(): Record<PlanChoice['kind'], string> {
  return { approveAcceptEdits: vscode.l10n.t('Approve and auto-accept edits'), approve: vscode.l10n.t('Approve'), keepPlanning: vscode.l10n.t('Keep planning') };
}

/**
 * `ExitPlanMode` as native UI: the plan opens read-only in VS Code's markdown preview (a
 * virtual document, so nothing is written to the workspace and the preview applies VS Code's
 * own sanitising), and a notification or quick pick decides.
 */
export class PlanReview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly plans = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.plans.get(uri.path) ?? '';
  }

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

  uriFor(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${id}/Claude's plan.md` });
  }

  dispose(): void {
    this.registration.dispose();
    this.plans.clear();
  }

  private async open(id: string, plan: string): Promise<void> {
    const uri = this.uriFor(id);
    this.plans.set(uri.path, plan);
    try {
      // Loaded first, so the preview finds the virtual document's content.
      await vscode.workspace.openTextDocument(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // No markdown extension (disabled): the source is still readable.
      await vscode.window.showTextDocument(uri, { preview: true });
    }
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
