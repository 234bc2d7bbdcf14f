import { h, icon } from './dom';
import { t } from './l10n';
import { afterFrame } from './frame';
import type { Entry } from './entries';
import type { ChatModel } from './model';
import type { TranscriptView } from './transcriptView';
import { postIntent } from './vscodeApi';

/** One occurrence: the entry it is in and which occurrence within that entry's text. */
interface Hit {
  entry: number;
  nth: number;
}

const HIGHLIGHT_ALL = 'claude-find';
const HIGHLIGHT_CURRENT = 'claude-find-current';

/**
 * Find in chat (Ctrl/Cmd+F): searches the model, so entries outside the rendered window are
 * found too; stepping to a hit asks the transcript to render the window around it, then
 * highlights the occurrence (CSS Custom Highlight API: the DOM is not touched) and scrolls it
 * into view. When the rendered text differs from the source (markdown syntax, collapsed tool
 * output) the whole entry is outlined instead.
 */
export class FindBar {
  readonly el: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly count: HTMLElement;
  private hits: Hit[] = [];
  private current = -1;
  /** What `hits` was computed for; recomputed when the query or the chat changed. */
  private searched: { query: string; entries: number; version: number } | undefined;
  private version = 0;
  private returnFocus: HTMLElement | null = null;
  private outlined: HTMLElement | undefined;

  constructor(
    private readonly model: ChatModel,
    private readonly view: TranscriptView,
  ) {
    this.input = h('input', { class: 'find-input', type: 'text', placeholder: t('Find in chat'), 'aria-label': t('Find in chat'), spellcheck: 'false' });
    this.count = h('span', { class: 'find-count', role: 'status', 'aria-live': 'polite' });
    const button = (cls: string, label: string, ic: string, fn: () => void): HTMLButtonElement => {
      const b = h('button', { class: `icon-button ${cls}`, title: label, 'aria-label': label }, icon(ic));
      b.addEventListener('click', fn);
      return b;
    };
    this.el = h(
      'div',
      { class: 'find-bar', role: 'search', hidden: true },
      this.input,
      this.count,
      button('find-prev', t('Previous match (Shift+Enter)'), 'arrow-up', () => this.step(-1)),
      button('find-next', t('Next match (Enter)'), 'arrow-down', () => this.step(1)),
      button('find-close', t('Close (Escape)'), 'close', () => this.close()),
    );
    this.input.addEventListener('input', () => this.search());
    this.el.addEventListener('keydown', (e) => {
      if (e.isComposing) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        // Escape here closes the find bar; it must not also stop the turn (app.ts).
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    });
  }

  /** Ctrl/Cmd+F anywhere in the panel opens the bar. */
  install(doc: Document): void {
    // VS Code forwards every key pressed in a webview from a listener on this window. Ctrl/Cmd+F
    // stops here, before that listener: VS Code's Find runs only if its `when` says the panel has
    // no focus, and the context key set below arrives by a round trip a fast click + key can beat
    // (CI saw Ctrl+F right after a click open VS Code's Find, which took the focus from this bar).
    // The context key still serves the key pressed in the view but outside this page (its title).
    const win = doc.defaultView;
    win?.addEventListener('focus', () => postIntent({ type: 'panelFocus', focused: true }));
    win?.addEventListener('blur', () => postIntent({ type: 'panelFocus', focused: false }));
    doc.addEventListener('keydown', (e) => {
      if (e.key.toLowerCase() === 'f' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        e.stopPropagation();
        this.open();
      }
    });
  }

