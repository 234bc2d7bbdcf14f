import * as vscode from 'vscode';
import type { TerminalExit, TerminalWatcher } from '../core/agentWorkspace';

/**
 * Shows every command an ACP agent runs in a read-only VS Code terminal, so the user can
 * watch it live; the terminal closes when the agent releases it.
 */
export class AcpTerminalView implements TerminalWatcher, vscode.Disposable {
  private readonly terms = new Map<string, { write: vscode.EventEmitter<string>; close: vscode.EventEmitter<void>; terminal: vscode.Terminal }>();

  constructor(private readonly agentName: string) {}

  created(id: string, title: string): void {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<void>();
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => write.fire(`\x1b[2m$ ${title}\x1b[0m\r\n`),
      close: () => undefined,
    };
    const terminal = vscode.window.createTerminal({ name: `${this.agentName}: ${title.slice(0, 40)}`, pty, isTransient: true });
    this.terms.set(id, { write, close, terminal });
  }

  output(id: string, text: string): void {
    this.terms.get(id)?.write.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  exited(id: string, exit: TerminalExit): void {
    const status = exit.signal ? vscode.l10n.t('killed ({0})', exit.signal) : vscode.l10n.t('exit code {0}', String(exit.exitCode));
    this.terms.get(id)?.write.fire(`\r\n\x1b[2m[${status}]\x1b[0m\r\n`);
  }

  released(id: string): void {
    const t = this.terms.get(id);
    if (!t) return;
    this.terms.delete(id);
    t.terminal.dispose();
    t.write.dispose();
    t.close.dispose();
  }

  dispose(): void {
    for (const id of [...this.terms.keys()]) this.released(id);
  }
}
