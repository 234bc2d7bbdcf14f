import * as vscode from 'vscode';
import { isTurnActive, type StatusInfo } from '../shared/contract';
import { COMMANDS } from './constants';

/** State, session cost and pending permission prompts; a click shows the prompts or the panel. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('claudeChat.status', vscode.StatusBarAlignment.Right, 100);
  private status: StatusInfo | undefined;
  private pendingCount = 0;
  /** False while a turn has not yet run BUSY_SHOW_DELAY_MS (extension.ts): no spinner yet. */
  private busyShown = false;
  /** What the item shows now: a status that changes none of it (most of a turn's) costs no update. */
  private shown = '';

  constructor() {
    this.item.name = vscode.l10n.t('Claude Chat');
    this.render();
    this.item.show();
  }

  setStatus(status: StatusInfo | undefined): void {
    this.status = status;
    this.render();
  }

  setBusyShown(on: boolean): void {
    this.busyShown = on;
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
    // Every property set on the item is an update message to the workbench, which re-renders
    // the entry (label, hover) even for the same values; a turn fires several such statuses.
    const s = this.status;
    // The item changes only when the busy look does (extension.ts BUSY_SHOW_DELAY_MS): shown
    // busy, it stays "running" through Stop and the turn's end until the look goes; not yet
    // shown, a turn keeps the idle label. Each change costs the workbench a re-render.
    const state = this.busyShown ? (s?.state === 'starting' ? 'starting' : 'running') : isTurnActive(s?.state) ? 'idle' : (s?.state ?? 'none');
    const key = JSON.stringify([this.pendingCount, state, this.busyShown ? undefined : s?.costUsd, s?.model, s?.permissionMode]);
    if (key === this.shown) return;
    this.shown = key;
    const cost = s?.costUsd && !this.busyShown ? ` · $${s.costUsd.toFixed(4)}` : '';
    if (this.pendingCount > 0) {
      const label = this.pendingCount === 1 ? vscode.l10n.t('Claude: 1 permission waiting') : vscode.l10n.t('Claude: {0} permissions waiting', this.pendingCount);
      this.item.text = `$(shield) ${label}`;
      // Without this a screen reader reads the icon's id ("shield Claude: …").
      this.item.accessibilityInformation = { label, role: 'button' };
      this.item.tooltip = vscode.l10n.t('Claude is waiting for your permission. Click to answer.');
      this.item.command = COMMANDS.showPermissions;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    this.item.backgroundColor = undefined;
    this.item.command = COMMANDS.focus;
    const icon = state === 'running' || state === 'starting' ? '$(loading~spin)' : state === 'exited' ? '$(debug-disconnect)' : '$(comment-discussion)';
    const label = `${vscode.l10n.t('Claude: {0}', stateLabel(state))}${cost}`;
    this.item.text = `${icon} ${label}`;
    this.item.accessibilityInformation = { label, role: 'button' };
    this.item.tooltip = vscode.l10n.t('Claude Chat{0}. Click to open the chat.', `${s?.model ? ` · ${s.model}` : ''}${s?.permissionMode ? ` · ${s.permissionMode}` : ''}`);
  }
}

function stateLabel(state: StatusInfo['state']): string {
  switch (state) {
    case 'none':
    case 'idle':
      return vscode.l10n.t('idle');
    case 'starting':
      return vscode.l10n.t('starting');
    case 'running':
      return vscode.l10n.t('running');
    case 'stopping':
      return vscode.l10n.t('stopping');
    case 'exited':
      return vscode.l10n.t('exited');
  }
}
