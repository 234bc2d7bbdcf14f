import * as vscode from 'vscode';
import { plainText } from './plainText';
import { askQuestions, answersDecision, parseQuestions, type QuestionPickItem, type QuestionUi } from '../core/interactiveTools';
import type { PermissionDecision, PermissionRequest } from '../core/permissions';

type Item = vscode.QuickPickItem & { source: QuestionPickItem };

/**
 * `AskUserQuestion` as native UI: one quick pick per question (the header as title, the
 * question as placeholder, each option with its description), "Other…" for free text.
 * The model's text is only ever a label here; quick picks render no markdown or links.
 */
export function vscodeQuestionUi(token?: vscode.CancellationToken): QuestionUi {
  return {
    async pick(items, opts) {
      // Labels, descriptions, title and placeholder come from the model: plain text.
      const qp: Item[] = items.map((i) => ({ label: plainText(i.label), description: i.description === undefined ? undefined : plainText(i.description), source: i, alwaysShow: i.other === true }));
      const title = plainText(opts.title);
      const common = { title: opts.totalSteps > 1 ? `${title} (${opts.step}/${opts.totalSteps})` : title, placeHolder: opts.placeholder === undefined ? undefined : plainText(opts.placeholder), ignoreFocusOut: true, matchOnDescription: true };
      if (opts.canPickMany) {
        const picked = await vscode.window.showQuickPick(qp, { ...common, canPickMany: true }, token);
        return picked?.map((p) => p.source);
      }
      const picked = await vscode.window.showQuickPick(qp, common, token);
      return picked ? [picked.source] : undefined;
    },
    async input(opts) {
      // The prompt is the model's question: plain text.
      return vscode.window.showInputBox({ title: plainText(opts.title), prompt: opts.prompt === undefined ? undefined : plainText(opts.prompt), placeHolder: vscode.l10n.t('Your answer'), ignoreFocusOut: true }, token);
    },
  };
}

/** Closes the quick pick or input box when the prompt is withdrawn (Stop, timeout, session end). */
export function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source;
}

/** Asks the request's questions; undefined when dismissed (the prompt stays pending). */
export async function askQuestionsNatively(req: PermissionRequest): Promise<PermissionDecision | undefined> {
  const questions = parseQuestions(req.input);
  if (!questions) return undefined;
  const source = tokenFor(req.signal);
  try {
    const answers = await askQuestions(questions, vscodeQuestionUi(source.token));
    return answers ? answersDecision(req.input, answers) : undefined;
  } finally {
    source.dispose();
  }
}
