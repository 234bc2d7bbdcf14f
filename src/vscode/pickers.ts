import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { ChatController } from '../chat/chatController';
import { AcpChat } from '../chat/acpChat';
import type { Logger } from '../core/logger';
import { isPermissionMode, PERMISSION_MODES, type PermissionMode } from '../claude/protocol';
import { plainText } from './plainText';

const MODEL_KEY = 'claudeChat.chosenModel';
const MODE_KEY = 'claudeChat.chosenPermissionMode';

const FALLBACK_MODELS = [
  { value: 'default', label: 'default', description: 'The CLI default' },
  { value: 'sonnet', label: 'sonnet', description: 'Claude Sonnet' },
  { value: 'opus', label: 'opus', description: 'Claude Opus' },
  { value: 'haiku', label: 'haiku', description: 'Claude Haiku' },
];

const MODE_TEXT: Record<PermissionMode, string> = {
  default: 'Ask before edits and commands',
  acceptEdits: 'Edit files without asking; still ask for commands',
  plan: 'Plan first; ask before acting',
  bypassPermissions: 'Never ask (dangerous)',
};

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

/** The CLI's own model list when it runs (initialize), else the aliases it always accepts. */
async function models(controller: ChatController | undefined, log: Logger): Promise<{ value: string; label: string; description?: string }[]> {
  const session = controller?.currentSession;
  if (!session?.pid) return FALLBACK_MODELS;
  try {
    const r = (await session.request({ subtype: 'initialize' }, 5000)) as { models?: { value?: unknown; displayName?: unknown; description?: unknown }[] };
    const list = (r?.models ?? []).filter((m) => typeof m.value === 'string');
    if (list.length === 0) return FALLBACK_MODELS;
    return list.map((m) => ({ value: m.value as string, label: plainText(String(m.displayName ?? m.value)), description: plainText(typeof m.description === 'string' ? m.description : (m.value as string)) }));
  } catch (err) {
    log.warn(`[models] initialize failed, using the default list: ${(err as Error).message}`);
    return FALLBACK_MODELS;
  }
}

export async function pickModel(chat: Chat | undefined, choices: Choices, log: Logger): Promise<void> {
  if (chat instanceof AcpChat) return pickAcp(chat, 'model', log);
  const controller = chat instanceof ChatController ? chat : undefined;
  const items = await models(controller, log);
  const current = controller?.status.model;
  const pick = await vscode.window.showQuickPick(
    items.map((m) => ({ ...m, picked: m.value === current })),
    { title: 'Claude model', placeHolder: current ? plainText(`Now: ${current}`) : 'Pick a model' },
  );
  if (!pick) return;
  const model = pick.value === 'default' ? undefined : pick.value;
  await choices.setModel(model);
  await controller?.setModel(model);
  log.info(`[models] model set to ${pick.value}`);
}

export async function pickPermissionMode(chat: Chat | undefined, choices: Choices, log: Logger): Promise<void> {
  if (chat instanceof AcpChat) return pickAcp(chat, 'mode', log);
  const current = chat?.status.permissionMode;
  const pick = await vscode.window.showQuickPick(
    PERMISSION_MODES.map((m) => ({ label: m, description: MODE_TEXT[m], picked: m === current })),
    { title: 'Claude permission mode', placeHolder: current ? `Now: ${current}` : 'Pick a mode' },
  );
  if (!pick) return;
  await applyPermissionMode(pick.label as PermissionMode, chat, choices, log);
}

/** Validated here: the CLI accepts any string and silently behaves like `default`. */
export async function applyPermissionMode(mode: string, chat: Chat | undefined, choices: Choices, log: Logger): Promise<boolean> {
  const controller = chat instanceof ChatController ? chat : undefined;
  if (!isPermissionMode(mode)) {
    void vscode.window.showErrorMessage(plainText(`"${mode}" is not a permission mode. Use one of: ${PERMISSION_MODES.join(', ')}.`));
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
  await choices.setPermissionMode(mode);
  await controller?.setPermissionMode(mode);
  log.info(`[modes] permission mode set to ${mode}`);
  return true;
}

/** An ACP agent's own modes or models; a refusal leaves the agent's state (and the UI) as it was. */
async function pickAcp(chat: AcpChat, what: 'mode' | 'model', log: Logger): Promise<void> {
  const session = chat.acpSession;
  const list = what === 'mode' ? session?.modes : session?.models;
  if (!session || !list || list.available.length === 0) {
    void vscode.window.showInformationMessage(plainText(session ? `${chat.backend} offers no ${what}s to choose from.` : `Send a first message: ${chat.backend} lists its ${what}s once it runs.`));
    return;
  }
  const pick = await vscode.window.showQuickPick(
    list.available.map((c) => ({ label: plainText(c.name), description: c.description ? plainText(c.description) : undefined, id: c.id, picked: c.id === list.currentId })),
    { title: plainText(`${chat.backend} ${what}`) },
  );
  if (!pick) return;
  try {
    if (what === 'mode') await session.setMode(pick.id);
    else await session.setModel(pick.id);
    log.info(`[acp] ${what} set to ${pick.id}`);
  } catch (err) {
    void vscode.window.showErrorMessage(plainText(`${chat.backend} refused the ${what} "${pick.label}": ${(err as Error).message}`));
  }
}
