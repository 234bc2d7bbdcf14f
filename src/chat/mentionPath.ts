/**
 * `@` mentions of files the CLI reads into the prompt (docs/protocol.md, "Permission prompts
 * through our MCP tool"). The CLI takes `@path` wherever an `@` follows whitespace or starts the
 * text, quoted (`@"a b"`) or not, and reads absolute paths outside the workspace without asking.
 * So a folder named `x @` holding `tmp/secret` makes even `@"x @/tmp/secret"` read /tmp/secret.
 */

/** A mention of `path`, or only its name as text when no mention of it would be safe. */
export function mentionPath(path: string): string {
  if (/^[\w./-]+$/.test(path)) return `@${path}`;
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001F\u007F]|(^|\s)@/.test(path)) return `the file ${JSON.stringify(defuseMentions(path))}`;
  return `@"${path}"`;
}

/**
 * File text pasted into a prompt (a selection) must not mention files itself: a zero-width
 * space before each `@` that would start a mention keeps the text readable and inert.
 */
export function defuseMentions(text: string): string {
  return text.replace(/(^|\s)@/g, '$1\u200B@');
}

/**
 * The editor's file, or its selected lines, as the mention the `@` menu inserts for a range
 * (`@src/a.ts#L3-7`); undefined when no mention of the path would be safe (see mentionPath).
 */
export function rangeMention(path: string, lines?: { start: number; end: number }): string | undefined {
  const ref = lines ? `${path}#L${lines.start}-${lines.end}` : path;
  if (/^[\w./-]+$/.test(path)) return `@${ref}`;
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001F\u007F]|(^|\s)@/.test(path)) return undefined;
  // The CLI takes the range inside the quotes (webview-ui/src/mentions.ts inserts the same).
  return `@"${ref}"`;
}
