/** Types for scripts/l10n.mjs (the unit tests import it). */
export interface L10nError {
  file: string;
  line: number;
  message: string;
}
export const BUNDLE: string;
export function extractFromSource(text: string, fileName: string, webview: boolean): { keys: string[]; errors: L10nError[] };
export function extractProject(): { bundle: Record<string, string>; errors: L10nError[]; text: string };
export function checkBundle(): { errors: L10nError[]; missing: string[]; stale: string[]; upToDate: boolean };
