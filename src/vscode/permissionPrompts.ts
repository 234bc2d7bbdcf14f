import * as vscode from 'vscode';
import { Emitter } from '../core/emitter';
import type { Logger } from '../core/logger';
import type { PermissionDecision, PermissionRequest } from '../core/permissions';
import { PermissionQueue } from '../core/permissionQueue';
import type { PendingPermission } from '../shared/contract';
import type { DiffPreview } from './diffPreview';

const ALLOW = 'Allow';
const ALLOW_SESSION = 'Allow for Session';
const DENY = 'Deny';
const SHOW_DIFF = 'Show Diff';

/**
 * Permission prompts as native VS Code UI: a notification per prompt, one at a time per
 * session. Dismissing is not an answer; the prompt stays pending and can be re-shown from
 * the status bar or the panel as a quick pick, which Do Not Disturb does not hide.
 * Whether a prompt is still pending is the queue's to say; nothing is tracked here.
 */
export class PermissionPrompts implements vscode.Disposable {
  readonly queue: PermissionQueue;
  private readonly changed = new Emitter<PendingPermission[]>();
  readonly onDidChange = this.changed.event;
  /** Names the chat a prompt comes from ("Chat 2") when several are open (issue 14). */
  describeOrigin: ((sessionKey: string) => string | undefined) | undefined;

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
      toolUseId: p.toolUseId,
    }));
  }

  /** Re-shows every prompt waiting for an answer, as quick picks. */
  async reshow(): Promise<void> {
    // Only the ones on show: those waiting behind them in their session come next.
    const prompts = this.queue.pending().filter((p) => p.state === 'showing');
    if (prompts.length === 0) {
      void vscode.window.showInformationMessage('No Claude permission prompts are waiting.');
      return;
    }
    for (const p of prompts) {
      const req = this.queue.find(p.id);
      if (req) await this.pick(req);
    }
  }

  dispose(): void {
    this.queue.dispose();
    this.changed.dispose();
  }

  private present(req: PermissionRequest): void {
    void this.notify(req);
  }

  private buttons(req: PermissionRequest): string[] {
    const b = [ALLOW, ALLOW_SESSION, DENY];
    if (req.toolName === 'Write' || req.toolName === 'Edit') b.push(SHOW_DIFF);
    return b;
  }

  private async notify(req: PermissionRequest): Promise<void> {
    const choice = await vscode.window.showWarningMessage(`${this.asker(req)} wants to use ${req.summary}`, ...this.buttons(req));
    await this.answer(req, choice, () => this.notify(req));
  }

  private async pick(req: PermissionRequest): Promise<void> {
    const items = this.buttons(req).map((label) => ({ label }));
    const choice = await vscode.window.showQuickPick(items, {
      title: 'Claude permission request',
      placeHolder: `${this.asker(req)} wants to use ${req.summary}`,
      ignoreFocusOut: true,
    });
    await this.answer(req, choice?.label, () => this.pick(req));
  }

  /** "Claude", or "Claude (Chat 2)" when several chats are open. */
  private asker(req: PermissionRequest): string {
    const origin = this.describeOrigin?.(req.sessionKey);
    // TODO(plainText): the chat title is user text; pass it through plainText once src/vscode/plainText.ts lands.
    return origin ? `Claude (${origin})` : 'Claude';
  }

  private async answer(req: PermissionRequest, choice: string | undefined, again: () => Promise<void>): Promise<void> {
    if (choice === undefined) return; // dismissed: still pending
    if (!this.queue.find(req.id)) {
      void vscode.window.showInformationMessage('That permission request was already answered or withdrawn (the turn ended), so nothing was done.');
      return;
    }
    const decide = (d: PermissionDecision) => {
      if (this.queue.answer(req.id, d)) this.log.info(`permission ${req.toolName}: ${d.kind}`);
    };
    switch (choice) {
      case ALLOW:
        return decide({ kind: 'allow' });
      case ALLOW_SESSION:
        return decide({ kind: 'allowSession' });
      case DENY:
        return decide({ kind: 'deny' });
      case SHOW_DIFF:
        await this.diff.show(req.toolName, req.input);
        return again();
      default:
        return;
    }
  }
}
