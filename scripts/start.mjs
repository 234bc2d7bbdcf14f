#!/usr/bin/env node
// `npm start`: build and package the extension, run real VS Code (code-server) on
// 127.0.0.1 with the VSIX installed, print the URL, and keep running until Ctrl-C.
//
//   node scripts/start.mjs [workspace] [--port N] [--smoke]
//
// workspace   folder to open (default: .cache/playground, created on first run)
// --port N    listen on N (default: a free port)
// --smoke     start everything, load the page once in headless Chromium, open the
//             Claude view, then stop and exit 0 (non-zero on failure). For tests and CI.
//
// Claude: with your own `claude` on PATH and credentials (ANTHROPIC_API_KEY, or
// ~/.claude/.credentials.json), chats talk to Claude. Otherwise the project's scripted
// model server answers (test/support/modelServer.ts) through node_modules/.bin/claude, and
// the panel says so.
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installExtension, setup, start } from "./code-server.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = path.join(REPO, ".cache");
/** `npm run package`, plus a base URL so that relative README links don't stop vsce. */
export const VSCE_ARGS = ["package", "--no-dependencies", "--baseContentUrl", "https://example.invalid/claude-chat/blob/HEAD/", "--baseImagesUrl", "https://example.invalid/claude-chat/raw/HEAD/", "--out", "claude-chat.vsix"];
const CHROMIUM_ARGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function say(...args) {
  console.log("[start]", ...args);
}

function parseArgs(argv) {
  const opts = { smoke: false, port: 0, workspace: undefined, skipPackage: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--smoke") opts.smoke = true;
    else if (a === "--skip-package") opts.skipPackage = true;
    else if (a === "--port") opts.port = Number(argv[++i]);
    else if (a.startsWith("--port=")) opts.port = Number(a.slice(7));
    else if (a === "-h" || a === "--help") {
      console.log("usage: node scripts/start.mjs [workspace] [--port N] [--smoke] [--skip-package]");
      process.exit(0);
    } else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
    else opts.workspace = path.resolve(a);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0) throw new Error("--port needs a number");
  return opts;
}

