// @ts-check
/**
 * Writes l10n/bundle.l10n.json: every string the user can see, English key = English value.
 * Translators copy it to l10n/bundle.l10n.<locale>.json; VS Code loads the one for the display
 * language (package.json "l10n") and the host hands it to the webview (contract `snapshot.l10n`).
 *
 * Collected with the TypeScript parser (no regexes, so comments and strings that merely mention
 * `l10n.t(` are not picked up):
 * - `vscode.l10n.t('…', …)` / `l10n.t('…', …)` anywhere under src/;
 * - `t('…', …)` in webview-ui/src files that import `t` from './l10n'.
 * The first argument must be a plain string literal (a template or a variable cannot be
 * extracted, so it could never be translated), and every `{n}` placeholder must have an argument.
 *
 *   node scripts/l10n.mjs          write the bundle
 *   node scripts/l10n.mjs --check  exit 1 if the bundle is out of date or a call is malformed
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'l10n', 'bundle.l10n.json');
const HOST_DIR = join(ROOT, 'src');
const WEBVIEW_DIR = join(ROOT, 'webview-ui', 'src');

/** @typedef {{ file: string; line: number; message: string }} L10nError */

/** `l10n.t` / `vscode.l10n.t` (host) or the webview's imported `t`. */
function isHostCall(/** @type {ts.CallExpression} */ call) {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const target = callee.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

/**
 * The local names of the webview's `t` in this file: `import { t } from './l10n'` (or
 * `{ t as tr }` where a parameter is called `t`), so an unrelated local `t` is not mistaken for it.
 */
function webviewTNames(/** @type {ts.SourceFile} */ sf) {
  /** @type {Set<string>} */ const names = new Set();
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !/(^|\/)l10n$/.test(s.moduleSpecifier.text)) continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const e of bindings.elements) if ((e.propertyName ?? e.name).text === 't') names.add(e.name.text);
  }
  return names;
}

/**
 * The keys of one source text, and what is wrong with its calls.
 * @param {string} text
 * @param {string} fileName for messages (and to tell webview from host code)
 * @param {boolean} webview whether a bare `t(…)` imported from './l10n' counts
 * @returns {{ keys: string[]; errors: L10nError[] }}
 */
export function extractFromSource(text, fileName, webview) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const tNames = webview ? webviewTNames(sf) : new Set();
  /** @type {string[]} */ const keys = [];
  /** @type {L10nError[]} */ const errors = [];
  const visit = (/** @type {ts.Node} */ node) => {
    if (ts.isCallExpression(node) && (isHostCall(node) || (ts.isIdentifier(node.expression) && tNames.has(node.expression.text)))) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const first = node.arguments[0];
      if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        errors.push({ file: fileName, line, message: `the first argument of ${node.expression.getText(sf)}() must be a string literal, not \`${first?.getText(sf) ?? ''}\`` });
      } else {
        const key = first.text;
        const args = node.arguments.length - 1;
        const used = [...key.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
        const missing = used.filter((i) => i >= args);
        if (missing.length > 0) errors.push({ file: fileName, line, message: `"${key}" uses {${missing[0]}} but has ${args} argument(s)` });
        else if (args > 0 && used.length === 0) errors.push({ file: fileName, line, message: `"${key}" has ${args} argument(s) but no {0} placeholder` });
        keys.push(key);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { keys, errors };
}

function tsFiles(/** @type {string} */ dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every key of the project, sorted, as the bundle holds them; and every malformed call. */
export function extractProject() {
  /** @type {Set<string>} */ const keys = new Set();
  /** @type {L10nError[]} */ const errors = [];
  for (const [dir, webview] of /** @type {const} */ ([[HOST_DIR, false], [WEBVIEW_DIR, true]])) {
    for (const file of tsFiles(dir)) {
      const r = extractFromSource(readFileSync(file, 'utf8'), relative(ROOT, file), webview);
      for (const k of r.keys) keys.add(k);
      errors.push(...r.errors);
    }
  }
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  /** @type {Record<string, string>} */ const bundle = {};
  for (const k of sorted) bundle[k] = k;
  return { bundle, errors, text: `${JSON.stringify(bundle, null, 2)}\n` };
}

/** What differs between the bundle on disk and the sources. */
export function checkBundle() {
  const { bundle, errors, text } = extractProject();
  let onDisk = '';
  try {
    onDisk = readFileSync(BUNDLE, 'utf8');
  } catch {
    // missing: every key is "missing" below
  }
  /** @type {Record<string, string>} */ let disk = {};
  try {
    disk = JSON.parse(onDisk || '{}');
  } catch {
    errors.push({ file: relative(ROOT, BUNDLE), line: 1, message: 'not valid JSON' });
  }
  const missing = Object.keys(bundle).filter((k) => !(k in disk));
  const stale = Object.keys(disk).filter((k) => !(k in bundle));
  return { errors, missing, stale, upToDate: onDisk === text };
}

function main() {
  const check = process.argv.includes('--check');
  if (check) {
    const { errors, missing, stale, upToDate } = checkBundle();
    for (const e of errors) console.error(`${e.file}:${e.line}: ${e.message}`);
    for (const k of missing) console.error(`not in the bundle: ${JSON.stringify(k)}`);
    for (const k of stale) console.error(`in the bundle but no longer in the code: ${JSON.stringify(k)}`);
    if (!upToDate && missing.length === 0 && stale.length === 0) console.error('the bundle is not sorted or formatted as `npm run l10n` writes it');
    if (errors.length > 0 || !upToDate) {
      console.error('l10n: run `npm run l10n` (and fix the calls above)');
      process.exit(1);
    }
    console.log('l10n: bundle up to date');
    return;
  }
  const { bundle, errors, text } = extractProject();
  for (const e of errors) console.error(`${e.file}:${e.line}: ${e.message}`);
  if (errors.length > 0) process.exit(1);
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(BUNDLE, text);
  console.log(`l10n: wrote ${Object.keys(bundle).length} strings to ${relative(ROOT, BUNDLE)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