  /** The transcript changed (a snapshot replaced it): stale hits must be recomputed. */
  invalidate(): void {
    this.version++;
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /**
   * Opens the bar (or, open already, selects its text for a new query). The host's `openFind`
   * (Find in Chat from the palette or the view's title) may arrive while the user types in an
   * open bar: it must not select what they typed, or the next key replaces it, so the host's
   * open (`reselect` false) leaves an open bar alone.
   */
  open(reselect = true): void {
    if (this.isOpen && !reselect) {
      if (!this.el.contains(document.activeElement)) this.input.focus();
      return;
    }
    if (!this.isOpen) {
      const active = document.activeElement;
      this.returnFocus = active instanceof HTMLElement && !this.el.contains(active) ? active : null;
    }
    this.el.hidden = false;
    this.input.focus();
    this.input.select();
    if (this.input.value) this.search();
  }

  close(): void {
    this.el.hidden = true;
    this.clearHighlights();
    this.searched = undefined;
    this.current = -1;
    (this.returnFocus ?? this.view.el).focus();
    this.returnFocus = null;
  }

  private search(): void {
    this.searched = undefined;
    this.current = -1;
    this.step(1);
  }

  private step(direction: 1 | -1): void {
    const query = this.input.value;
    if (!query) {
      this.hits = [];
      this.count.textContent = '';
      this.clearHighlights();
      return;
    }
    this.refresh(query);
    const n = this.hits.length;
    if (n === 0) {
      this.current = -1;
      this.count.textContent = t('No results');
      this.clearHighlights();
      return;
    }
    this.current = this.current < 0 ? (direction === 1 ? 0 : n - 1) : (this.current + direction + n) % n;
    this.count.textContent = t('{0} of {1}', this.current + 1, n);
    this.show(this.hits[this.current], query);
  }

  /** Recomputes the hits if the query or the chat changed, keeping the current hit where it was. */
  private refresh(query: string): void {
    const s = this.searched;
    if (s && s.query === query && s.entries === this.model.entries.length && s.version === this.version) return;
    const at = this.hits[this.current];
    this.hits = findHits(this.model.entries, query);
    this.searched = { query, entries: this.model.entries.length, version: this.version };
    this.current = at ? this.hits.findIndex((h) => h.entry === at.entry && h.nth === at.nth) : -1;
  }

  private show(hit: Hit, query: string): void {
    const el = this.view.reveal(hit.entry);
    this.clearHighlights();
    if (!el) return;
    // Markdown renders in a frame; find the text once it is there.
    afterFrame(() => {
      const ranges = textRanges(el, query);
      const range = ranges[hit.nth];
      if (range) {
        const details = range.startContainer.parentElement?.closest('details');
        if (details && !details.open) details.open = true;
      }
      const highlights = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
      const Highlight = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
      if (highlights && Highlight) {
        highlights.set(HIGHLIGHT_ALL, new Highlight(...ranges));
        if (range) highlights.set(HIGHLIGHT_CURRENT, new Highlight(range));
      }
      if (!range) {
        el.classList.add('find-entry');
        this.outlined = el;
      }
      const target = range ? rangeElement(range) : el;
      target.scrollIntoView({ block: 'center', inline: 'nearest' });
      el.dataset.findCurrent = '';
    });
  }

  private clearHighlights(): void {
    const highlights = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
    highlights?.delete(HIGHLIGHT_ALL);
    highlights?.delete(HIGHLIGHT_CURRENT);
    this.outlined?.classList.remove('find-entry');
    this.outlined = undefined;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-find-current]'))) delete el.dataset.findCurrent;
  }
}

/** Every occurrence of `query` (case-insensitive) in the chat, in order. */
export function findHits(entries: readonly Entry[], query: string): Hit[] {
  const needle = query.toLowerCase();
  const hits: Hit[] = [];
  if (!needle) return hits;
  entries.forEach((entry, i) => {
    const text = searchText(entry).toLowerCase();
    let nth = 0;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) hits.push({ entry: i, nth: nth++ });
  });
  return hits;
}

/** The text of an entry a user would search: what the view shows, from the model. */
export function searchText(entry: Entry): string {
  switch (entry.kind) {
    case 'user':
    case 'text':
    case 'thinking':
      return entry.text;
    case 'tool':
      return [entry.tool.name, ...strings(entry.tool.input), entry.result?.text ?? ''].join('\n');
    case 'turnEnd':
      return entry.event.error?.message ?? '';
    case 'notice':
      return entry.event.text;
    default:
      return '';
  }
}

function strings(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (!value || typeof value !== 'object' || depth > 6) return [];
  return Object.values(value).flatMap((v) => strings(v, depth + 1));
}

/** Ranges of every occurrence of `query` in the text under `root` (occurrences may span nodes). */
function textRanges(root: HTMLElement, query: string): Range[] {
  const nodes: { node: Text; start: number }[] = [];
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n as Text, start: text.length });
    text += (n as Text).data;
  }
  // Lower-casing can change a string's length (rare letters); then match case exactly.
  const folded = text.toLowerCase();
  const same = folded.length === text.length;
  const lower = same ? folded : text;
  const needle = same ? query.toLowerCase() : query;
  const ranges: Range[] = [];
  const locate = (offset: number): { node: Text; offset: number } => {
    let lo = 0;
    let hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (nodes[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { node: nodes[lo].node, offset: offset - nodes[lo].start };
  };
  for (let at = lower.indexOf(needle); at >= 0 && needle; at = lower.indexOf(needle, at + needle.length)) {
    const a = locate(at);
    const b = locate(at + needle.length - 1);
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset + 1);
    ranges.push(r);
  }
  return ranges;
}

function rangeElement(range: Range): HTMLElement {
  const node = range.startContainer;
  return (node instanceof HTMLElement ? node : node.parentElement) ?? document.body;
}
