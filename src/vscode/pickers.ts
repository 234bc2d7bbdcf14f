import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Logger } from '../core/logger';
import { isPermissionMode, type PermissionMode } from '../core/permissions';
import { plainText } from './plainText';

const MODEL_KEY = 'claudeChat.chosenModel';
const MODE_KEY = 'claudeChat.chosenPermissionMode';

/** Per-workspace choices that override the claudeChat.model / permissionMode defaults. */
export class Choices {
  constructor(private readonly state: vscode.Memento) {}

  get model(): string | undefined {
    return this.state.get<string>(MODEL_KEY);
  }

  get permissionMode(): PermissionMode | undefined {
    const m = this.state.get<string>(MODE_KEY);
    return isPermissionMode(m) ? m : undefined;
  }

  async setModel(model: string | undefined): Promise<void> {
    await this.state.update(MODEL_KEY, model);
  }

  async setPermissionMode(mode: PermissionMode): Promise<void> {
    await this.state.update(MODE_KEY, mode);
  }
}

/** The chat's models, or its modes: the backend's own list; a remembered choice also applies to later chats. */
async function pick(chat: Chat | undefined, what: 'model' | 'mode', choices: Choices, log: Logger): Promise<void> {
  const selector = what === 'model' ? chat?.models : chat?.modes;
  const offersNone = (backend: string) => (what === 'model' ? vscode.l10n.t('{0} offers no models to choose from.', backend) : vscode.l10n.t('{0} offers no modes to choose from.', backend));
  if (!chat || !selector) {
    void vscode.window.showInformationMessage(chat ? plainText(offersNone(chat.backend)) : vscode.l10n.t('Open a folder to chat with Claude.'));
    return;
  }
  const list = await selector.list();
  if (!list || list.available.length === 0) {
    void vscode.window.showInformationMessage(
      plainText(list ? offersNone(chat.backend) : what === 'model' ? vscode.l10n.t('Send a first message: {0} lists its models once it runs.', chat.backend) : vscode.l10n.t('Send a first message: {0} lists its modes once it runs.', chat.backend)),
    );
    return;
  }
  const current = list.currentId;
  // Labels, descriptions and ids come from the CLI or the agent: plain text.
  const choice = await vscode.window.showQuickPick(
    list.available.map((c) => ({ label: plainText(c.label), description: c.description === undefined ? undefined : plainText(c.description), id: c.id, picked: c.id === current })),
    {
      title: plainText(what === 'model' ? vscode.l10n.t('{0} model', chat.backend) : vscode.l10n.t('{0} permission mode', chat.backend)),
      placeHolder: current ? plainText(vscode.l10n.t('Now: {0}', current)) : what === 'model' ? vscode.l10n.t('Pick a model') : vscode.l10n.t('Pick a mode'),
    },
  );
  if (!choice) return;
  if (what === 'mode') {
    await applyPermissionMode(choice.id, chat, choices, log);
    return;
  }
  try {
    await selector.select(choice.id);
    // 'default' means no override of the claudeChat.model setting.
    if (selector.remembered) await choices.setModel(choice.id === 'default' ? undefined : choice.id);
    log.info(`[models] model set to ${choice.id}`);
  } catch (err) {
    void vscode.window.showErrorMessage(plainText(vscode.l10n.t('{0} refused the model "{1}": {2}', chat.backend, choice.id, (err as Error).message)));
  }
}

export function pickModel(chat: Chat | undefined, choices: Choices, log: Logger): Promise<void> {
  return pick(chat, 'model', choices, log);
}

export function pickPermissionMode(chat: Chat | undefined, choices: Choices, log: Logger): Promise<void> {
  return pick(chat, 'mode', choices, log);
}

/** Validated here against the backend's list: the CLI accepts any string and silently behaves like `default`. */
export async function applyPermissionMode(mode: string, chat: Chat | undefined, choices: Choices, log: Logger): Promise<boolean> {
  const selector = chat?.modes;
  const known = (await selector?.list())?.available.map((c) => c.id);
  if (!chat || !selector || !known?.includes(mode)) {
    void vscode.window.showErrorMessage(known?.length ? plainText(vscode.l10n.t('"{0}" is not a permission mode. Use one of: {1}.', mode, known.join(', '))) : vscode.l10n.t('This chat has no permission modes to choose from.'));
    return false;
  }
  if (mode === 'bypassPermissions') {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const bypass = vscode.l10n.t('Bypass Permissions');
    const ok = await vscode.window.showWarningMessage(
      vscode.l10n.t('Bypass permissions lets Claude edit any file and run any command without asking.') +
        (root ? ` ${vscode.l10n.t('VS Code runs as root here, and the CLI refuses this mode as root unless it runs in a sandbox (IS_SANDBOX=1).')}` : ''),
      { modal: true },
      bypass,
    );
    if (ok !== bypass) return false;
  }
  try {
    await selector.select(mode);
  } catch (err) {
    void vscode.window.showErrorMessage(plainText(vscode.l10n.t('{0} refused the mode "{1}": {2}', chat.backend, mode, (err as Error).message)));
    return false;
  }
  if (selector.remembered && isPermissionMode(mode)) await choices.setPermissionMode(mode);
  log.info(`[modes] permission mode set to ${mode}`);
  return true;
}
