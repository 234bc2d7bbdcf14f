#!/usr/bin/env node
// Tiny Playwright check of the code-server harness: start code-server on a temp
// workspace, open the workbench in headless Chromium (playwright-core, system
// /usr/bin/chromium or env CHROMIUM), see the Explorer list the workspace file, stop.
//
//   node scripts/code-server-pw-check.mjs
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { setup, start } from "./code-server.mjs";

const CHROMIUM_ARGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

await setup();
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cs-pw-"));
const workspace = path.join(tmp, "ws");
await fs.mkdir(workspace);
await fs.writeFile(path.join(workspace, "hello-from-playwright.txt"), "hi\n");

const t0 = Date.now();
const cs = await start({ workspace, userDataDir: path.join(tmp, "ud"), extensionsDir: path.join(tmp, "ext") });
let context;
let failed = false;
try {
  // Playwright refuses --user-data-dir in args: use launchPersistentContext.
  context = await chromium.launchPersistentContext(path.join(tmp, "chrome"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${cs.url}?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench .activitybar").waitFor({ timeout: 30_000 });
  console.log(`[pw-check] workbench ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The Explorer is open on a fresh profile; make sure, then find the file.
  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "hello-from-playwright.txt" });
  if (!(await row.isVisible().catch(() => false))) await page.keyboard.press("Control+Shift+E");
  await row.waitFor({ timeout: 30_000 });
  console.log(`[pw-check] explorer shows the workspace file after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  failed = true;
  console.error("[pw-check] FAILED:", err?.stack ?? err, `\n(code-server log: ${cs.logFile})`);
} finally {
  await context?.close().catch(() => {});
  await cs.stop();
}
if (!failed) await fs.rm(tmp, { recursive: true, force: true });
console.log(`[pw-check] ${failed ? "FAILED" : "passed"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exitCode = failed ? 1 : 0;
