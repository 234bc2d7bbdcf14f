import { fuzzyScore } from './fuzzy';

/**
 * What `@` offers: files, their folders (`src/`) and line ranges (`src/a.ts#L10-20`). The CLI
 * expands each form itself (docs/protocol.md, "Slash commands, images and context usage"):
 * a folder becomes a listing, `#L10-20` (or `#L10`) just those lines. Pure, for unit tests.
 */
export function searchMentions(files: readonly string[], query: string, limit = 30): string[] {
  const hash = query.lastIndexOf('#');
  const pathQuery = (hash === -1 ? query : query.slice(0, hash)).toLowerCase();
  const range = hash === -1 ? undefined : lineRange(query.slice(hash + 1));
  // With a range only files make sense; "#" or "#L" alone still lists files to pick from.
  const candidates = hash === -1 ? [...folders(files), ...files] : files;
  const scored: { p: string; s: number }[] = [];
  for (const p of candidates) {
    const s = pathQuery ? fuzzyScore(p.toLowerCase(), pathQuery) : 1;
    if (s > 0) scored.push({ p, s });
  }
  scored.sort((a, b) => b.s - a.s || a.p.length - b.p.length || (a.p < b.p ? -1 : 1));
  return scored.slice(0, limit).map((x) => (range ? `${x.p}${range}` : x.p));
}

/** `L10-20`, `10-20`, `L10`: the CLI's `#L<start>[-<end>]`; anything else is no range yet. */
export function lineRange(text: string): string | undefined {
  const m = /^L?(\d+)(?:-(\d+))?$/i.exec(text.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? undefined : Number(m[2]);
  if (start < 1 || (end !== undefined && end < start)) return undefined;
  return end === undefined ? `#L${start}` : `#L${start}-${end}`;
}

/** Every folder that holds a listed file, with a trailing slash. */
export function folders(files: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) out.add(f.slice(0, i + 1));
  }
  return [...out].sort();
}
