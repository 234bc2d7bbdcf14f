import * as z from 'zod';
import type { PermissionDecision } from './permissions';

/**
 * Claude Code's interactive tools, `AskUserQuestion` and `ExitPlanMode`, reach our permission
 * tool like any other tool; the answer travels back in the reply (docs/protocol.md,
 * "Interactive tools: questions, plans, subagents, tasks"). This module turns what the user
 * picked into that reply. The UI is injected, so the flow runs the same in VS Code and in
 * tests; nothing here imports `vscode`. A `undefined` result means the user dismissed the UI:
 * the prompt stays pending.
 */

export { isInteractiveTool, PLAN_TOOL, QUESTION_TOOL } from './toolNames';

const Question = z.object({
  question: z.string().min(1),
  header: z.string().optional(),
  options: z.array(z.object({ label: z.string().min(1), description: z.string().optional() })).min(1),
  multiSelect: z.boolean().optional(),
});
export type Question = z.infer<typeof Question>;

/** The questions of an `AskUserQuestion` input, or undefined if the input has another shape. */
export function parseQuestions(input: Record<string, unknown>): Question[] | undefined {
  const r = z.array(Question).min(1).safeParse(input.questions);
  return r.success ? r.data : undefined;
}

/** What the review shows when the CLI passed no plan text at all (no plan file, nothing inline). */
export const NO_PLAN_TEXT = 'Claude did not write a plan. It asks to stop planning and start working.';

/**
 * The plan's markdown of an `ExitPlanMode` input. The backend fills `plan` in from wherever the
 * CLI left it (src/claude/planSource.ts); without any text this is still a plan review, never a
 * generic permission prompt with "Allow for Session".
 */
export function planOf(input: Record<string, unknown>): string {
  return typeof input.plan === 'string' && input.plan.trim() !== '' ? input.plan : NO_PLAN_TEXT;
}

export interface QuestionPickItem {
  label: string;
  description?: string;
  /** The free-text entry; picking it opens an input box. */
  other?: true;
}

/** What a question UI must do; VS Code implements it with a quick pick and an input box. */
export interface QuestionUi {
  /** Resolves with the picked items (one unless `canPickMany`), or undefined when dismissed. */
  pick(items: QuestionPickItem[], opts: { title: string; placeholder: string; canPickMany: boolean; step: number; totalSteps: number }): Promise<QuestionPickItem[] | undefined>;
  /** Free text for "Other…"; undefined when dismissed. */
  input(opts: { title: string; prompt: string }): Promise<string | undefined>;
}

export const OTHER_LABEL = 'Other…';

/**
 * Asks each question in turn. The CLI wants one string per question text: a single choice is
 * its label, several are joined with ", " (the CLI's own format for multi-select), and free
 * text stands for itself.
 */
export async function askQuestions(questions: Question[], ui: QuestionUi): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  for (const [i, q] of questions.entries()) {
    const items: QuestionPickItem[] = [...q.options.map((o) => ({ label: o.label, description: o.description })), { label: OTHER_LABEL, description: 'Type your own answer', other: true }];
    const title = q.header ? `Claude asks: ${q.header}` : 'Claude asks';
    const picked = await ui.pick(items, { title, placeholder: q.question, canPickMany: q.multiSelect === true, step: i + 1, totalSteps: questions.length });
    if (!picked || picked.length === 0) return undefined;
    const labels = picked.filter((p) => !p.other).map((p) => p.label);
    if (picked.some((p) => p.other)) {
      const text = await ui.input({ title, prompt: q.question });
      if (text === undefined || text.trim() === '') return undefined;
      labels.push(text.trim());
    }
    answers[q.question] = labels.join(', ');
  }
  return answers;
}

/** The reply that hands the answers to the CLI: the original input plus `answers`. */
export function answersDecision(input: Record<string, unknown>, answers: Record<string, string>): PermissionDecision {
  return { kind: 'allowWithInput', updatedInput: { ...input, answers } };
}

export type PlanChoice = { kind: 'approveAcceptEdits' } | { kind: 'approve' } | { kind: 'keepPlanning'; feedback: string };

/**
 * Approve switches the CLI out of plan mode by itself (to `default`); approve-and-accept asks
 * for `acceptEdits` in the same reply. Keep planning is a deny whose message is the feedback.
 */
export function planDecision(input: Record<string, unknown>, choice: PlanChoice): PermissionDecision {
  switch (choice.kind) {
    case 'approveAcceptEdits':
      return { kind: 'allowWithInput', updatedInput: input, setMode: 'acceptEdits' };
    case 'approve':
      return { kind: 'allowWithInput', updatedInput: input, setMode: 'default' };
    case 'keepPlanning':
      return { kind: 'deny', message: choice.feedback.trim() || 'The user wants you to keep planning. Refine the plan before you exit plan mode.' };
    default:
      return unreachable(choice);
  }
}

function unreachable(x: never): never {
  throw new Error(`unexpected plan choice ${JSON.stringify(x)}`);
}
