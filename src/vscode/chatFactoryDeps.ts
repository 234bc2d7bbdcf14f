import * as vscode from 'vscode';
import { ChatFactory, type StalledChat } from '../chat/chatFactory';
import type { Logger } from '../core/logger';
import type { McpServerGrant } from '../core/mcpServerSpec';
import { documentFileSystem } from './acpWorkspace';
import { AcpTerminalView } from './acpTerminalView';
import { permissionTimeoutSeconds, readSettings } from './config';
import type { PermissionPrompts } from './permissionPrompts';
import type { Choices } from './pickers';
import { plainText } from './plainText';
import type { ProjectTrustPrompts } from './projectTrust';
import { ideMcpServer, type IdeEndpoint } from '../ide/chatWiring';
import { editorDiagnostics } from './turnDiagnostics';

/**
 * The chat factory with what only the editor can give it: the folder's settings with the
 * header's picks, Restricted Mode, the trust modal, native prompts for a stall and an agent's
 * sign-in, and terminals the user can watch.
 */
export function editorChatFactory(o: {
  log: Logger;
  prompts: PermissionPrompts;
  choices: Choices;
  trust: ProjectTrustPrompts;
  scripted: boolean;
  /** Starts (once) and finds the window's IDE server; undefined while there is none to start. */
  ide: () => (() => Promise<IdeEndpoint | undefined>) | undefined;
  /** The editor's read-only tools for one ACP agent session; undefined when there are none. */
  agentTools: () => Promise<McpServerGrant | undefined>;
}): ChatFactory {
  return new ChatFactory({
    logger: o.log,
    broker: o.prompts.queue,
    scripted: o.scripted,
    settings: (folder) => {
      const base = readSettings(vscode.Uri.file(folder), o.log);
      return { ...base, model: o.choices.model ?? base.model, permissionMode: o.choices.permissionMode ?? base.permissionMode };
    },
    agentEditorTools: () => o.agentTools(),
    mcpServers: async () => {
      const ide = await o.ide()?.().catch(() => undefined);
      return ide ? [ideMcpServer(ide)] : [];
    },
    permissionTimeoutSeconds,
    diagnostics: editorDiagnostics,
    refusal: () =>
      vscode.workspace.isTrusted
        ? undefined
        : vscode.l10n.t('Claude can edit files and run commands, so it only starts in a trusted workspace. Trust this folder (Manage Workspace Trust) to chat.'),
    trust: (folder) => o.trust.gate(folder),
    onStall: (chat, stalled, silentMs) => void stallNotice(chat, stalled, silentMs),
    agents: {
      fileSystem: documentFileSystem,
      terminalView: (agent) => new AcpTerminalView(agent.name),
      chooseAuthMethod: async (agent, methods) =>
        (
          await vscode.window.showQuickPick(
            methods.map((m) => ({ label: plainText(m.name), description: m.description ? plainText(m.description) : undefined, id: m.id })),
            { title: plainText(vscode.l10n.t('{0} asks you to sign in', agent.name)), placeHolder: vscode.l10n.t('Pick a way to sign in'), ignoreFocusOut: true },
          )
        )?.id,
    },
  });
}

/** A stalled turn is only reported, never ended for the user: they choose Stop or Retry. */
async function stallNotice(chat: StalledChat, stalled: boolean, silentMs: number): Promise<void> {
  if (!stalled) return;
  // Asked while the turn ran; a late click after it ended must not stop or resend anything.
  const stillRunning = () => chat.isBusy;
  const stop = vscode.l10n.t('Stop');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Claude has sent nothing for {0} s and no tool is running: the API stream may have stalled.', Math.round(silentMs / 1000)),
    stop,
    vscode.l10n.t('Retry'),
  );
  if (!choice || !stillRunning()) return;
  if (choice === stop) await chat.stop();
  else await chat.retry();
}
