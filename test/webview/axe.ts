import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebviewPage } from './harness';

const AXE = readFileSync(join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core in the page: the serious and critical violations, one line each. */
export async function seriousViolations(wp: WebviewPage): Promise<string[]> {
  await wp.page.evaluate(AXE);
  return wp.page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const r = await (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: V[] }> } }).axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  });
}
