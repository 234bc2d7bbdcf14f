import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Logger } from '../core/logger';
import type { HostMessage, WebviewIntent } from '../shared/contract';
import type { DiffPreview } from './diffPreview';
import type { FileMentions } from './mentions';
import type { ContextSources } from './contextSources';
import { contextMentionsIn, expandContextMentions } from '../chat/contextMentions';
import { ContextMentionKind } from '../shared/contract';
import { COMMANDS, CONTEXT } from './constants';
import { resolveInFolder } from './pathCheck';
import { plainText } from './plainText';
import { unreachable } from '../shared/unreachable';
import { editPrompt, restoreCheckpoint, sendEdited, turnFileDiff, turnFileRevert } from './checkpoints';
import { pickImages } from './imagePicker';
import { selectionMention } from './mentionSelection';
import { backIntoBox, queueFor, queueWhileBusy } from './promptQueues';
import { fixProblems, openProblem } from './problemIntents';

export interface IntentContext {
  controller: Chat | undefined;
  log: Logger;
  folder: string | undefined;
  diff: DiffPreview;
  mentions: FileMentions;
  context: ContextSources;
  reply: (message: HostMessage) => void;
  /** The chat list's intents (several chats), run by the surface that got them. */
  chats?: (intent: ChatListIntent) => Promise<void>;
}

export type ChatListIntent = Extract<WebviewIntent, { type: 'openChat' | 'switchChat' | 'renameChat' | 'closeChat' | 'pickChat' | 'openInEditor' }>;

/** The intents about the surface itself, which it handles before anything reaches handleIntent (chatSurface.ts). */
export type SurfaceIntent = Extract<WebviewIntent, { type: 'ready' | 'stop' | 'panelActive' | 'draft' | 'editorContextToggle' }>;

/**
 * Runs a validated webview intent. The webview asks; this decides what, if anything, happens.
 * What acts on a chat acts on `ctx.controller`, the chat of the surface that asked: the commands
 * get it as their argument, so an editor-tab chat's pickers never reach the sidebar's chat.
 */
export async function handleIntent(intent: Exclude<WebviewIntent, SurfaceIntent>, ctx: IntentContext): Promise<void> {
  switch (intent.type) {
    case 'sendPrompt': {
      if (!ctx.controller) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder to chat with Claude.'));
        return;
      }
      if (intent.images?.length && !ctx.controller.acceptsImages) {
        void vscode.window.showWarningMessage(vscode.l10n.t('This agent does not take images in the panel; the text was not sent. Remove the images and send again.'));
        return;
      }
      // @problems, @terminal, @git: read now, sent as text after the prompt (contextMentions.ts).
      const text = contextMentionsIn(intent.text).length ? await expandContextMentions(intent.text, (kind) => ctx.context.block(kind, ctx.folder)) : intent.text;
      if (intent.editOf) return sendEdited(intent.editOf, text, ctx);
      // While Claude works the prompt waits above the box, where it can still be edited.
      if (queueWhileBusy() && queueFor(ctx.controller)?.offer(text, intent.images)) return;
      await ctx.controller.send(text, intent.images);
      return;
    }
    case 'queueAction':
      return queueAction(intent, ctx);
    case 'stopTask':
      return stopTask(intent.id, ctx);
    case 'newChat':
      // Only the sidebar's webview gets here: an editor tab's New Chat opens beside it (ChatSurface).
      await vscode.commands.executeCommand(COMMANDS.newChatInView);
      return;
    case 'openFile':
      await openFile(intent.path, intent.line, ctx);
      return;
    case 'openLink':
      await openLink(intent.href, ctx.log);
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(intent.text);
      return;
    case 'errorAction':
      switch (intent.action) {
        case 'openSettings':
          await vscode.commands.executeCommand(COMMANDS.openSettings);
          return;
        case 'showLogs':
          await vscode.commands.executeCommand(COMMANDS.showLogs);
          return;
        case 'retry': {
          const last = ctx.controller?.lastPrompt;
          if (last) await ctx.controller?.send(last);
          return;
        }
        case 'install':
          await vscode.env.openExternal(vscode.Uri.parse('https://www.npmjs.com/package/@anthropic-ai/claude-code'));
          return;
        case 'login':
          await vscode.commands.executeCommand(COMMANDS.login);
          return;
        default:
          return;
      }
    case 'showPermissions':
      await vscode.commands.executeCommand(COMMANDS.showPermissions);
      return;
    case 'pickAgent':
      await vscode.commands.executeCommand(COMMANDS.selectAgent);
      return;
    case 'pickModel':
      await vscode.commands.executeCommand(COMMANDS.selectModel, ctx.controller);
      return;
    case 'pickPermissionMode':
      await vscode.commands.executeCommand(COMMANDS.selectPermissionMode, undefined, ctx.controller);
      return;
    case 'reviewChanges':
      await vscode.commands.executeCommand(COMMANDS.reviewChanges, ctx.controller);
      return;
    case 'pickMcpServers':
      await vscode.commands.executeCommand(COMMANDS.mcpServers, ctx.controller);
      return;
    case 'showContextUsage':
      await vscode.commands.executeCommand(COMMANDS.contextUsage, ctx.controller);
      return;
    case 'reviewProjectSettings':
      await vscode.commands.executeCommand(COMMANDS.reviewProjectSettings, ctx.controller);
      return;
    case 'openDiff': {
      const change = ctx.controller?.changes?.get(intent.toolUseId);
      if (!change) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The change for this card is no longer known (it is from an earlier window or chat).'));
        return;
      }
      await ctx.diff.showChange(change);
      return;
    }
    case 'restoreCheckpoint':
      return restoreCheckpoint(intent.turnId, ctx);
    case 'editPrompt':
      return editPrompt(intent.turnId, ctx);
    case 'turnFileDiff':
      return turnFileDiff(intent.turnId, intent.path, ctx);
    case 'turnFileRevert':
      return turnFileRevert(intent.turnId, intent.path, ctx);
    case 'openProblem':
      return openProblem(intent.turnId, intent.index, ctx);
    case 'fixProblems':
      return fixProblems(intent.turnId, ctx);
    case 'composing':
      // Trust, the setting and "only a chat with no process yet" are checked in prewarm().
      await ctx.controller?.prewarm?.();
      return;
    case 'mentionQuery': {
      const found = await ctx.mentions.search(intent.query);
      const selection = intent.query.includes('#') ? undefined : selectionMention(intent.query);
      const items = selection ? [selection, ...found.filter((f) => f !== selection)].slice(0, 100) : found;
      const contexts = contextEntries(intent.query);
      ctx.reply({ type: 'mentionResults', requestId: intent.requestId, items, ...(contexts.length ? { contexts } : {}) });
      return;
    }
    case 'openChat':
    case 'switchChat':
    case 'renameChat':
    case 'closeChat':
    case 'pickChat':
    case 'openInEditor':
      await ctx.chats?.(intent);
      return;
    case 'pickImages': {
      const images = await pickImages();
      if (images.length) ctx.reply({ type: 'addImages', images });
      return;
    }
    case 'panelFocus':
      // Lets Ctrl/Cmd+F in the panel run Find in Chat instead of the editor's Find.
      await vscode.commands.executeCommand('setContext', CONTEXT.panelFocused, intent.focused);
      return;
    default: {
      const never: never = intent;
      ctx.log.warn(`unhandled intent ${JSON.stringify(never)}`);
    }
  }
}

