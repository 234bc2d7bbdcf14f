import * as vscode from 'vscode';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { PermissionDecision, PermissionRequest } from '../core/permissions';
import { PermissionQueue } from '../core/permissionQueue';
import type { PendingPermission } from '../shared/contract';
import type { DiffPreview } from './diffPreview';
import { isInteractiveTool, parseQuestions, PLAN_TOOL, planOf, QUESTION_TOOL } from '../core/interactiveTools';
import { CONTEXT } from './constants';
import { PlanReview } from './planReview';
import { askQuestionsNatively } from './questions';

interface Prompt {
  req: PermissionRequest;
  resolve: (d: PermissionDecision) => void;
  settled: boolean;
}

const ALLOW = 'Allow';
const ALLOW_SESSION = 'Allow for Session';
const DENY = 'Deny';
const SHOW_DIFF = 'Show Diff';

/**
 * Permission prompts as native VS Code UI: a notification per prompt, one at a time per
 * session. Dismissing is not an answer; the prompt stays pending and can be re-shown from
 * the status bar or the panel as a quick pick, which Do Not Disturb does not hide.
 */
export class PermissionPrompts implements vscode.Disposable {
  readonly queue: PermissionQueue;
  private readonly open = new Map<string, Prompt>();
  private readonly changed = new Emitter<PendingPermission[]>();
  readonly onDidChange = this.changed.event;
  /** `ExitPlanMode` prompts show their plan through this (a virtual markdown document). */
  readonly plans = new PlanReview();

  constructor(
    private readonly log: Logger,
    private readonly diff: DiffPreview,
  ) {
    this.queue = new PermissionQueue((req) => this.present(req), log);
    this.queue.onChange(() => this.changed.fire(this.pending()));
    this.queue.onChange(() => void vscode.commands.executeCommand('setContext', CONTEXT.planPending, this.queue.pending().some((p) => p.toolName === PLAN_TOOL)));
  }

  pending(): PendingPermission[] {
    return this.queue.pending().map((p) => ({
      id: p.id,
      toolName: p.toolName,
      summary: p.summary,
      toolUseId: this.open.get(p.id)?.req.toolUseId,
    }));
  }

  /** Re-shows every prompt waiting for an answer (or only those of `toolName`), as quick picks. */
  async reshow(toolName?: string): Promise<void> {
    const prompts = [...this.open.values()].filter((p) => toolName === undefined || p.req.toolName === toolName);
    if (prompts.length === 0) {
      void vscode.window.showInformationMessage('No Claude permission prompts are waiting.');
      return;
    }
    for (const p of prompts) {
      if (!p.settled) await (this.interactive(p.req) ? this.askInteractive(p, 'quickPick') : this.pick(p));
    }
  }

  dispose(): void {
    this.queue.dispose();
    this.changed.dispose();
    this.plans.dispose();
  }

  private present(req: PermissionRequest): Promise<PermissionDecision> {
    return new Promise((resolve) => {
      const prompt: Prompt = { req, resolve, settled: false };
      this.open.set(req.id, prompt);
      req.signal.addEventListener('abort', () => {
        prompt.settled = true;
        this.open.delete(req.id);
      });
      void (this.interactive(req) ? this.askInteractive(prompt, 'notification') : this.notify(prompt));
    });
  }

  /** Questions and plans get their own UI when their input has the shape we know. */
  private interactive(req: PermissionRequest): boolean {
    if (!isInteractiveTool(req.toolName)) return false;
    return req.toolName === QUESTION_TOOL ? parseQuestions(req.input) !== undefined : planOf(req.input) !== undefined;
  }

  /** Only native UI answers these: nothing the webview or the model sends can supply answers. */
  private async askInteractive(prompt: Prompt, how: 'notification' | 'quickPick'): Promise<void> {
    const req = prompt.req;
    const decision = req.toolName === QUESTION_TOOL ? await askQuestionsNatively(req) : await this.plans.review(req, how);
    if (decision === undefined) return; // dismissed: still pending
    if (prompt.settled) {
      void vscode.window.showInformationMessage('That question was already answered or withdrawn (the turn ended), so nothing was sent.');
      return;
    }
    prompt.settled = true;
    this.open.delete(req.id);
    this.log.info(`permission ${req.toolName}: ${decision.kind}`);
    prompt.resolve(decision);
  }

  private buttons(req: PermissionRequest): string[] {
    const b = [ALLOW, ALLOW_SESSION, DENY];
    if (req.toolName === 'Write' || req.toolName === 'Edit') b.push(SHOW_DIFF);
    return b;
  }

  private async notify(prompt: Prompt): Promise<void> {
    const choice = await vscode.window.showWarningMessage(`Claude wants to use ${prompt.req.summary}`, ...this.buttons(prompt.req));
    await this.answer(prompt, choice, () => this.notify(prompt));
  }

  private async pick(prompt: Prompt): Promise<void> {
    const items = this.buttons(prompt.req).map((label) => ({ label }));
    const choice = await vscode.window.showQuickPick(items, {
      title: 'Claude permission request',
      placeHolder: `Claude wants to use ${prompt.req.summary}`,
      ignoreFocusOut: true,
    });
    await this.answer(prompt, choice?.label, () => this.pick(prompt));
  }

  private async answer(prompt: Prompt, choice: string | undefined, again: () => Promise<void>): Promise<void> {
    if (choice === undefined) return; // dismissed: still pending
    if (prompt.settled) {
      void vscode.window.showInformationMessage('That permission request was already answered or withdrawn (the turn ended), so nothing was done.');
      return;
    }
    const decide = (d: PermissionDecision) => {
      prompt.settled = true;
      this.open.delete(prompt.req.id);
      this.log.info(`permission ${prompt.req.toolName}: ${d.kind}`);
      prompt.resolve(d);
    };
    switch (choice) {
      case ALLOW:
        return decide({ kind: 'allow' });
      case ALLOW_SESSION:
        return decide({ kind: 'allowSession' });
      case DENY:
        return decide({ kind: 'deny' });
      case SHOW_DIFF:
        await this.diff.show(prompt.req.toolName, prompt.req.input);
        return again();
      default:
        return;
    }
  }
}
