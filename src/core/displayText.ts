/**
 * Text from the model, a repository or a file, made honest for a one-line display: nothing in
 * it can hide what it says. Pure, no `vscode`: the permission summaries (both backends) and the
 * VS Code adapter's `plainText` use it.
 */

/**
 * Characters that change how the rest of a line looks or that show as nothing: C0 and C1
 * controls (except tab and newline, which callers handle), bidi embeddings, overrides and
 * isolates, directional marks, zero-width characters, line/paragraph separators, BOM.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

/** `\u202E` instead of an RLO, and so on: the character is named, not obeyed. */
export function escapeInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

export function hasInvisible(s: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(s);
  INVISIBLE.lastIndex = 0;
  return found;
}

/** Runs this long or longer are shown as `⟨N spaces⟩`; shorter ones (indentation, alignment) stay. */
export const WHITESPACE_RUN = 4;

/**
 * One line: newlines become ` ⏎ `, long runs of spaces/tabs become a visible count (so padding
 * cannot push the rest of a command out of sight), invisible characters become escapes.
 */
export function visibleOneLine(s: string): string {
  return escapeInvisible(collapseRuns(s.replace(/[ \t]*\r?\n[ \t]*/g, ' ⏎ ').trim()));
}

/** Like `visibleOneLine` but keeps line breaks, for a modal that shows the full text. */
export function visibleMultiLine(s: string): string {
  return escapeInvisible(collapseRuns(s.replace(/\r\n/g, '\n')));
}

const RUN = new RegExp(`[ \\t]{${WHITESPACE_RUN},}`, 'g');

function collapseRuns(s: string): string {
  return s.replace(RUN, (run) => {
    const kind = /^ +$/.test(run) ? 'spaces' : /^\t+$/.test(run) ? 'tabs' : 'blanks';
    return ` ⟨${run.length} ${kind}⟩ `;
  });
}

/** True when `visibleOneLine` had to change something other than newlines: worth a closer look. */
export function isOdd(s: string): boolean {
  RUN.lastIndex = 0;
  const runs = RUN.test(s);
  RUN.lastIndex = 0;
  return runs || hasInvisible(s);
}

/** Cuts visibly, never silently: the mark says how much is left out. */
export function clipVisibly(s: string, max: number): { text: string; clipped: boolean } {
  if (s.length <= max) return { text: s, clipped: false };
  return { text: `${s.slice(0, max)}… (+${s.length - max} characters)`, clipped: true };
}
