import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The import graph the README promises: vscode → chat → {claude, acp} → core, with shared at the
 * bottom and the webview beside it. Inside src/chat, the backend-neutral files stay apart from the
 * adapters (src/chat/claude, src/chat/acp); src/chat/chatFactory.ts alone builds the chats, so it
 * alone above the adapters imports a backend. (eslint's no-restricted-imports says the same while
 * editing; this test holds even where the linter is not run.)
 */
const root = resolve(__dirname, '..', '..');

interface Import {
  file: string;
  specifier: string;
  /** Repository-relative path of a relative import, with '/' separators. */
  target?: string;
}

/** Static imports and exports, dynamic `import()` and `require()`. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const specifier = m[1];
    const target = specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)).split(sep).join('/') : undefined;
    out.push({ file: relative(root, file).split(sep).join('/'), specifier, target });
  }
  return out;
}

/** What breaks the layering, one line per offending import. */
export function violations(imports: Import[]): string[] {
  const bad: string[] = [];
  const inDir = (path: string | undefined, dir: string) => path !== undefined && (path === dir || path.startsWith(`${dir}/`));
  for (const i of imports) {
    const say = (why: string) => bad.push(`${i.file} imports '${i.specifier}': ${why}`);
    if (i.specifier === 'vscode' && !inDir(i.file, 'src/vscode')) say('only src/vscode may import vscode');
    if (inDir(i.file, 'src/claude') && inDir(i.target, 'src/acp')) say('the CLI backend must not import the ACP backend');
    if (inDir(i.file, 'src/acp') && inDir(i.target, 'src/claude')) say('the ACP backend must not import the CLI backend');
    const backend = ['src/claude', 'src/acp', 'src/chat/claude', 'src/chat/acp'].some((d) => inDir(i.target, d));
    if (inDir(i.file, 'src/vscode') && backend) say('src/vscode imports no backend: it gets chats from src/chat/chatFactory.ts');
    const neutralChat = inDir(i.file, 'src/chat') && !inDir(i.file, 'src/chat/claude') && !inDir(i.file, 'src/chat/acp') && i.file !== 'src/chat/chatFactory.ts';
    if (neutralChat && backend) say('the backend-neutral chat code imports no backend nor adapter; only src/chat/chatFactory.ts does');
    if (inDir(i.file, 'src/chat/claude') && ['src/acp', 'src/chat/acp'].some((d) => inDir(i.target, d))) say('the Claude adapter must not import the ACP backend or adapter');
    if (inDir(i.file, 'src/chat/acp') && ['src/claude', 'src/chat/claude'].some((d) => inDir(i.target, d))) say('the ACP adapter must not import the CLI backend or adapter');
    if (inDir(i.file, 'src/chat') && inDir(i.target, 'src/vscode')) say('src/chat imports no layer above it');
    if (inDir(i.file, 'src/ide') && ['src/claude', 'src/acp', 'src/chat', 'src/vscode'].some((d) => inDir(i.target, d))) say('src/ide is backend-neutral: it imports src/core only');
    if (inDir(i.file, 'src/core') && ['src/claude', 'src/acp', 'src/chat', 'src/vscode'].some((d) => inDir(i.target, d))) say('src/core imports no layer above it');
    if (inDir(i.file, 'src/shared') && i.target !== undefined && !inDir(i.target, 'src/shared')) say('src/shared is the bottom layer');
    if (inDir(i.file, 'webview-ui') && inDir(i.target, 'src') && !inDir(i.target, 'src/shared')) say('the webview may only use src/shared');
  }
  return bad;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('layering', () => {
  it('the tree keeps vscode → chat → {claude, acp} → core, shared at the bottom, webview beside', () => {
    const imports = [...tsFiles('src'), ...tsFiles('webview-ui/src')].flatMap((f) => importsOf(f, readFileSync(f, 'utf8')));
    assert.ok(imports.length > 200, `only ${imports.length} imports found: the scan is broken`);
    assert.deepEqual(violations(imports), []);
  });

  it('the check itself catches each kind of violation', () => {
    const cases: [string, string][] = [
      ['src/claude/x.ts', "import { AcpClient } from '../acp/client';"],
      ['src/acp/x.ts', "import type { ClaudeError } from '../claude/errors';"],
      ['src/core/x.ts', "const m = await import('../claude/session');"],
      ['src/ide/x.ts', "import { ClaudeSession } from '../claude/session';"],
      ['src/ide/x.ts', "import * as vscode from 'vscode';"],
      ['src/chat/x.ts', "import * as vscode from 'vscode';"],
      ['src/shared/x.ts', "import { Emitter } from '../core/emitter';"],
      ['webview-ui/src/x.ts', "import { ClaudeChat } from '../../src/chat/claude/claudeChat';"],
      ['src/vscode/x.ts', "import { resolveCliPath } from '../claude/resolveCli';"],
      ['src/vscode/x.ts', "import type { AcpAgentSpec } from '../acp';"],
      ['src/vscode/x.ts', "import { ClaudeChat } from '../chat/claude/claudeChat';"],
      ['src/chat/x.ts', "import type { HistoryScan } from '../claude/history';"],
      ['src/chat/x.ts', "import { AcpChat } from './acp/acpChat';"],
      ['src/chat/claude/x.ts', "import { AcpChatMapper } from '../acp/acpToChatEvents';"],
      ['src/chat/acp/x.ts', "import { ClaudeSession } from '../../claude/session';"],
      ['src/chat/x.ts', "import { ChatHub } from '../vscode/chatHub';"],
    ];
    for (const [file, text] of cases) {
      assert.equal(violations(importsOf(join(root, file), text)).length, 1, `${file}: ${text}`);
    }
    assert.deepEqual(violations(importsOf(join(root, 'src/vscode/x.ts'), "import * as vscode from 'vscode';\nimport { ChatFactory } from '../chat/chatFactory';")), []);
    assert.deepEqual(violations(importsOf(join(root, 'src/chat/chatFactory.ts'), "import { ClaudeChat } from './claude/claudeChat';\nimport { NodeTerminals } from '../acp/terminals';")), []);
    assert.deepEqual(violations(importsOf(join(root, 'src/chat/claude/x.ts'), "import { ClaudeSession } from '../../claude/session';\nimport type { Chat } from '../chat';")), []);
    assert.deepEqual(violations(importsOf(join(root, 'webview-ui/src/x.ts'), "import type { ChatEvent } from '../../src/shared/contract';")), []);
  });
});
