import { defuseMentions } from '../chat/mentionPath';

/** Longest prompt a link may fill; a link is someone else's text, so it stays short. */
export const MAX_LINK_PROMPT = 8_000;

/** A link's prompt as the prompt box gets it, and what the link held before that. */
export interface LinkPrompt {
  /** One line: no newlines, no invisible or bidi characters, `@` mentions defused, capped. */
  text: string;
  /** Lines and characters of the text as the link carried it (shown to the user). */
  lines: number;
  chars: number;
}

// Newlines and the other line and paragraph breaks: a second line could hide below the first.
const BREAKS = /\r\n?|[\n\v\f\u0085\u2028\u2029]/g;
// Controls, bidi embeddings/overrides/isolates/marks, zero-width characters, soft hyphen, BOM:
// they could hide or reorder what the prompt says.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/g;

/**
 * The prompt a `/open?prompt=…` link carries, made safe to put in the prompt box: a link can
 * come from any web page, so what the user sees must be all there is. Undefined for any other
 * link; an empty text when the link has no prompt.
 */
export function promptFromLink(path: string, query: string): LinkPrompt | undefined {
  if (path.replace(/\/+$/, '') !== '/open') return undefined;
  let raw: string | null;
  try {
    raw = new URLSearchParams(query).get('prompt');
  } catch {
    return undefined;
  }
  if (raw === null) return { text: '', lines: 0, chars: 0 };
  const lines = raw.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split(BREAKS).length;
  const oneLine = raw
    .replace(INVISIBLE, '')
    .replace(BREAKS, ' ')
    // Tabs and runs of blanks could push the rest of the line out of sight.
    .replace(/[\t ]{2,}|\t/g, ' ')
    .trim();
  // The CLI reads `@path` into the prompt (even outside the workspace): a link mentions no file.
  const text = defuseMentions(Array.from(oneLine).slice(0, MAX_LINK_PROMPT).join(''));
  return { text, lines: raw === '' ? 0 : lines, chars: Array.from(raw).length };
}
