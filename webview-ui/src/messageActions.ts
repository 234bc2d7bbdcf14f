import type { WebviewIntent } from '../../src/shared/contract';
import { basename, h, icon } from './dom';
import { t } from './l10n';
import type { Entry } from './entries';
import { problemIntent, problemsView } from './turnProblems';

/**
 * Checkpoint actions in the panel: buttons only. Each click becomes an intent; the host shows
 * the diffs and asks natively before anything changes on disk.
 */
export function promptActions(): HTMLElement[] {
  return [
    // Icon-only (named by aria-label): the entry's text stays the prompt alone.
    h('button', { class: 'icon-button prompt-action', 'data-action': 'restore-checkpoint', title: t('Restore files to before this prompt'), 'aria-label': t('Restore files to before this prompt') }, icon('discard')),
    h('button', { class: 'icon-button prompt-action', 'data-action': 'edit-prompt', title: t('Edit and resend (the conversation forks here)'), 'aria-label': t('Edit and resend') }, icon('edit')),
  ];
}

/** The intent for a click on a checkpoint action, if it was one. */
export function messageActionIntent(target: Element): WebviewIntent | undefined {
  const el = target.closest<HTMLElement>('[data-action]');
  const action = el?.dataset.action;
  const turnId = el?.closest<HTMLElement>('[data-turn-id]')?.dataset.turnId;
  if (!el || !turnId) return undefined;
  switch (action) {
    case 'restore-checkpoint':
      return { type: 'restoreCheckpoint', turnId };
    case 'edit-prompt':
      return { type: 'editPrompt', turnId };
    case 'turn-file-diff':
      return el.dataset.file ? { type: 'turnFileDiff', turnId, path: el.dataset.file } : undefined;
    case 'turn-file-revert':
      return el.dataset.file ? { type: 'turnFileRevert', turnId, path: el.dataset.file } : undefined;
    default:
      return problemIntent(action, el, turnId);
  }
}

/** Where files were restored, or where a fork replaced the rest of the conversation. */
export class MarkView {
  readonly el: HTMLElement;
  constructor(entry: Extract<Entry, { kind: 'mark' }>) {
    const e = entry.event;
    const text =
      e.kind === 'restored'
        ? t('Files restored to before this prompt: {0}', e.files.map(basename).join(', ') || t('none changed'))
        : t('Rewound: the conversation continues from before the dimmed prompt. The original stays in the history.');
    this.el = h('div', { class: `entry mark mark-${e.kind}`, 'data-turn-id': e.turnId, title: e.files.join('\n') }, icon(e.kind === 'restored' ? 'discard' : 'git-branch'), h('span', null, text));
  }
  update(): void {}
}

/** A turn's footer: each file it changed, with its diff and a revert. */
export class TurnFilesView {
  readonly el: HTMLElement;
  private problems: HTMLElement | undefined;
  constructor(private readonly entry: Extract<Entry, { kind: 'turnFiles' }>) {
    const e = entry.event;
    const items = e.files.map((path) =>
      h(
        'li',
        null,
        h('button', { class: 'link-button', 'data-action': 'turn-file-diff', 'data-file': path, title: t("Diff of this turn's change to {0}", path) }, basename(path)),
        ' ',
        h('button', { class: 'icon-button', 'data-action': 'turn-file-revert', 'data-file': path, title: t('Revert {0} to before this turn', path), 'aria-label': t('Revert {0}', basename(path)) }, icon('discard')),
      ),
    );
    this.el = h('div', { class: 'entry turn-files', 'data-turn-id': e.turnId }, h('span', null, icon('files'), ` ${t('Changed:')}`), h('ul', null, ...items));
    this.update();
  }

  /** The problems the turn's edits brought join the footer when the language servers have settled. */
  update(): void {
    if (!this.entry.problems || this.problems) return;
    this.problems = problemsView(this.entry.problems);
    this.el.appendChild(this.problems);
  }
}
