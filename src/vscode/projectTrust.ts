import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { ProjectTrustGate } from '../chat/chatSettings';
import type { Logger } from '../core/logger';
import { describeConfig, isTrusted, readProjectConfig, settingSourcesFor, type ProjectConfig, type TrustMemory } from '../chat/chatFactory';

const KEY = 'claudeChat.projectSettingsTrust:';

/**
 * The native side of the trust step (logic in src/claude/projectTrust.ts): a modal that lists
 * what the folder's `.claude/` and `.mcp.json` would run, change or load, and remembers
 * "Trust" per folder and content hash. "Not now" holds for this window and this content.
 */
export class ProjectTrustPrompts {
  private readonly declined = new Set<string>();
  private readonly asking = new Map<string, Promise<void>>();
  private readonly memory: TrustMemory;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.memory = { trustedHash: (folder) => state.get<string>(KEY + folder) };
  }

  /** The ClaudeChat's view of one folder. */
  gate(folder: string): ProjectTrustGate {
    return {
      confirm: () => this.confirm(folder, false),
      settingSources: () => settingSourcesFor(folder, this.memory),
      wouldAsk: () => this.wouldAsk(folder),
    };
  }

  private wouldAsk(folder: string): boolean {
    const config = readProjectConfig(folder);
    return config.findings.length > 0 && !this.isTrusted(config) && !this.declined.has(`${folder}\0${config.hash}`);
  }

  isTrusted(config: ProjectConfig): boolean {
    return isTrusted(config, this.memory);
  }

  /** "Review project settings": asks again even after "Not now"; true when the answer changed what loads. */
  async review(folder: string): Promise<boolean> {
    const config = readProjectConfig(folder);
    if (config.findings.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This folder has no Claude settings or MCP servers that need your trust.'));
      return false;
    }
    const before = this.isTrusted(config);
    if (before) {
      const stopTrusting = vscode.l10n.t('Stop Trusting');
      const stop = await vscode.window.showWarningMessage(
        vscode.l10n.t('You trust the Claude settings of {0}.', config.folder),
        { modal: true, detail: plainText(describe(config)) },
        stopTrusting,
      );
      if (stop !== stopTrusting) return false;
      await this.state.update(KEY + folder, undefined);
      return true;
    }
    await this.confirm(folder, true);
    return this.isTrusted(readProjectConfig(folder));
  }

  private async confirm(folder: string, force: boolean): Promise<void> {
    const config = readProjectConfig(folder);
    if (this.isTrusted(config)) return;
    const id = `${folder}\0${config.hash}`;
    if (!force && this.declined.has(id)) return;
    // Two prompts sent at once ask once.
    const pending = this.asking.get(id);
    if (pending) return pending;
    const ask = this.ask(config, id).finally(() => this.asking.delete(id));
    this.asking.set(id, ask);
    return ask;
  }

  private async ask(config: ProjectConfig, id: string): Promise<void> {
    // The folder path and the findings come from the repository: plain text, invisible
    // characters escaped (a modal shows text as is, but the same helper serves every surface).
    const trust: vscode.MessageItem = { title: vscode.l10n.t('Trust') };
    const answer = await vscode.window.showWarningMessage(
      plainText(vscode.l10n.t('Trust the Claude Code settings in {0}?', config.folder)),
      {
        modal: true,
        detail:
          vscode.l10n.t('This folder configures Claude Code itself. If you trust it, Claude Code loads what its .claude folder and .mcp.json declare, which can run commands on your machine, send your API key elsewhere or ask you less often:') +
          '\n\n' +
          plainText(describe(config)) +
          '\n\n' +
          vscode.l10n.t("Until you trust them, Claude runs with your own settings only: nothing above, nor the folder's CLAUDE.md files and MCP servers, is loaded."),
      },
      trust,
      // Escape and the close box mean "Not now" too: no third, ambiguous button.
      { title: vscode.l10n.t('Not now'), isCloseAffordance: true },
    );
    if (answer?.title === trust.title) {
      await this.state.update(KEY + config.folder, config.hash);
      this.log.info(`[trust] trusted the Claude settings of ${config.folder} (${config.hash.slice(0, 12)})`);
    } else {
      this.declined.add(id);
      this.log.info(`[trust] not trusting the Claude settings of ${config.folder} for now`);
    }
  }
}

/** What can run first, what lowers safety next, both in full; what only loads is counted past a few lines. */
export function describe(config: Pick<ProjectConfig, 'findings' | 'harmless'>): string {
  return describeConfig(config, {
    runs: vscode.l10n.t('Runs commands or servers:'),
    lowers: vscode.l10n.t('Asks you less often or changes where requests go:'),
    loads: vscode.l10n.t('Adds agents, commands, skills or instructions:'),
    more: (n) => vscode.l10n.t('and {0} more', n),
    harmless: (n, keys) => vscode.l10n.t('{0} settings that need no trust: {1}', n, keys),
  });
}
