import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposableStore';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import { sessionScope, type AgentOption, type PermissionDecision, type PermissionRequest, type SessionScope } from '../core/permissions';
import { unreachable } from '../shared/unreachable';
import { needsDetails, toolDetails } from '../core/toolSummary';
import { PermissionQueue } from '../core/permissionQueue';
import type { PendingPermission } from '../shared/contract';
import type { DiffPreview } from './diffPreview';
import { plainText } from './plainText';
import { isInteractiveTool, parseQuestions, PLAN_TOOL, QUESTION_TOOL } from '../core/interactiveTools';
import { CONTEXT } from './constants';
import { PlanReview } from './planReview';
import { askQuestionsNatively } from './questions';
import { hasLastingRules, pickLastingRule } from './permissionRules';
import { formatRule } from '../core/permissionRules';

/** The buttons, in the user's language (read when asked, not at load). */
function labels() {
  return {
    allow: vscode.l10n.t('Allow'),
    allowSession: vscode.l10n.t('Allow for Session'),
    deny: vscode.l10n.t('Deny'),
    showDiff: vscode.l10n.t('Show Diff'),
    showFull: vscode.l10n.t('Show Full Command'),
    more: vscode.l10n.t('More…'),
  };
}

/**
 * Permission prompts as native VS Code UI: a notification per prompt, one at a time per
 * session. Dismissing is not an answer; the prompt stays pending and can be re-shown from
 * the status bar or the panel as a quick pick, which Do Not Disturb does not hide.
 * Whether a prompt is still pending is the queue's to say; nothing is tracked here.
 */
export class PermissionPrompts implements vscode.Disposable {
  private readonly subs = new DisposableStore();
  readonly queue: PermissionQueue;
  private readonly changed = this.subs.add(new Emitter<PendingPermission[]>());
  readonly onDidChange = this.changed.event;
  /** `ExitPlanMode` prompts show their plan through this (our own webview, src/vscode/planView.ts). */
  readonly plans = this.subs.add(new PlanReview());
  /**
   * A prompt shown as a quick pick was answered: the quick pick took the keyboard focus, and
   * VS Code hands it back to the editor, not to the chat. The extension moves it to that chat's
   * prompt box.
   */
  onAnsweredInQuickPick: ((sessionKey: string) => void) | undefined;
  /** The diff tabs each request's "Show Diff" opened, closed once it is decided. */
  private readonly diffs = new Map<string, vscode.Uri[]>();
  /**
   * The rules "Allow for Session" added, by chat (session key), for the permissions manager to
   * list: the CLI keeps them for that process only and says nothing of them, so this is our record.
   */
  readonly sessionRules = new Map<string, string[]>();
  /** Names the chat a prompt comes from ("Chat 2") when several are open. */
  describeOrigin: ((sessionKey: string) => string | undefined) | undefined;

  constructor(
    private readonly log: Logger,
    private readonly diff: DiffPreview,
  ) {
    this.queue = new PermissionQueue((req) => this.present(req), log);
    this.subs.add(this.queue.onChange(() => this.changed.fire(this.pending())));
    this.subs.add(this.queue.onChange(() => void vscode.commands.executeCommand('setContext', CONTEXT.planPending, this.queue.pending().some((p) => p.toolName === PLAN_TOOL))));
  }

  pending(): PendingPermission[] {
    return this.queue.pending().map((p) => ({
      id: p.id,
      toolName: p.toolName,
      summary: p.summary,
      toolUseId: p.toolUseId,
    }));
  }

  /** Re-shows every prompt waiting for an answer (or only those of `toolName`), as quick picks. */
  async reshow(toolName?: string): Promise<void> {
    // Only the ones on show: those waiting behind them in their session come next.
    const prompts = this.queue.pending().filter((p) => p.state === 'showing' && (toolName === undefined || p.toolName === toolName));
    if (prompts.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Claude permission prompts are waiting.'));
      return;
    }
    for (const p of prompts) {
      const req = this.queue.find(p.id);
      if (req) await (this.interactive(req) ? this.askInteractive(req, 'quickPick') : this.pick(req));
    }
  }

