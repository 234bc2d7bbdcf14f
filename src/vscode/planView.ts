import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The plan's webview panels; `activeWebviewPanelId == 'claudeChat.plan'` shows "Review Claude's Plan" in its title bar. */
export const PLAN_VIEW = 'claudeChat.plan';

/**
 * Claude's plan, read-only, in a webview of our own with our CSP (src/vscode/planHtml.ts): no
 * script, no remote anything, an image is a link. One panel per plan prompt; showing the same
 * plan again brings its panel back. Takes the plan's text, wherever it came from.
 */
export class PlanView implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  async show(id: string, plan: string): Promise<void> {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal(undefined, true);
      return;
    }
    const title = vscode.l10n.t("Claude's plan");
    const panel = vscode.window.createWebviewPanel(PLAN_VIEW, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, {
      enableScripts: false,
      enableCommandUris: false,
      // Nothing of ours or the workspace's is served to this page.
      localResourceRoots: [],
    });
    this.panels.set(id, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(id) === panel) this.panels.delete(id);
    });
    // Loaded lazily (its own bundle): markdown-it is needed only once a plan shows.
    const { planHtml } = await import('./planHtml');
    panel.webview.html = planHtml(plan, { nonce: randomBytes(16).toString('base64'), title });
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
