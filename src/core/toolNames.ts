/**
 * The interactive tools: the CLI asks its permission tool before each, and the answer is the
 * user's answer (a question's, a plan review's), never a permission. A leaf, so the permission
 * rules (permissions.ts) and the interactive flows (interactiveTools.ts) both read it without
 * importing each other.
 */
export const QUESTION_TOOL = 'AskUserQuestion';
export const PLAN_TOOL = 'ExitPlanMode';

export function isInteractiveTool(toolName: string): boolean {
  return toolName === QUESTION_TOOL || toolName === PLAN_TOOL;
}
