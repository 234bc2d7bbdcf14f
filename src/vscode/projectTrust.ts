import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { ProjectTrustGate } from '../chat/chatController';
import type { Logger } from '../core/logger';
import { isTrusted, readProjectConfig, settingSourcesFor, type Finding, type ProjectConfig, type TrustMemory } from '../claude/projectTrust';

const KEY = 'claudeChat.projectSettingsTrust:';
const MAX_LINES = 40;

/**
 * The native side of the trust step (logic in src/claude/projectTrust.ts): a modal that lists
 * what the folder's `.claude/settings*.json` and `.mcp.json` would run or change, and remembers
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

  /** The ChatController's view of one folder. */
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
        { modal: true, detail: describe(config.findings) },
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
          vscode.l10n.t('This folder configures Claude Code itself. If you trust it, Claude Code loads these files, which can run commands on your machine, send your API key elsewhere or ask you less often:') +
          '\n\n' +
          plainText(describe(config.findings)) +
          '\n\n' +
          vscode.l10n.t("Until you trust them, Claude runs with your own settings only: the files above, the folder's CLAUDE.md and its MCP servers are not loaded."),
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

/** One line per finding, grouped by file; long lists are cut with a count. */
export function describe(findings: Finding[]): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.file !== file) {
      file = f.file;
      lines.push(`${f.file}:`);
    }
    lines.push(`  • ${oneLine(f.detail)}`);
  }
  if (lines.length <= MAX_LINES) return lines.join('\n');
  return [...lines.slice(0, MAX_LINES), `  … ${vscode.l10n.t('and {0} more lines', lines.length - MAX_LINES)}`].join('\n');
}

/** Newlines and control characters would let one entry pose as several. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // Long enough that a command cannot hide its tail (issue 15.5), short enough for a modal.
  return flat.length > 1000 ? `${flat.slice(0, 1000)}… (${vscode.l10n.t('{0} more characters', flat.length - 1000)})` : flat;
}