function runInherit(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed: ${signal ?? `exit ${code}`}`))));
  });
}

/** A `claude` on PATH that is the user's own, not this repo's dev dependency (`npm run` puts node_modules/.bin first). */
function userClaude() {
  const ownBin = path.join(REPO, "node_modules", ".bin");
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir || path.resolve(dir) === ownBin || path.resolve(dir).includes(`${path.sep}node_modules${path.sep}`)) continue;
    const candidate = path.join(dir, "claude");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function userCredentials() {
  if (process.env.ANTHROPIC_API_KEY) return "ANTHROPIC_API_KEY";
  if (process.env.CLAUDE_CODE_OAUTH_TOKEN) return "CLAUDE_CODE_OAUTH_TOKEN";
  const configDir = process.env.CLAUDE_CONFIG_DIR || path.join(os.homedir(), ".claude");
  const file = path.join(configDir, ".credentials.json");
  return fs.existsSync(file) ? file : undefined;
}

async function startModelServer() {
  // The scripted model server is TypeScript; tsx (a dev dependency) loads it.
  const { require: tsxRequire } = await import("tsx/cjs/api");
  const { ModelServer } = tsxRequire("../test/support/modelServer.ts", import.meta.url);
  const server = new ModelServer();
  await server.start();
  return server;
}

async function ensureWorkspace(dir) {
  await fsp.mkdir(dir, { recursive: true });
  const readme = path.join(dir, "README.md");
  if ((await fsp.readdir(dir)).length === 0) {
    await fsp.writeFile(
      readme,
      "# Playground\n\nA scratch folder for trying Claude Chat. Open the Claude icon in the activity bar and ask something.\n",
    );
  }
}

async function writeMachineSettings(userDataDir, values) {
  const file = path.join(userDataDir, "Machine", "settings.json");
  await fsp.mkdir(path.dirname(file), { recursive: true });
  let current = {};
  try {
    current = JSON.parse(await fsp.readFile(file, "utf8"));
  } catch {
    /* none yet */
  }
  await fsp.writeFile(file, JSON.stringify({ ...current, ...values }, null, 2) + "\n");
}

async function smokeCheck(url, scripted) {
  const { chromium } = await import("playwright-core");
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), "start-smoke-chrome-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const icon = page.locator('.activitybar .action-item a[aria-label^="Claude"]').first();
    await icon.waitFor({ timeout: 60_000 });
    say("smoke: workbench ready");
    await icon.click();
    const frame = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
    await frame.locator("textarea.prompt-input").waitFor({ timeout: 60_000 });
    say("smoke: the Claude view shows its prompt input");
    if (scripted) {
      await frame.locator(".badge.scripted").waitFor({ timeout: 30_000 });
      say('smoke: the panel says "scripted answers"');
    }
    const shot = path.join(REPO, "test-results", "e2e-start-smoke.png");
    await fsp.mkdir(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
  } finally {
    await context.close().catch(() => {});
    await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();

  if (!opts.skipPackage) {
    say("building and packaging the extension (vsce package: production build + VSIX)");
    await runInherit(path.join(REPO, "node_modules", ".bin", "vsce"), VSCE_ARGS);
  }
  const vsix = path.join(REPO, "claude-chat.vsix");
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing`);

  say("setting up code-server (cached after the first run; the first takes a few minutes)");
  await setup();

  const workspace = opts.workspace ?? path.join(CACHE, "playground");
  await ensureWorkspace(workspace);
  // A persistent profile for the interactive run; a throwaway one for --smoke.
  const profileRoot = opts.smoke ? await fsp.mkdtemp(path.join(os.tmpdir(), "claude-chat-start-")) : path.join(CACHE, "start-profile");
  const userDataDir = path.join(profileRoot, "user-data");
  const extensionsDir = path.join(profileRoot, "extensions");

  const claude = userClaude();
  const creds = userCredentials();
  let modelServer;
  const env = {};
  let cliPath;
  let scripted = false;
  if (claude && creds) {
    cliPath = claude;
    say(`using your claude (${claude}) and credentials (${creds})`);
  } else {
    scripted = true;
    modelServer = await startModelServer();
    const home = path.join(profileRoot, "scripted-home");
    await fsp.mkdir(home, { recursive: true });
    cliPath = path.join(REPO, "node_modules", ".bin", "claude");
    Object.assign(env, {
      HOME: home,
      CLAUDE_CONFIG_DIR: path.join(home, ".claude"),
      ANTHROPIC_BASE_URL: modelServer.url,
      ANTHROPIC_API_KEY: "sk-scripted-not-a-real-key",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_ERROR_REPORTING: "1",
      CLAUDE_CHAT_SCRIPTED: "1",
    });
    delete process.env.ANTHROPIC_API_KEY; // never forwarded by accident; the scripted key is set above
    const why = !claude ? "no `claude` on PATH" : "no Claude credentials (ANTHROPIC_API_KEY or ~/.claude/.credentials.json)";
    say("");
    say(`*** ANSWERS ARE SCRIPTED: ${why}. ***`);
    say(`*** Chats use ${path.relative(REPO, cliPath)} against the scripted test model at ${modelServer.url}, not Claude. ***`);
    say("*** Try prompts such as `SCENARIO:text`, `SCENARIO:slow:20`, `SCENARIO:echo`, `SCENARIO:tool-write:<abs path>`. ***");
    say("");
  }

  await installExtension({ vsix, userDataDir, extensionsDir, env });
  // claudeChat.cliPath is machine-scoped: in code-server the extension host reads it
  // from the server's Machine settings, not from the browser's User settings.
  await writeMachineSettings(userDataDir, { "claudeChat.cliPath": cliPath });
  const cs = await start({
    workspace,
    port: opts.port,
    userDataDir,
    extensionsDir,
    env,
    settings: { "claudeChat.cliPath": cliPath },
  });
  const url = `${cs.url}?folder=${encodeURIComponent(workspace)}`;

  let stopping;
  const shutdown = (code) =>
    (stopping ??= (async () => {
      say("stopping code-server and everything it started");
      await cs.stop().catch((e) => console.error("[start]", e.message));
      await modelServer?.stop().catch(() => {});
      if (opts.smoke) await fsp.rm(profileRoot, { recursive: true, force: true }).catch(() => {});
      process.exit(code);
    })());
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => void shutdown(sig === "SIGINT" ? 0 : 1));

  console.log("");
  console.log(`Claude Chat in VS Code: ${url}`);
  console.log(scripted ? "(answers are scripted: no claude on PATH or no credentials)" : "(using your claude and credentials)");
  console.log(`code-server log: ${cs.logFile}`);
  console.log("");

  if (opts.smoke) {
    let code = 0;
    try {
      await smokeCheck(url, scripted);
      say(`smoke passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      console.error("[start] smoke FAILED:", err?.stack ?? err);
      code = 1;
    }
    await shutdown(code);
    return;
  }
  say("running; press Ctrl-C to stop");
  // Keep the event loop alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
}

main().catch((err) => {
  console.error("[start] error:", err?.stack ?? err);
  process.exit(1);
});
