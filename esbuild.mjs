// One build for the extension host (CommonJS, vscode external) and the webview (browser IIFE).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

// The MCP permission server, the ACP client, the IDE server and the plan renderer (markdown-it) are loaded on
// first use (dynamic import), so they are bundles of their own: activation loads only dist/extension.js.
// The specifiers as written: src/chat/chatFactory.ts imports the server, src/chat/acp/acpChat.ts the
// client, src/vscode/ideServer.ts the IDE server.
const LAZY = { '../claude/permissionServer': 'permissionServer', '../../acp': 'acp', './planHtml': 'planHtml', '../ide': 'ide' };
const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /^(\.\.\/claude\/permissionServer|\.\.\/\.\.\/acp|\.\.\/ide|\.\/planHtml)$/ }, (args) =>
      args.kind === 'dynamic-import' && LAZY[args.path] ? { path: `./${LAZY[args.path]}.js`, external: true } : undefined,
    );
  },
};

const host = {
  ...common,
  entryPoints: {
    extension: 'src/vscode/extension.ts',
    permissionServer: 'src/claude/permissionServer.ts',
    acp: 'src/acp/index.ts',
    planHtml: 'src/vscode/planHtml.ts',
    // The IDE server (issue 24), with ws: loaded when a terminal or chat first needs it.
    ide: 'src/ide/index.ts',
    // The process guard runs as its own Node process next to the host (src/core/processGuard.ts).
    processGuard: 'src/core/processGuardMain.ts',
  },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ws's optional native speed-ups: absent, ws falls back to JavaScript.
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  plugins: [lazyChunks],
  // require() rather than import(): plain CommonJS loading, as VS Code's extension host expects.
  supported: { 'dynamic-import': false },
  metafile: true,
};

const webview = {
  ...common,
  entryPoints: { webview: 'webview-ui/src/main.ts' },
  outdir: 'dist',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  metafile: true,
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(host), esbuild.context(webview)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching');
} else {
  const results = await Promise.all([esbuild.build(host), esbuild.build(webview)]);
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (!file.endsWith('.map')) console.log(`[esbuild] ${file} ${(info.bytes / 1024).toFixed(1)} KB`);
    }
  }
}
