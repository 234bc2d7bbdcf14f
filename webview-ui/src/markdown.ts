import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdownLang from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { h, icon } from './dom';
import { scheduleFrame } from './frame';
import { t } from './l10n';

// A handful of languages keeps the bundle small; others render as plain code.
for (const [name, lang] of Object.entries({ bash, css, diff, go, javascript, json, markdown: markdownLang, python, rust, shell, typescript, xml, yaml })) {
  hljs.registerLanguage(name, lang);
}

const MAX_HIGHLIGHT = 100_000;

const md = new MarkdownIt({
  html: false, // model output is untrusted: raw HTML is shown as text
  linkify: true,
  highlight(code, lang) {
    const language = lang && hljs.getLanguage(lang) ? lang : '';
    if (!language || code.length > MAX_HIGHLIGHT) return '';
    try {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    } catch {
      return '';
    }
  },
});

const UNSAFE_URL = /^(javascript|data|vbscript):/i;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  const el = node as Element;
  if (el.hasAttribute?.('style')) {
    // Our CSP has no 'unsafe-inline' for styles; keep table alignment as a class instead.
    const align = /text-align:\s*(left|right|center)/.exec(el.getAttribute('style') ?? '');
    el.removeAttribute('style');
    if (align) el.classList.add(`align-${align[1]}`);
  }
  if (el.tagName === 'A') {
    const href = el.getAttribute('href');
    // Strip control characters and spaces first: "java\tscript:" is still javascript.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    if (href !== null && UNSAFE_URL.test(href.replace(/[\u0000-\u0020]/g, ''))) el.removeAttribute('href');
    el.removeAttribute('target');
    if (el.hasAttribute('href')) el.setAttribute('title', el.getAttribute('href') ?? '');
  }
});

const PURIFY = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
  RETURN_DOM_FRAGMENT: true as const,
};

/** Markdown → sanitised DOM, with code blocks dressed (language label, copy button). */
export function renderMarkdown(source: string): DocumentFragment {
  const frag = DOMPurify.sanitize(md.render(source), PURIFY) as DocumentFragment;
  for (const img of Array.from(frag.querySelectorAll('img'))) {
    // Remote images would be blocked by the CSP anyway; offer them as links instead.
    const src = img.getAttribute('src') ?? '';
    if (/^data:image\/(png|gif|jpeg|webp);/i.test(src)) continue;
    const link = h('a', { href: src || null }, `[image${img.alt ? `: ${img.alt}` : ''}]`);
    img.replaceWith(link);
  }
  for (const pre of Array.from(frag.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const lang = /language-([\w+#.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    code?.classList.add('hljs');
    const copy = h('button', { class: 'icon-button code-copy', title: t('Copy'), 'aria-label': t('Copy code'), 'data-action': 'copy-code' }, icon('copy'));
    const wrap = h('div', { class: 'code-block' }, h('div', { class: 'code-head' }, h('span', { class: 'code-lang' }, lang), copy));
    pre.replaceWith(wrap);
    wrap.appendChild(pre);
  }
  return frag;
}

/**
 * Finds where the stable prefix of a streaming markdown source ends: the start of the last
 * unindented line that follows a blank line outside a code fence. Everything before it is
 * complete blocks that later text cannot change (bar reference links, which we accept).
 * Incremental: each call scans only the complete lines added since the last call.
 */
export class BlockSplitter {
  private scanPos = 0;
  private fence: { ch: string; len: number } | undefined;
  private sawBlank = false;
  private boundary = 0;

  scan(source: string): number {
    for (;;) {
      const nl = source.indexOf('\n', this.scanPos);
      if (nl < 0) break;
      const lineStart = this.scanPos;
      const line = source.slice(lineStart, nl);
      this.scanPos = nl + 1;
      if (this.fence) {
        const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
        if (close && close[1][0] === this.fence.ch && close[1].length >= this.fence.len) this.fence = undefined;
        continue;
      }
      if (line.trim() === '') {
        this.sawBlank = true;
        continue;
      }
      if (this.sawBlank && !/^\s/.test(line)) this.boundary = lineStart;
      this.sawBlank = false;
      const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (open && !(open[1][0] === '`' && open[2].includes('`'))) this.fence = { ch: open[1][0], len: open[1].length };
    }
    return this.boundary;
  }
}

/**
 * Streaming markdown: completed blocks are rendered once into a frozen element; only the
 * open tail is re-parsed, at most once per animation frame. Appending costs the same for a
 * 1 KB or a 1 MB message.
 */
export class MarkdownView {
  readonly el: HTMLElement;
  private readonly frozen: HTMLElement;
  private readonly tail: HTMLElement;
  private source = '';
  private frozenEnd = 0;
  private renderedTail: string | undefined;
  private splitter = new BlockSplitter();
  private readonly task = (): void => this.render();

  constructor(text: string) {
    this.frozen = h('div', { class: 'md-frozen' });
    this.tail = h('div', { class: 'md-tail' });
    this.el = h('div', { class: 'md' }, this.frozen, this.tail);
    this.source = text;
    if (text) this.render();
  }

  get text(): string {
    return this.source;
  }

  append(delta: string): void {
    if (!delta) return;
    this.source += delta;
    scheduleFrame(this.task);
  }

  /** The authoritative text: a no-op when the stream already built it. */
  set(text: string): void {
    if (text === this.source) return;
    if (!text.startsWith(this.source)) {
      // Not an extension of what we have: start over (rare; one full render).
      this.frozen.replaceChildren();
      this.frozenEnd = 0;
      this.renderedTail = undefined;
      this.splitter = new BlockSplitter();
    }
    this.source = text;
    this.render();
  }

  render(): void {
    const boundary = this.splitter.scan(this.source);
    if (boundary > this.frozenEnd) {
      this.frozen.appendChild(renderMarkdown(this.source.slice(this.frozenEnd, boundary)));
      this.frozenEnd = boundary;
    }
    const tail = this.source.slice(this.frozenEnd);
    if (tail === this.renderedTail) return;
    this.renderedTail = tail;
    this.tail.replaceChildren(renderMarkdown(tail));
  }
}
