// P5 child: a fresh Node process requires the built extension with a stub `vscode` module and
// times activate(). Only what activate() touches is real-ish; everything else is a no-op.
// Usage: node activateChild.cjs <path to extension.js>. Prints one JSON line.
'use strict';
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const disposable = () => ({ dispose() {} });
const event = () => disposable;
const noop = () => undefined;
const counts = {};
const count = (k) => (counts[k] = (counts[k] ?? 0) + 1);

class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => (this.listeners.add(l), { dispose: () => this.listeners.delete(l) }); }
  fire(v) { for (const l of this.listeners) l(v); }
  dispose() { this.listeners.clear(); }
}
class Uri {
  constructor(scheme, path) { this.scheme = scheme; this.path = path; this.fsPath = path; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { return new Uri('file', s); }
  static from(o) { return new Uri(o.scheme, o.path); }
  static joinPath(u, ...parts) { return new Uri(u.scheme, [u.path, ...parts].join('/')); }
  toString() { return `${this.scheme}://${this.path}`; }
  with() { return this; }
}
const channel = { name: 'Claude Chat', logLevel: 2, onDidChangeLogLevel: event(), trace: noop, debug: noop, info: noop, warn: noop, error: noop, append: noop, appendLine: noop, replace: noop, clear: noop, show: noop, hide: noop, dispose: noop };
const statusItem = { text: '', tooltip: '', command: undefined, backgroundColor: undefined, name: '', show: noop, hide: noop, dispose: noop };

const vscode = {
  EventEmitter,
  Uri,
  Disposable: class Disposable { constructor(fn) { this.fn = fn; } dispose() { this.fn?.(); } static from(...d) { return { dispose: () => d.forEach((x) => x.dispose()) }; } },
  ThemeColor: class ThemeColor { constructor(id) { this.id = id; } },
  ThemeIcon: class ThemeIcon { constructor(id) { this.id = id; } },
  Range: class Range {},
  Position: class Position {},
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { One: 1, Active: -1, Beside: -2 },
  window: {
    createOutputChannel: () => (count('createOutputChannel'), channel),
    createStatusBarItem: () => (count('createStatusBarItem'), statusItem),
    registerWebviewViewProvider: () => (count('registerWebviewViewProvider'), disposable()),
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showQuickPick: async () => undefined,
    showTextDocument: async () => undefined,
    onDidChangeActiveTextEditor: event(),
    // A window without a terminal: with one open, the IDE server starts after activation, on purpose (src/vscode/ideServer.ts).
    terminals: [],
  },
  commands: {
    registerCommand: () => (count('registerCommand'), disposable()),
    executeCommand: async () => (count('executeCommand'), undefined),
  },
  workspace: {
    workspaceFolders: [{ uri: Uri.file('/tmp/bench-ws'), name: 'bench-ws', index: 0 }],
    isTrusted: true,
    getConfiguration: () => ({ get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => undefined }),
    onDidChangeWorkspaceFolders: event(),
    onDidChangeConfiguration: event(),
    onDidGrantWorkspaceTrust: event(),
    registerTextDocumentContentProvider: () => disposable(),
    openTextDocument: async () => ({}),
  },
  env: { clipboard: { writeText: async () => undefined }, openExternal: async () => true, machineId: 'bench', sessionId: 'bench' },
  // English, as VS Code without a language pack: the key is the message, {n} filled in.
  l10n: { bundle: undefined, uri: undefined, t: (message, ...args) => String(message).replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i]))) },
  extensions: { getExtension: () => undefined },
};

// Anything activate() reaches that is not modelled above (the extension grows): a callable,
// constructible no-op whose members are no-ops too, so it keeps working and says what it stubbed.
const autoStubbed = new Set();
function auto(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return noop;
      if (typeof prop === 'symbol') return undefined;
      return auto(`${name}.${prop}`);
    },
    apply() {
      autoStubbed.add(name);
      return auto(`${name}()`);
    },
    construct() {
      autoStubbed.add(`new ${name}`);
      return auto(`new ${name}`);
    },
  });
}
function withFallback(obj, name) {
  return new Proxy(obj, {
    get(t, prop) {
      if (prop in t || typeof prop === 'symbol' || prop === 'then') return t[prop];
      return auto(`${name}.${String(prop)}`);
    },
  });
}
for (const ns of ['window', 'commands', 'workspace', 'env', 'extensions']) vscode[ns] = withFallback(vscode[ns], `vscode.${ns}`);
const vscodeModule = withFallback(vscode, 'vscode');

const realLoad = Module._load;
// The bundle's lazily loaded chunks (./ide.js, ./permissionServer.js, ./acp.js, ...): activation must load none.
const lazyChunks = [];
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscodeModule;
  if (/^\.\/[\w-]+\.js$/.test(request)) lazyChunks.push(request);
  return realLoad.call(this, request, parent, isMain);
};

const file = process.argv[2];
const t0 = performance.now();
const ext = require(file);
const t1 = performance.now();
const memento = withFallback({ get: (_k, d) => d, update: async () => undefined, keys: () => [] }, 'memento');
const context = withFallback({ subscriptions: [], extensionUri: Uri.file(require('node:path').dirname(require('node:path').dirname(file))), extensionPath: '', globalState: memento, workspaceState: memento, secrets: withFallback({ get: async () => undefined, store: async () => undefined, onDidChange: event() }, 'secrets'), extensionMode: 1, logUri: Uri.file('/tmp'), globalStorageUri: Uri.file('/tmp'), storageUri: Uri.file('/tmp') }, 'context');
const a0 = performance.now();
ext.activate(context);
const a1 = performance.now();
// What activate() started without awaiting (a dynamic import resolves a few ticks later) counts too.
require('node:timers').setTimeout(() => {
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: a1 - a0, subscriptions: context.subscriptions.length, counts, autoStubbed: [...autoStubbed], lazyChunks }) + '\n');
  process.exit(0);
}, 50);
