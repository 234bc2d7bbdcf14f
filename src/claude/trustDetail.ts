import { clipVisibly, visibleOneLine } from '../core/displayText';
import type { Finding, ProjectConfig, Risk } from './projectTrust';

/**
 * The body of the trust modal, without `vscode` so it is unit-tested: what can run
 * commands first, then what lowers safety, each listed in full whatever the file order (a hook
 * after 40 harmless keys was cut off before); then what only loads (agents all listed, the rest folded into a
 * count past a few lines); harmless settings only as a count. Every line is one line, invisible and bidi
 * characters shown as escapes; the caller still passes the whole text through plainText().
 */

export interface TrustTexts {
  /** Section titles, already translated. */
  runs: string;
  lowers: string;
  loads: string;
  /** "… and N more", for the loads section. */
  more: (n: number) => string;
  /** "N settings that need no trust: model, …". */
  harmless: (n: number, keys: string) => string;
}

/** Lines of the loads section shown before the rest is counted. */
export const MAX_LOADS_LINES = 12;
/** Long enough that a command cannot hide its tail, short enough for a modal. */
export const MAX_LINE_CHARS = 1000;

const ORDER: Risk[] = ['runs', 'lowers', 'loads'];

export function describeConfig(config: Pick<ProjectConfig, 'findings' | 'harmless'>, texts: TrustTexts): string {
  const out: string[] = [];
  for (const risk of ORDER) {
    const found = config.findings.filter((f) => f.risk === risk);
    if (found.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(texts[risk]);
    if (risk !== 'loads') {
      out.push(...found.map(line));
      continue;
    }
    // Agents run with their own tools once the model delegates to them: always listed, first.
    out.push(...found.filter((f) => f.kind === 'agent').map(line));
    const rest = found.filter((f) => f.kind !== 'agent').map(line);
    out.push(...rest.slice(0, MAX_LOADS_LINES));
    if (rest.length > MAX_LOADS_LINES) out.push(`  … ${texts.more(rest.length - MAX_LOADS_LINES)}`);
  }
  if (config.harmless.length > 0) {
    if (out.length > 0) out.push('');
    out.push(texts.harmless(config.harmless.length, visibleOneLine([...new Set(config.harmless)].join(', '))));
  }
  return out.join('\n');
}

function line(f: Finding): string {
  const detail = f.detail.includes(f.file) ? f.detail : `${f.detail} (${f.file})`;
  // Newlines and invisible characters would let one entry pose as several or hide its tail.
  return `  • ${clipVisibly(visibleOneLine(detail), MAX_LINE_CHARS).text}`;
}
