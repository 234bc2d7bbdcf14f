import * as vscode from 'vscode';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import { canAllowForSession, type PermissionDecision, type PermissionRequest } from '../core/permissions';
import { needsDetails, toolDetails } from '../core/toolSummary';
import { PermissionQueue } from '../core/permissionQueue';
import type { PendingPermission } from '../shared/contract';
import type { DiffPreview } from './diffPreview';
import { plainText } from './plainText';

interface Prompt {
  req: PermissionRequest;
  resolve: (d: PermissionDecision) => void;
  settled: boolean;
}

const ALLOW = 'Allow';
const ALLOW_SESSION = 'Allow for Session';
const DENY = 'Deny';
const SHOW_DIFF = 'Show Diff';
const SHOW_FULL = 'Show Full Command';

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

  constructor(
    private readonly log: Logger,
    private readonly diff: DiffPreview,
  ) {
    this.queue = new PermissionQueue((req) => this.present(req), log);
    this.queue.onChange(() => this.changed.fire(this.pending()));
  }

  pending(): PendingPermission[] {
    return this.queue.pending().map((p) => ({
      id: p.id,
      toolName: p.toolName,
      summary: p.summary,
      toolUseId: this.open.get(p.id)?.req.toolUseId,
    }));
  }

  /** Re-shows every prompt waiting for an answer, as quick picks. */
  async reshow(): Promise<void> {
    const prompts = [...this.open.values()];
    if (prompts.length === 0) {
      void vscode.window.showInformationMessage('No Claude permission prompts are waiting.');
      return;
    }
    for (const p of prompts) {
      if (!p.settled) await this.pick(p);
    }
  }

  dispose(): void {
    this.queue.dispose();
    this.changed.dispose();
  }

  private present(req: PermissionRequest): Promise<PermissionDecision> {
    return new Promise((resolve) => {
      const prompt: Prompt = { req, resolve, settled: false };
      this.open.set(req.id, prompt);
      req.signal.addEventListener('abort', () => {
        prompt.settled = true;
        this.open.delete(req.id);
      });
      void this.notify(prompt);
    });
  }

  private buttons(req: PermissionRequest): string[] {
    // A file outside the workspace is never allowed for the session: the button would lie.
    const b = req.cwd === undefined || canAllowForSession(req.toolName, req.input, req.cwd) ? [ALLOW, ALLOW_SESSION, DENY] : [ALLOW, DENY];
    if (req.toolName === 'Write' || req.toolName === 'Edit') b.push(SHOW_DIFF);
    if (needsDetails(req.toolName, req.input)) b.push(SHOW_FULL);
    return b;
  }

  /** The summary is model-derived: plain text, so a `[Allow](command:…)` in it is no link. */
  private message(req: PermissionRequest): string {
    return plainText(`Claude wants to use ${req.summary}`);
  }

  private async notify(prompt: Prompt): Promise<void> {
    const choice = await vscode.window.showWarningMessage(this.message(prompt.req), ...this.buttons(prompt.req));
    await this.answer(prompt, choice, () => this.notify(prompt));
  }

  private async pick(prompt: Prompt): Promise<void> {
    const items = this.buttons(prompt.req).map((label) => ({ label }));
    const choice = await vscode.window.showQuickPick(items, {
      title: 'Claude permission request',
      placeHolder: this.message(prompt.req),
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
      case SHOW_FULL:
        // A modal: the whole input, escaped, nothing cut; then the same question again.
        await vscode.window.showInformationMessage(`${plainText(prompt.req.toolName)}: full input`, { modal: true, detail: plainText(toolDetails(prompt.req.toolName, prompt.req.input)) });
        return again();
      default:
        return;
    }
  }
}
