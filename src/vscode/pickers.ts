import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Logger } from '../core/logger';
import { isPermissionMode, type PermissionMode } from '../claude/protocol';
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
  if (!chat || !selector) {
    void vscode.window.showInformationMessage(chat ? plainText(`${chat.backend} offers no ${what}s to choose from.`) : 'Open a folder to chat with Claude.');
    return;
  }
  const list = await selector.list();
  if (!list || list.available.length === 0) {
    void vscode.window.showInformationMessage(plainText(list ? `${chat.backend} offers no ${what}s to choose from.` : `Send a first message: ${chat.backend} lists its ${what}s once it runs.`));
    return;
  }
  const current = list.currentId;
  // Labels, descriptions and ids come from the CLI or the agent: plain text.
  const choice = await vscode.window.showQuickPick(
    list.available.map((c) => ({ label: plainText(c.label), description: c.description === undefined ? undefined : plainText(c.description), id: c.id, picked: c.id === current })),
    { title: plainText(`${chat.backend} ${what === 'model' ? 'model' : 'permission mode'}`), placeHolder: current ? plainText(`Now: ${current}`) : `Pick a ${what}` },
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
    void vscode.window.showErrorMessage(plainText(`${chat.backend} refused the model "${choice.id}": ${(err as Error).message}`));
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
    void vscode.window.showErrorMessage(known?.length ? plainText(`"${mode}" is not a permission mode. Use one of: ${known.join(', ')}.`) : 'This chat has no permission modes to choose from.');
    return false;
  }
  if (mode === 'bypassPermissions') {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const ok = await vscode.window.showWarningMessage(
      'Bypass permissions lets Claude edit any file and run any command without asking.' +
        (root ? ' VS Code runs as root here, and the CLI refuses this mode as root unless it runs in a sandbox (IS_SANDBOX=1).' : ''),
      { modal: true },
      'Bypass Permissions',
    );
    if (ok !== 'Bypass Permissions') return false;
  }
  try {
    await selector.select(mode);
  } catch (err) {
    void vscode.window.showErrorMessage(plainText(`${chat.backend} refused the mode "${mode}": ${(err as Error).message}`));
    return false;
  }
  if (selector.remembered && isPermissionMode(mode)) await choices.setPermissionMode(mode);
  log.info(`[modes] permission mode set to ${mode}`);
  return true;
}
