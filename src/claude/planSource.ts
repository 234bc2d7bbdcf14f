import { readFileSync, statSync } from 'node:fs';
import { PLAN_TOOL } from '../core/interactiveTools';

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
 */
export function withPlanText(toolName: string, input: Record<string, unknown>, toolUseInput?: Record<string, unknown>): Record<string, unknown> {
  if (toolName !== PLAN_TOOL || hasText(input.plan)) return input;
  const fromFile = typeof input.planFilePath === 'string' ? readPlanFile(input.planFilePath) : undefined;
  if (fromFile !== undefined) return { ...input, plan: fromFile };
  if (hasText(toolUseInput?.plan)) return { ...input, plan: toolUseInput.plan };
  return input;
}

function hasText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function readPlanFile(path: string): string | undefined {
  try {
    if (!path.endsWith('.md') || statSync(path).size > MAX_PLAN_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return hasText(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