  dispose(): void {
    // The queue first: what it settles while closing still reaches the listeners.
    this.queue.dispose();
    this.subs.dispose();
  }

  private present(req: PermissionRequest): void {
    void (this.interactive(req) ? this.askInteractive(req, 'notification') : this.notify(req));
  }

  /** Questions and plans get their own UI when their input has the shape we know. */
  private interactive(req: PermissionRequest): boolean {
    if (!isInteractiveTool(req.toolName)) return false;
    // A plan always gets the plan review, with or without text (planOf says when there is none).
    return req.toolName === QUESTION_TOOL ? parseQuestions(req.input) !== undefined : req.toolName === PLAN_TOOL;
  }

  /** Only native UI answers these: nothing the webview or the model sends can supply answers. */
  private async askInteractive(req: PermissionRequest, how: 'notification' | 'quickPick'): Promise<void> {
    const decision = req.toolName === QUESTION_TOOL ? await askQuestionsNatively(req) : await this.plans.review(req, how);
    if (decision === undefined) return; // dismissed: still pending
    if (!this.queue.answer(req.id, decision)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('That question was already answered or withdrawn (the turn ended), so nothing was sent.'));
      return;
    }
    this.log.info(`permission ${req.toolName}: ${decision.kind}`);
    // Questions and plans are answered in quick picks, however they were announced.
    this.onAnsweredInQuickPick?.(req.sessionKey);
  }

  /**
   * What "Allow for Session" would allow, or undefined when this call can be allowed once only
   * (a file outside the workspace, a Bash command with a `*`, a search by pattern; and every ACP
   * prompt: an agent's "always" option is its own rule, wider than the call we show).
   */
  private scope(req: PermissionRequest): SessionScope | undefined {
    return req.cwd === undefined ? undefined : sessionScope(req.toolName, req.input, req.cwd)?.scope;
  }

  private buttons(req: PermissionRequest): string[] {
    // Offered only where the rule is exactly what the prompt shows: otherwise the button would lie.
    const l = labels();
    // An ACP agent's prompt: its own options and nothing else, each saying what it means.
    const agent = req.agentOptions?.length ? req.agentOptions.map(agentOptionLabel) : undefined;
    const b = agent ?? (this.scope(req) ? [l.allow, l.allowSession, l.deny] : [l.allow, l.deny]);
    if (req.toolName === 'Write' || req.toolName === 'Edit') b.push(l.showDiff);
    if (needsDetails(req.toolName, req.input)) b.push(l.showFull);
    // "Don't ask again" / "Never allow" with where to keep the rule: a quick pick.
    if (hasLastingRules(req)) b.push(l.more);
    return b;
  }

  /** The summary is model-derived: plain text, so a `[Allow](command:…)` in it is no link. */
  private message(req: PermissionRequest): string {
    const scope = this.scope(req);
    const asks = vscode.l10n.t('{0} wants to use {1}', this.asker(req), req.summary);
    return plainText(scope ? `${asks} ${scopeText(scope)}` : asks);
  }

  private async notify(req: PermissionRequest): Promise<void> {
    const choice = await vscode.window.showWarningMessage(this.message(req), ...this.buttons(req));
    await this.answer(req, choice, () => this.notify(req));
  }

  private async pick(req: PermissionRequest): Promise<void> {
    const items = this.buttons(req).map((label) => ({ label }));
    const choice = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Claude permission request'),
      placeHolder: this.message(req),
      ignoreFocusOut: true,
    });
    if (await this.answer(req, choice?.label, () => this.pick(req))) this.onAnsweredInQuickPick?.(req.sessionKey);
  }

  private recordSessionRule(req: PermissionRequest): void {
    const rule = req.cwd === undefined ? undefined : sessionScope(req.toolName, req.input, req.cwd)?.rule;
    if (!rule) return;
    const list = this.sessionRules.get(req.sessionKey) ?? [];
    if (!list.includes(formatRule(rule))) this.sessionRules.set(req.sessionKey, [...list, formatRule(rule)]);
  }

  /** "Claude", or "Claude (Chat 2)" when several chats are open. */
  private asker(req: PermissionRequest): string {
    const origin = this.describeOrigin?.(req.sessionKey);
    return origin ? vscode.l10n.t('Claude ({0})', origin) : vscode.l10n.t('Claude');
  }

  /** True when `choice` decided the request (not dismissed, shown again, or already gone). */
  private async answer(req: PermissionRequest, choice: string | undefined, again: () => Promise<void>): Promise<boolean> {
    if (choice === undefined) return false; // dismissed: still pending
    if (!this.queue.find(req.id)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('That permission request was already answered or withdrawn (the turn ended), so nothing was done.'));
      return false;
    }
    const decide = (d: PermissionDecision): boolean => {
      const answered = this.queue.answer(req.id, d);
      if (answered) this.log.info(`permission ${req.toolName}: ${d.kind}`);
      if (answered && d.kind === 'allowSession') this.recordSessionRule(req);
      // The proposal's diff was opened to decide; decided, it goes.
      void this.diff.close(this.diffs.get(req.id) ?? []);
      this.diffs.delete(req.id);
      return answered;
    };
    const agentOption = req.agentOptions?.find((o) => agentOptionLabel(o) === choice);
    if (agentOption) return decide({ kind: 'agentOption', optionId: agentOption.optionId, allow: agentOption.kind === 'allow_once' || agentOption.kind === 'allow_always' });
    const l = labels();
    switch (choice) {
      case l.allow:
        return decide({ kind: 'allow' });
      case l.allowSession:
        return decide({ kind: 'allowSession' });
      case l.deny:
        return decide({ kind: 'deny' });
      case l.showDiff: {
        const shown = await this.diff.show(req.toolName, req.input);
        if (shown) this.diffs.set(req.id, [...(this.diffs.get(req.id) ?? []), shown]);
        await again();
        return false;
      }
      case l.more: {
        const lasting = await pickLastingRule(req);
        if (!this.queue.find(req.id)) return false; // withdrawn while the quick pick was open
        if (lasting) return decide(lasting);
        await again(); // dismissed: the same question again
        return false;
      }
      case l.showFull:
        // A modal: the whole input, escaped, nothing cut; then the same question again.
        await vscode.window.showInformationMessage(vscode.l10n.t('{0}: full input', plainText(req.toolName)), { modal: true, detail: plainText(toolDetails(req.toolName, req.input)) });
        await again();
        return false;
      default:
        return false;
    }
  }
}

