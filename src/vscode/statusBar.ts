import * as vscode from 'vscode';
import type { StatusInfo } from '../shared/contract';
import { COMMANDS } from './constants';

/** State, session cost and pending permission prompts; a click shows the prompts or the panel. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('claudeChat.status', vscode.StatusBarAlignment.Right, 100);
  private status: StatusInfo | undefined;
  private pendingCount = 0;

  constructor() {
    this.item.name = 'Claude Chat';
    this.render();
    this.item.show();
  }

  setStatus(status: StatusInfo | undefined): void {
    this.status = status;
    this.render();
  }

  setPending(count: number): void {
    this.pendingCount = count;
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const s = this.status;
    const cost = s?.costUsd ? ` · $${s.costUsd.toFixed(4)}` : '';
    if (this.pendingCount > 0) {
      this.item.text = `$(shield) Claude: ${this.pendingCount} permission${this.pendingCount > 1 ? 's' : ''} waiting`;
      this.item.tooltip = 'Claude is waiting for your permission. Click to answer.';
      this.item.command = COMMANDS.showPermissions;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    this.item.backgroundColor = undefined;
    this.item.command = COMMANDS.focus;
    const state = s?.state ?? 'none';
    const icon = state === 'running' || state === 'starting' ? '$(loading~spin)' : state === 'exited' ? '$(debug-disconnect)' : '$(comment-discussion)';
    const label = state === 'none' ? 'idle' : state;
    this.item.text = `${icon} Claude: ${label}${cost}`;
    this.item.tooltip = `Claude Chat${s?.model ? ` · ${s.model}` : ''}${s?.permissionMode ? ` · ${s.permissionMode}` : ''}. Click to open the chat.`;
  }
}
