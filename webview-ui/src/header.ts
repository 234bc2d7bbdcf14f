import type { ErrorInfo, PendingPermission, StatusInfo } from '../../src/shared/contract';
import { basename, h, icon } from './dom';
import { postIntent } from './vscodeApi';
import { contextMeter } from './contextMeter';
import { t } from './l10n';

function stateLabel(state: StatusInfo['state']): string {
  switch (state) {
    case 'none':
      return t('No session');
    case 'idle':
      return t('Ready');
    case 'starting':
      return t('Starting…');
    case 'running':
      return t('Working…');
    case 'stopping':
      return t('Stopping…');
    case 'exited':
      return t('Exited');
  }
}

/** The CLI's permission modes in words ("default · default" said nothing); an unknown one as it is. */
function modeLabel(mode: string | undefined): string {
  switch (mode ?? 'default') {
    case 'default':
      return t('Ask before edits');
    case 'acceptEdits':
      return t('Accept edits');
    case 'plan':
      return t('Plan mode');
    case 'bypassPermissions':
      return t('Bypass permissions');
    case 'dontAsk':
      return t("Don't ask");
    default:
      return mode ?? '';
  }
}

/** One line: session state, model, permission mode, folder; a badge when answers are scripted. */
export class Header {
  readonly el: HTMLElement;
  private readonly info: HTMLElement;

  constructor() {
    this.info = h('div', { class: 'header-info' });
    const newChat = h('button', { class: 'icon-button', title: t('New Chat'), 'aria-label': t('New Chat'), 'data-action': 'new-chat' }, icon('add'));
    newChat.addEventListener('click', () => postIntent({ type: 'newChat' }));
    // A narrow sidebar shows the header's first line only; this expands the rest (CSS shows it when narrow).
    const more = h('button', { class: 'icon-button header-more', title: t('More'), 'aria-label': t('Show the full status'), 'aria-expanded': 'false' }, icon('ellipsis'));
    more.addEventListener('click', () => {
      const open = !this.el.classList.contains('expanded');
      this.el.classList.toggle('expanded', open);
      more.setAttribute('aria-expanded', String(open));
    });
    this.el = h('header', { class: 'header' }, this.info, more, newChat);
  }

  update(s: StatusInfo): void {
    const items: Node[] = [h('span', { class: `state-dot state-${s.state}`, title: stateLabel(s.state) }), h('span', { class: 'state-name' }, stateLabel(s.state))];
    const sep = (): HTMLElement => h('span', { class: 'sep', 'aria-hidden': 'true' }, '·');
    if (s.queued > 0) items.push(sep(), h('span', { class: 'queued' }, t('{0} queued', s.queued)));
    // Agent, model and mode are pickers: the host shows VS Code's quick pick and applies the choice.
    if (s.agent) items.push(sep(), h('button', { class: 'link-button agent', title: t('Agent for a new chat (click to change)'), 'data-action': 'pick-agent' }, s.agent));
    items.push(sep(), h('button', { class: 'link-button model', title: t('Model (click to change)'), 'data-action': 'pick-model' }, s.model ?? t('Default model')));
    items.push(sep(), h('button', { class: 'link-button mode', title: t('Permission mode (click to change)'), 'data-action': 'pick-mode' }, modeLabel(s.permissionMode)));
    // What the folder would bring is not loaded: a state the user must see at any width, since
    // Claude behaves differently from their terminal until they trust it.
    items.push(...projectNotice(s, sep));
    // Answers that are not Claude's must be obvious at any width too.
    if (s.scripted) items.push(h('span', { class: 'badge scripted', title: t('Answers come from a scripted test model, not Claude') }, t('scripted answers')));
    // The rest is second-line detail: a narrow sidebar shows it only when the header is expanded.
    const extra: Node[] = [];
    if (s.folder) extra.push(sep(), h('span', { class: 'folder', title: s.folder }, icon('folder'), ' ', basename(s.folder)));
    extra.push(...userSetup(s, sep));
    const meter = contextMeter(s);
    if (meter) extra.push(sep(), meter);
    for (const node of extra) if (node instanceof HTMLElement) node.classList.add('header-extra');
    this.el.classList.toggle('has-extra', extra.length > 0);
    this.info.replaceChildren(...items, ...extra);
  }
}

/**
 * The user's own setup: their MCP servers, flagged when one failed or needs
 * sign-in, and a notice while the folder's Claude settings are not loaded. The host decides;
 * these buttons only ask it to show its quick pick or modal.
 */