/** The @-menu's special entries whose name starts with what is typed; no @git in Restricted Mode (no git there). */
function contextEntries(query: string): ContextMentionKind[] {
  const q = query.toLowerCase();
  return ContextMentionKind.options.filter((k) => k.startsWith(q) && (k !== 'git' || vscode.workspace.isTrusted));
}

async function openFile(path: string, line: number | undefined, ctx: IntentContext): Promise<void> {
  const target = resolveInFolder(path, ctx.folder);
  if (!target) return;
  const { full, inside } = target;
  if (!inside) {
    // Also for a symlink that leads out of the workspace: the check is on real paths.
    const open = vscode.l10n.t('Open');
    const ok = await vscode.window.showWarningMessage(plainText(vscode.l10n.t('Open {0}? It is outside the workspace.', full)), { modal: true }, open);
    if (ok !== open) return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(full));
  const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
}

/** http(s) opens after the usual VS Code checks; mailto asks first; anything else never opens. */
async function openLink(href: string, log: Logger): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme === 'http' || uri.scheme === 'https') {
    await vscode.env.openExternal(uri);
    return;
  }
  if (uri.scheme === 'mailto') {
    const open = vscode.l10n.t('Open');
    const ok = await vscode.window.showWarningMessage(plainText(vscode.l10n.t('Open the mail link {0}?', href.slice(0, 200))), { modal: true }, open);
    if (ok === open) await vscode.env.openExternal(uri);
    return;
  }
  log.warn(`refused to open a ${uri.scheme}: link from the chat`);
}

/** A background task's Stop: through the backend's own mechanism; a refusal is shown, never lost. */
async function stopTask(id: string, ctx: IntentContext): Promise<void> {
  const tasks = ctx.controller?.tasks;
  if (!tasks) return;
  try {
    await tasks.stop(id);
  } catch (err) {
    ctx.log.warn(`stopping background task ${id}: ${(err as Error).message}`);
    void vscode.window.showWarningMessage(plainText(vscode.l10n.t('Could not stop the background task: {0}', (err as Error).message)));
  }
}

/** A queued prompt's chip: Edit takes it back into the box, Remove drops it, Send now interrupts the turn for it. */
async function queueAction(intent: Extract<WebviewIntent, { type: 'queueAction' }>, ctx: IntentContext): Promise<void> {
  const queue = queueFor(ctx.controller);
  if (!queue) return;
  switch (intent.action) {
    case 'edit': {
      const item = queue.remove(intent.id);
      for (const m of backIntoBox(item ? [item] : [])) ctx.reply(m);
      return;
    }
    case 'remove':
      queue.remove(intent.id);
      return;
    case 'sendNow':
      await queue.sendNow(intent.id);
      return;
    default:
      unreachable(intent.action);
  }
}
