// Renders media/icon.png (128×128, for the Marketplace listing) from media/claude.svg with headless Chromium: node scripts/render-icon.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const svg = readFileSync('media/claude.svg', 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"').replace('width="24" height="24"', 'width="84" height="84"').replace('stroke-width="1.5"', 'stroke-width="1.6"');
const html = `<html><body style="margin:0;background:transparent"><div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(135deg,#d97757,#b5543a);display:flex;align-items:center;justify-content:center">${svg}</div></body></html>`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 128, height: 128 } });
await p.setContent(html);
await p.screenshot({ path: 'media/icon.png', omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await b.close();
