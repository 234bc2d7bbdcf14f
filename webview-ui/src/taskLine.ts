import { t } from './l10n';
import type { ToolEntry } from './entries';

/** The CLI's task tools: their calls fold into the task list; the transcript shows one line each. */
export const TASK_TOOLS: ReadonlySet<string> = new Set(['TaskCreate', 'TaskUpdate', 'TaskList', 'TaskGet']);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** What the call changed, in words: "Task added: Write the parser", "Task done: Write the parser". */
export function taskLineText(entry: ToolEntry): string {
  const input = obj(entry.tool.input);
  const s = obj(entry.result?.structured);
  const id = str(input.taskId);
  const subject = str(input.subject) ?? entry.taskSubject ?? str(obj(s.task).subject) ?? (id ? `#${id}` : '');
  switch (entry.tool.name) {
    case 'TaskCreate':
      return t('Task added: {0}', subject);
    case 'TaskUpdate':
      switch (input.status) {
        case 'completed':
          return t('Task done: {0}', subject);
        case 'in_progress':
          return t('Task started: {0}', subject);
        case 'pending':
          return t('Task to do: {0}', subject);
        case 'deleted':
          return t('Task removed: {0}', subject);
        default:
          return t('Task updated: {0}', subject);
      }
    case 'TaskList':
      return Array.isArray(s.tasks) ? t('Checked the task list ({0} tasks)', s.tasks.length) : t('Checked the task list');
    default:
      return t('Looked up task {0}', subject);
  }
}
