import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A seeded corpus of broken and odd stdout lines, made by mutating the real CLI's recorded
 * lines (test/fixtures/cli/*.jsonl). Used by the fuzz test and to check the parser's
 * fast path against the full schemas; the same seed always gives the same corpus.
 */

export type Rng = () => number;

/** mulberry32: small, fast, and good enough to shake a parser. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'cli');

/** Every recorded line of the real CLI, in file order. */
export function fixtureLines(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter((l) => l.trim().length > 0));
}

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pickOne = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)];

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, '', 'x', [], {}, true, false, [null], { type: 1 }, { type: 'text' }, '\u202e\u0000'];

/** Paths to every value inside a JSON value (objects and arrays), shallow first. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 6 || value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p);
    paths(v, p, out, depth + 1);
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks arbitrary parsed JSON
function parentOf(root: any, path: (string | number)[]): any {
  let node = root;
  for (const k of path.slice(0, -1)) node = node[k];
  return node;
}

function randomText(r: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = r();
    // Mostly ASCII, with control, surrogate-range, bidi and astral characters mixed in.
    s += c < 0.7 ? String.fromCharCode(32 + int(r, 95)) : c < 0.8 ? String.fromCharCode(int(r, 32)) : c < 0.9 ? String.fromCodePoint(0x80 + int(r, 0x2ff80)) : pickOne(r, ['"', '\\', '{', '}', '\u2028', '\ud800', '😀']);
  }
  return s;
}

export type Mutation = 'intact' | 'truncate' | 'deleteField' | 'swapType' | 'randomBytes' | 'hugeString' | 'retype';

/** One mutated line from `base`, by a random mutation (or the one given). */
export function mutate(base: string, r: Rng, kind?: Mutation): { line: string; kind: Mutation } {
  const k: Mutation = kind ?? pickOne(r, ['intact', 'truncate', 'deleteField', 'deleteField', 'swapType', 'swapType', 'randomBytes', 'hugeString', 'retype'] as const);
  if (k === 'intact') return { line: base, kind: k };
  if (k === 'truncate') return { line: base.slice(0, int(r, base.length)), kind: k };
  if (k === 'randomBytes') return { line: r() < 0.5 ? randomText(r, int(r, 400)) : base.slice(0, int(r, base.length)) + randomText(r, int(r, 50)), kind: k };
  const obj = JSON.parse(base);
  const all = paths(obj);
  if (all.length === 0) return { line: base, kind: k };
  if (k === 'retype') {
    // Keep the shape, change a `type`: tests the boundary between known and unknown types.
    const typed = all.filter((p) => p[p.length - 1] === 'type');
    const p = typed.length > 0 ? pickOne(r, typed) : pickOne(r, all);
    parentOf(obj, p)[p[p.length - 1]] = pickOne(r, ['text_delta', 'message_start', 'content_block_delta', 'result', 'assistant', 'tool_use', 'brand_new', 'stream_event', 'user']);
    return { line: JSON.stringify(obj), kind: k };
  }
  const p = pickOne(r, all);
  const parent = parentOf(obj, p);
  const key = p[p.length - 1];
  if (k === 'deleteField') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (k === 'swapType') {
    parent[key] = pickOne(r, ODD_VALUES);
  } else {
    // hugeString: a string field grows to 0.5-2 MB.
    parent[key] = 'H'.repeat(500_000 + int(r, 1_500_000));
  }
  return { line: JSON.stringify(obj), kind: k };
}

/** `count` mutated lines; huge strings are rare so a corpus stays quick to run. */
export function fuzzCorpus(seed: number, count: number, base: string[] = fixtureLines()): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const mutated = mutate(pickOne(r, base), r);
    let line = mutated.line;
    const kind = mutated.kind;
    if (kind === 'hugeString' && r() > 0.05) line = mutate(pickOne(r, base), r, 'swapType').line;
    // No raw newline may sneak in: a line is a line.
    out.push(line.replace(/\n/g, ' '));
  }
  return out;
}

/** The bytes of `text` in random chunk sizes (1 byte to 64 KiB), splitting lines and UTF-8 anywhere. */
export function randomChunks(text: string, r: Rng): Buffer[] {
  const buf = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; ) {
    const size = r() < 0.3 ? 1 + int(r, 16) : r() < 0.8 ? 1 + int(r, 4096) : 1 + int(r, 65536);
    out.push(buf.subarray(i, i + size));
    i += size;
  }
  return out;
}