/** What the session rule will match, said with the prompt (the rule itself is sessionScope's). */
function scopeText(scope: SessionScope): string {
  switch (scope.kind) {
    case 'command':
      return vscode.l10n.t('(Allow for Session: this exact command only.)');
    case 'file':
      return vscode.l10n.t('(Allow for Session: {0} only.)', vscode.workspace.asRelativePath(scope.path));
    case 'domain':
      return vscode.l10n.t('(Allow for Session: fetches from {0} only.)', scope.host);
    case 'tool':
      return vscode.l10n.t('(Allow for Session: every {0} call in this chat.)', scope.toolName);
    default:
      unreachable(scope);
      return '';
  }
}

/** An agent's option as a button: its own name (agent-derived: plain text) and what it means. */
function agentOptionLabel(o: AgentOption): string {
  const name = plainText(o.name);
  switch (o.kind) {
    case 'allow_once':
      return vscode.l10n.t('{0} (this call only)', name);
    case 'allow_always':
      return vscode.l10n.t("{0} (the agent's own rule: may allow more than this call)", name);
    case 'reject_once':
      return vscode.l10n.t('{0} (refuse this call)', name);
    case 'reject_always':
      return vscode.l10n.t("{0} (the agent's own rule: may refuse more than this call)", name);
    default:
      unreachable(o.kind);
      return name;
  }
}
