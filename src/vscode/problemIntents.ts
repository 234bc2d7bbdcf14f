import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import { resolveInFolder } from './pathCheck';
import { plainText } from './plainText';
import { queueFor, queueWhileBusy } from './promptQueues';

/** What these intents need of the surface that got them (a slice of intents.ts's IntentContext). */
interface ProblemContext {
  controller: Chat | undefined;
  folder: string | undefined;
}

/** A footer's problem: its file at its line and column, only inside the workspace. */
export async function openProblem(turnId: string, index: number, ctx: ProblemContext): Promise<void> {
  const problem = ctx.controller?.problems?.problems(turnId)?.[index];
  if (!problem) return;
  const target = resolveInFolder(problem.path, ctx.folder);
  if (!target?.inside) {
    void vscode.window.showInformationMessage(plainText(vscode.l10n.t('{0} is outside the workspace: it is not opened from the chat.', problem.path)));
    return;
  }
  const pos = new vscode.Position(problem.line - 1, problem.column - 1);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(target.full));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
}

/** "Ask Claude to fix": the footer's problems as the chat's next prompt, queued like a typed one while Claude works. */
export async function fixProblems(turnId: string, ctx: ProblemContext): Promise<void> {
  const chat = ctx.controller;
  const text = chat?.problems?.fixPrompt(turnId);
  if (!chat || !text) {
    void vscode.window.showInformationMessage(vscode.l10n.t('These problems are no longer known (they are from an earlier window or chat).'));
    return;
  }
  if (queueWhileBusy() && queueFor(chat)?.offer(text)) return;
  await chat.send(text);
}
