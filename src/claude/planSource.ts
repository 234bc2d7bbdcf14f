import { isAbsolute } from 'node:path';
import { PLAN_TOOL } from '../core/interactiveTools';
import { readGuardedFile } from './guardedFile';

/** A plan file larger than this is not read into a prompt (a real plan is a few KB). */
const MAX_PLAN_BYTES = 1024 * 1024;

/**
 * The input of an `ExitPlanMode` prompt with its plan text filled in, wherever the CLI left it
 * (docs/protocol.md, "CLI versions"). The plan-mode model writes its plan to a file under
 * `<config dir>/plans/` and calls `ExitPlanMode` with no input; the CLI then puts `plan` and
 * `planFilePath` into the permission tool's input (2.1.197 and 2.1.332 alike). A model that
 * passes `plan` inline without writing the file: 2.1.197 forwards it, 2.1.332 reads the missing
 * file and forwards `{}`, so the model's own call (`toolUseInput`, from the stream) is the last source.
 * Other tools, and inputs that already carry a plan, come back unchanged.
 *
 * `planFilePath` can be whatever the model put in its call (2.1.197 forwards the input as is), so
 * the file is read only inside `plansDir` (the CLI's `<config dir>/plans`) and only with the
 * guarded reader: a link to `/dev/zero` or a FIFO must not hang the extension host, and a `.md`
 * elsewhere must not reach the plan view or, through `updatedInput.plan`, the model without the
 * Read prompt. Any other path falls through to the other sources.
 */
export function withPlanText(
  toolName: string,
  input: Record<string, unknown>,
  toolUseInput: Record<string, unknown> | undefined,
  plansDir: string,
): Record<string, unknown> {
  if (toolName !== PLAN_TOOL || hasText(input.plan)) return input;
  const fromFile = typeof input.planFilePath === 'string' ? readPlanFile(input.planFilePath, plansDir) : undefined;
  if (fromFile !== undefined) return { ...input, plan: fromFile };
  if (hasText(toolUseInput?.plan)) return { ...input, plan: toolUseInput.plan };
  return input;
}

function hasText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function readPlanFile(path: string, plansDir: string): string | undefined {
  if (!path.endsWith('.md') || !isAbsolute(path)) return undefined;
  const read = readGuardedFile(path, { within: plansDir, maxBytes: MAX_PLAN_BYTES });
  return read.kind === 'ok' && hasText(read.text) ? read.text : undefined;
}
