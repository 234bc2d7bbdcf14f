/**
 * I1: `getDiagnostics` (no uri: every file) on a folder with 1,000 diagnostics, as the CLI calls
 * it: a WebSocket MCP `tools/call` to the real IDE server (src/ide/server.ts), answered by the real
 * VS Code editor port (src/vscode/ideEditor.ts, which reads and formats the diagnostics) under a
 * stub `vscode` module holding them. Baseline: the same call on a folder with none (the round
 * trip's floor).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the editor port loads after the stub `vscode` module is in place */
import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { nullLogger } from '../src/core/logger';
import type { EditorPort } from '../src/ide/editorPort';
import type * as IdeServerModule from '../src/ide/server';
import type { IdeServer } from '../src/ide/server';
import type * as IdeEditorModule from '../src/vscode/ideEditor';
import { type Figure, log, median, now, p95, round } from './lib';

const FILES = 100;
const PER_FILE = 10;

interface StubUri {
  scheme: string;
  fsPath: string;
  toString(): string;
}
interface StubDiagnostic {
  message: string;
  severity: number;
  source: string;
  code: { value: number; target: StubUri } | number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const uri = (p: string): StubUri => ({ scheme: 'file', fsPath: p, toString: () => `file://${p}` });

/** What ideEditor.ts touches of `vscode`, with `count` diagnostics spread over FILES files. */
function stubVscode(ws: string, state: { entries: [StubUri, StubDiagnostic[]][] }) {
  const disposable = { dispose() {} };
  return {
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    Uri: { file: uri },
    languages: {
      getDiagnostics: (u?: StubUri) => (u ? (state.entries.find(([x]) => x.fsPath === u.fsPath)?.[1] ?? []) : state.entries),
    },
    workspace: { workspaceFolders: [{ uri: uri(ws), name: 'ws', index: 0 }], textDocuments: [] },
    window: { onDidChangeTextEditorSelection: () => disposable, tabGroups: { onDidChangeTabs: () => disposable, all: [], activeTabGroup: {} } },
    commands: { executeCommand: async () => undefined },
    l10n: { t: (s: string) => s },
  };
}

function diagnosticsOf(ws: string, count: number): [StubUri, StubDiagnostic[]][] {
  const out: [StubUri, StubDiagnostic[]][] = [];
  for (let f = 0; f * PER_FILE < count; f++) {
    const list: StubDiagnostic[] = [];
    for (let i = 0; i < PER_FILE && f * PER_FILE + i < count; i++) {
      const line = i * 7;
      list.push({
        message: `Type 'string' is not assignable to type 'number'. (diagnostic ${f * PER_FILE + i})`,
        severity: i % 3 === 0 ? 1 : 0,
        source: 'ts',
        code: i % 2 ? 2322 : { value: 2322, target: uri('/docs/2322') },
        range: { start: { line, character: 4 }, end: { line, character: 19 } },
      });
    }
    out.push([uri(join(ws, 'src', `file${f}.ts`)), list]);
  }
  return out;
}

/** One MCP client over the server's WebSocket, as the CLI connects. */
async function connect(server: IdeServer): Promise<{ call: (method: string, params?: unknown) => Promise<{ result?: { content: { text: string }[] } }>; close: () => void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, ['mcp'], { headers: { 'x-claude-code-ide-authorization': server.authToken } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (m: never) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { id?: number };
    if (m.id !== undefined) pending.get(m.id)?.(m as never);
  });
  const call = (method: string, params?: unknown) =>
    new Promise<never>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  return { call, close: () => ws.close() };
}

export async function runIdeDiagnosticsBench(reps: number): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'claude-chat-bench-ide-'));
  const ws = join(root, 'ws');
  const state = { entries: [] as [StubUri, StubDiagnostic[]][] };
  const vscode = stubVscode(ws, state);
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const realLoad = mod._load;
  mod._load = function (request, parent, isMain) {
    return request === 'vscode' ? vscode : realLoad.call(this, request, parent, isMain);
  };
  let server: IdeServer | undefined;
  try {
    const { VscodeEditorPort } = require('../src/vscode/ideEditor') as typeof IdeEditorModule;
    const { IdeServer } = require('../src/ide/server') as typeof IdeServerModule;
    const editor = new VscodeEditorPort(uri(join(root, 'storage')) as never) as EditorPort;
    server = await IdeServer.start({ editor, ideName: 'Bench', log: nullLogger, lockDir: join(root, 'ide') });
    const client = await connect(server);
    await client.call('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'claude-code', version: 'bench' } });
    const measure = async (count: number): Promise<{ ms: number[]; answered: number; bytes: number }> => {
      state.entries = diagnosticsOf(ws, count);
      const ms: number[] = [];
      let answered = 0;
      let bytes = 0;
      for (let i = 0; i < reps + 3; i++) {
        const t = now();
        const r = await client.call('tools/call', { name: 'getDiagnostics', arguments: {} });
        const took = now() - t;
        const text = r.result?.content[0]?.text ?? '[]';
        answered = (JSON.parse(text) as { diagnostics: unknown[] }[]).reduce((n, f) => n + f.diagnostics.length, 0);
        bytes = text.length;
        // The first calls warm the JIT.
        if (i >= 3) ms.push(took);
      }
      return { ms, answered, bytes };
    };
    log(`I1: getDiagnostics × ${reps} with 1,000 diagnostics, and with none`);
    const empty = await measure(0);
    const full = await measure(FILES * PER_FILE);
    client.close();
    if (full.answered !== FILES * PER_FILE) throw new Error(`I1: getDiagnostics answered ${full.answered} diagnostics, not ${FILES * PER_FILE}`);
    const m = median(full.ms);
    return [
      {
        id: 'I1',
        what: `getDiagnostics (all files) with ${FILES * PER_FILE} diagnostics in ${FILES} files: WebSocket tools/call round trip to the real IDE server and editor port`,
        unit: 'ms',
        median: round(m, 2)!,
        p95: round(p95(full.ms), 2)!,
        n: full.ms.length,
        baseline: round(median(empty.ms), 2),
        baselineWhat: 'the same call with no diagnostics (the round trip alone)',
        ratio: round(m / median(empty.ms), 3),
        target: '≤ 50 ms',
        pass: m <= 50,
        notes: 'stub vscode module: languages.getDiagnostics returns prepared objects (VS Code’s own copy out of its diagnostic collections is not in it); the client’s JSON.parse of the answer is in it',
        extra: { answerBytes: full.bytes, diagnostics: full.answered },
      },
    ];
  } finally {
    mod._load = realLoad;
    await server?.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}