function userSetup(s: StatusInfo, sep: () => HTMLElement): Node[] {
  const out: Node[] = [];
  const servers = s.mcpServers ?? [];
  if (servers.length > 0) {
    const bad = servers.filter((m) => m.status === 'failed' || m.status === 'needs-auth');
    const label = bad.length > 0 ? `MCP ${servers.length} · ⚠ ${bad.map((m) => `${m.name} (${m.status})`).join(', ')}` : `MCP ${servers.length}`;
    const title = servers.map((m) => `${m.name}: ${m.status}`).join('\n');
    const b = h('button', { class: `link-button mcp${bad.length > 0 ? ' mcp-problem' : ''}`, title, 'data-action': 'pick-mcp' }, label);
    b.addEventListener('click', () => postIntent({ type: 'pickMcpServers' }));
    out.push(sep(), b);
  }
  return out;
}

/** The notice while the folder's Claude configuration waits for the trust step (its button opens the modal). */
function projectNotice(s: StatusInfo, sep: () => HTMLElement): Node[] {
  if (!s.projectSettingsBlocked) return [];
  const b = h(
    'button',
    {
      class: 'link-button project-settings',
      title: t("This folder's Claude configuration (.claude/ settings, agents, commands, skills, .mcp.json, CLAUDE.md) is not loaded until you trust it"),
      'aria-label': t('Project settings not loaded · Review project settings'),
      'data-action': 'review-project-settings',
    },
    // A narrow header shows the icon alone (CSS); the label and the title keep the words.
    icon('warning'),
    h('span', { class: 'project-settings-text' }, t('Project settings not loaded · Review project settings')),
  );
  b.addEventListener('click', () => postIntent({ type: 'reviewProjectSettings' }));
  return [sep(), b];
}

function actionLabel(action: ErrorInfo['actions'][number]): string {
  switch (action) {
    case 'openSettings':
      return t('Open Settings');
    case 'showLogs':
      return t('Show Logs');
    case 'retry':
      return t('Retry');
    case 'install':
      return t('Install');
    case 'login':
      return t('Log In');
  }
}

export class ErrorBanner {
  readonly el: HTMLElement;

  constructor() {
    this.el = h('div', { class: 'banner error-banner', role: 'alert', hidden: true });
  }

  /** What the banner shows now; a failed turn's footer leaves this message out (app.ts). */
  shown: ErrorInfo | null = null;

  show(error: ErrorInfo | null): void {
    this.shown = error;
    this.el.hidden = !error;
    if (!error) {
      this.el.replaceChildren();
      return;
    }
    const buttons = error.actions.map((action) => {
      const b = h('button', { class: 'button secondary', 'data-error-action': action }, actionLabel(action));
      b.addEventListener('click', () => postIntent({ type: 'errorAction', action }));
      return b;
    });
    this.el.replaceChildren(icon('error'), h('div', { class: 'banner-text' }, error.message), h('div', { class: 'banner-actions' }, ...buttons));
  }
}

/** Lists pending permission prompts. Display only: the decision is made in VS Code's own prompt. */
export class PermissionBanner {
  readonly el: HTMLElement;

  constructor() {
    this.el = h('div', { class: 'banner permission-banner', role: 'status', hidden: true });
  }

  update(pending: PendingPermission[]): void {
    this.el.hidden = pending.length === 0;
    if (!pending.length) {
      this.el.replaceChildren();
      return;
    }
    const show = h('button', { class: 'button', 'data-action': 'show-permissions' }, t('Show prompt'));
    show.addEventListener('click', () => postIntent({ type: 'showPermissions' }));
    const list = h('ul', { class: 'permission-list' }, ...pending.map((p) => h('li', null, ...(p.summary.startsWith(toolDisplayName(p.toolName)) ? [] : [h('strong', null, toolDisplayName(p.toolName)), ' ']), p.summary)));
    // Questions and plans wait for an answer, not a permission.
    const answers = pending.every((p) => p.toolName === 'AskUserQuestion' || p.toolName === 'ExitPlanMode');
    const title = answers
      ? pending.length > 1 ? t('Waiting for your answer ({0})', pending.length) : t('Waiting for your answer')
      : pending.length > 1 ? t('Waiting for your permission ({0})', pending.length) : t('Waiting for your permission');
    this.el.replaceChildren(
      icon(answers ? 'question' : 'shield'),
      h('div', { class: 'banner-text' }, h('div', { class: 'banner-title' }, title), list),
      h('div', { class: 'banner-actions' }, show),
    );
  }
}

/** A tool's name as the user knows it: no internal names (AskUserQuestion) or MCP prefixes. */
export function toolDisplayName(name: string): string {
  switch (name) {
    case 'AskUserQuestion':
      return t('Question');
    case 'ExitPlanMode':
      return t('Plan');
    default: {
      const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
      return mcp ? `${mcp[1]} · ${mcp[2]}` : name;
    }
  }
}
