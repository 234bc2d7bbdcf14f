import { escapeInvisible } from '../core/displayText';

/**
 * Model-, repository- or file-derived text made inert for VS Code's native surfaces.
 *
 * What those surfaces render (checked in code-server 4.139 / VS Code 1.139's workbench):
 * - notifications (`showInformationMessage` & co.) parse `[label](https://…|command:…|file:…)`
 *   into a clickable link (`parseLinkedText`); a `command:` link runs the command;
 * - quick pick labels, descriptions and details, status bar texts render `$(codicon)` as icons
 *   (so text could forge a "✓ trusted" look);
 * - invisible and bidi characters reorder or hide what follows in every one of them.
 *
 * The fix keeps the text readable as it was: a zero-width space between `]` and `(` and between
 * `$` and `(` breaks both syntaxes without changing what the user reads, and invisible
 * characters become `\u202E`-style escapes. Apply it once, at the boundary to VS Code.
 */
export function plainText(s: string): string {
  // A breaker from an earlier call is taken out first (else it would be escaped as an
  // invisible), so plainText(plainText(x)) === plainText(x).
  return escapeInvisible(s.replace(BREAK_AFTER, '$1')).replace(/([\]$])\(/g, `$1${ZWSP}(`);
}

const ZWSP = '\u200B';
/** A breaker we inserted earlier: dropped, then inserted again, which keeps plainText idempotent. */
const BREAK_AFTER = /([\]$])\u200B(?=\()/g;
