import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatEvent } from '../../src/shared/contract';
import { useHarness, type TestWindow } from './harness';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '[click me](javascript:window.__pwned=3)',
  '[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD00PC9zY3JpcHQ+)',
  '[vb](vbscript:msgbox(1))',
  '<javascript:window.__pwned=5>',
  'Inline `<img src=x onerror=window.__pwned=6>` code',
  '<svg onload="window.__pwned=7"><script>window.__pwned=8</script></svg>',
  '<a href="javascript:window.__pwned=9">raw anchor</a>',
  '![img](x" onerror="window.__pwned=10)',
  '```html\n<script>window.__pwned=11</script>\n```',
  '<iframe srcdoc="<script>parent.__pwned=12</script>"></iframe>',
].join('\n\n');

describe('webview: hostile markdown', () => {
  const harness = useHarness();

  for (const mode of ['streamed', 'snapshot'] as const) {
    it(`renders payloads inert and shows their text escaped (${mode})`, async () => {
      const wp = await harness.open();
      if (mode === 'snapshot') {
        await wp.snapshot([{ type: 'user', turnId: 't', text: PAYLOADS }, { type: 'block', messageId: 'm', index: 0, kind: 'text', text: PAYLOADS }]);
      } else {
        await wp.snapshot([{ type: 'user', turnId: 't', text: PAYLOADS }]);
        const chunks = PAYLOADS.match(/[\s\S]{1,7}/g)!;
        await wp.call('stream', chunks.map((text): ChatEvent => ({ type: 'text', messageId: 'm', index: 0, text })), 2);
      }
      // Give any payload a chance to fire, then click every link.
      for (const link of await wp.page.locator('.entry a').all()) await link.click();
      await wp.page.waitForTimeout(200);

      assert.equal(await wp.page.evaluate(() => (globalThis as unknown as TestWindow).__pwned), undefined);
      const dangerous = await wp.call('scanDangerous');
      assert.deepEqual(dangerous, { tags: [], handlers: [], hrefs: [] });
      // Nothing was merely blocked by the CSP: the markup never got that far.
      assert.deepEqual(await wp.violations(), []);

      const text = (await wp.page.locator('.entry.assistant').textContent())!;
      for (const raw of ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '<svg onload="window.__pwned=7">', '<img src=x onerror=window.__pwned=6>']) {
        assert.ok(text.includes(raw), `shows ${raw} as text`);
      }
      // The user's own message is plain text too.
      assert.equal(await wp.page.locator('.entry.user .user-text').textContent(), PAYLOADS);
      // Links never navigate; unsafe ones post nothing at all.
      const links = (await wp.posted()).filter((m) => m.type === 'openLink').map((m) => String(m.href));
      assert.ok(links.every((h) => !/^(javascript|data|vbscript):/i.test(h)), JSON.stringify(links));
      assert.match(wp.page.url(), /^http:\/\/127\.0\.0\.1:\d+\/\?theme=dark$/);
      await wp.close();
    });
  }
});

describe('webview: model text loads nothing from the network', () => {
  const harness = useHarness();

  it('a remote image in an answer becomes a link: no <img>, no request reaches the stand-in attacker', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pixel.png?d=SECRET`;
      const wp = await harness.open();
      await wp.snapshot([
        { type: 'user', turnId: 't', text: 'show me' },
        { type: 'block', messageId: 'm', index: 0, kind: 'text', text: `Here: ![diagram](${url}) and [ref][r]\n\n![ref img][r]\n\n[r]: ${url}&ref=1` },
      ]);
      await wp.page.waitForTimeout(300);
      assert.equal(await wp.page.locator('.entry img').count(), 0);
      assert.deepEqual(await wp.page.locator('.entry.assistant a', { hasText: '[image: diagram]' }).evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [url]);
      assert.deepEqual(requests, [], 'nothing was fetched from the stand-in attacker');
      await wp.closeClean();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
