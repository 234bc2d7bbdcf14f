import { h } from './dom';
import { t } from './l10n';

/** A command that has run this long shows its running time on its card. */
export const ELAPSED_AFTER_MS = 30_000;

/** "45 s", "2 min 5 s", "1 h 3 min". */
export function elapsedLabel(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return t('{0} min {1} s', m, s % 60);
  return t('{0} h {1} min', Math.floor(m / 60), m % 60);
}

/** The card's clock: empty until the command has run `ELAPSED_AFTER_MS`; `tickElapsed` keeps it current. */
export function elapsedView(since: number, now = Date.now()): HTMLElement {
  const el = h('span', { class: 'elapsed', 'data-since': since });
  show(el, now - since);
  return el;
}

/** Brings every running card's clock up to date (the panel calls it once a second). */
export function tickElapsed(root: ParentNode, now = Date.now()): void {
  for (const el of root.querySelectorAll<HTMLElement>('.elapsed[data-since]')) show(el, now - Number(el.dataset.since));
}

function show(el: HTMLElement, ms: number): void {
  const text = ms >= ELAPSED_AFTER_MS ? elapsedLabel(ms) : '';
  if (el.textContent !== text) el.textContent = text;
  el.hidden = text === '';
  // Read with the card's state ("Running"), not announced each second.
  el.title = text ? t('Running for {0}', text) : '';
}
