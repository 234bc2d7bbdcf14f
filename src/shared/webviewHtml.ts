/**
 * The panel's page: a strict CSP (nothing but our nonce'd script and stylesheet), served by
 * the host and by the webview tests alike. `before`/`after` are for test doubles only.
 */
export function webviewHtml(o: { cspSource: string; nonce: string; scriptUri: string; styleUri: string; before?: string; after?: string }): string {
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${o.nonce}" href="${o.styleUri}">
<title>Claude</title>
</head>
<body>
${o.before ?? ''}
<div id="root"></div>
<script nonce="${o.nonce}" src="${o.scriptUri}"></script>
${o.after ?? ''}
</body>
</html>`;
}
