import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type * as ExtractorModule from '../../scripts/l10n.mjs';

type Extractor = typeof ExtractorModule;

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'l10n.mjs');

describe('l10n: the string bundle (scripts/l10n.mjs)', function () {
  // Parsing every source file (and, once, a child node loading typescript) is slow on a busy machine.
  this.timeout(120_000);
  let l10n: Extractor;
  before(async () => {
    l10n = await import('../../scripts/l10n.mjs');
  });

  it('l10n/bundle.l10n.json is what `npm run l10n` writes from the sources, and every call is well-formed', () => {
    const { errors, missing, stale, upToDate } = l10n.checkBundle();
    assert.deepEqual(errors.map((e) => `${e.file}:${e.line}: ${e.message}`), [], 'malformed l10n calls');
    assert.deepEqual(missing, [], 'strings in the code but not in the bundle: run `npm run l10n`');
    assert.deepEqual(stale, [], 'strings in the bundle that the code no longer uses: run `npm run l10n`');
    assert.equal(upToDate, true, 'the bundle is not sorted/formatted as `npm run l10n` writes it');
  });

  it('check mode exits 0 on this tree (what CI would run)', () => {
    const r = spawnSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('the English bundle maps each key to itself, and holds both host and webview strings', () => {
    const bundle = JSON.parse(readFileSync(l10n.BUNDLE, 'utf8')) as Record<string, string>;
    for (const [k, v] of Object.entries(bundle)) assert.equal(v, k);
    assert.ok('Open a folder to chat with Claude.' in bundle, 'a host string (src/vscode)');
    assert.ok('Ask Claude… (Enter to send, Shift+Enter for a new line)' in bundle, 'a webview string (webview-ui/src)');
    assert.ok('{0} wants to use {1}' in bundle, 'a string with placeholders');
  });

  it('reports a template, a variable or a missing argument as an error, not a key', () => {
    const src = [
      "import * as vscode from 'vscode';",
      'const name = "x";',
      'vscode.l10n.t(`Hello ${name}`);',
      'vscode.l10n.t(name);',
      "vscode.l10n.t('{0} and {1}', name);",
      "vscode.l10n.t('no placeholder', name);",
      "vscode.l10n.t('Fine {0}', name);",
      "// vscode.l10n.t('in a comment')",
      "const s = \"vscode.l10n.t('in a string')\";",
    ].join('\n');
    const r = l10n.extractFromSource(src, 'sample.ts', false);
    assert.deepEqual(r.keys, ['{0} and {1}', 'no placeholder', 'Fine {0}']);
    assert.deepEqual(
      r.errors.map((e) => e.line),
      [3, 4, 5, 6],
    );
    assert.match(r.errors[0].message, /must be a string literal/);
    assert.match(r.errors[2].message, /uses \{1\} but has 1 argument/);
  });

  it("collects the webview's t() only where it is imported from './l10n' (also under another name)", () => {
    const withImport = "import { t } from './l10n';\nt('Send');\nt(label);\n";
    const r = l10n.extractFromSource(withImport, 'a.ts', true);
    assert.deepEqual(r.keys, ['Send']);
    assert.equal(r.errors.length, 1);
    const aliased = "import { t as tr } from './l10n';\nfor (const t of x) t.done;\ntr('Tasks');\n";
    assert.deepEqual(l10n.extractFromSource(aliased, 'b.ts', true).keys, ['Tasks']);
    // A local `t` that is not ours, and host files: no bare t() is collected.
    assert.deepEqual(l10n.extractFromSource("const t = (s: string) => s;\nt('Not a key');\n", 'c.ts', true).keys, []);
    assert.deepEqual(l10n.extractFromSource("import { t } from './l10n';\nt('Host');\n", 'd.ts', false).keys, []);
  });
});

/**
 * The guard that keeps new host strings localisable: in src/vscode, no message, quick pick or
 * input box text is a bare literal. A value may still be built around l10n.t (icons, plainText).
 */
describe('l10n: no bare user-facing literal in src/vscode', function () {
  this.timeout(60_000);
  const SHOW = /^vscode\.window\.show(Information|Warning|Error)Message$/;
  const FIELDS = new Set(['title', 'placeHolder', 'prompt', 'tooltip', 'openLabel', 'label', 'description', 'detail']);
  /** Not words: a file name, and the title a chat restored from before several chats had (the chat list names chats in src/chat). */
  const EXEMPT = new Set(['.mcp.json', 'Chat 1']);
  /** Words left once `$(icon)`s and `${…}` parts are removed: a literal a user would read. */
  const words = (node: ts.Node, sf: ts.SourceFile): boolean => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return !EXEMPT.has(node.text) && /[A-Za-z]{2,}/.test(node.text.replace(/\$\([^)]*\)/g, ''));
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].some((p) => /[A-Za-z]{2,}/.test(p.replace(/\$\([^)]*\)/g, '')));
    if (ts.isBinaryExpression(node)) return words(node.left, sf) || words(node.right, sf);
    if (ts.isConditionalExpression(node)) return words(node.whenTrue, sf) || words(node.whenFalse, sf);
    if (ts.isParenthesizedExpression(node)) return words(node.expression, sf);
    return false;
  };

  it('every notification text and quick pick / input box field goes through vscode.l10n.t', () => {
    const dir = join(root, 'src', 'vscode');
    const found: string[] = [];
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const file = join(dir, name);
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const at = (n: ts.Node) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.getText(sf).slice(0, 80)}`;
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && SHOW.test(n.expression.getText(sf))) {
          for (const a of n.arguments) if (words(a, sf)) found.push(at(a));
        }
        if (ts.isCallExpression(n) && n.expression.getText(sf) === 'plainText' && n.arguments[0] && words(n.arguments[0], sf)) found.push(at(n));
        if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && FIELDS.has(n.name.text) && words(n.initializer, sf)) found.push(at(n));
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    assert.deepEqual(found, []);
  });
});
