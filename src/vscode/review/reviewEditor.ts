import * as vscode from 'vscode';
import type { LocatedHunk } from '../../chat/review/reviewModel';
import { DisposableStore } from '../../core/disposableStore';
import { COMMANDS } from '../constants';
import { plainText } from '../plainText';
import type { ReviewController } from './reviewController';

/** "Chat 2 · fix the parser" for a hunk: which chat and prompt made it (plain text). */
export function originLabel(h: LocatedHunk['hunk'], max = 60): string {
  const prompt = h.origin.prompt?.split('\n')[0].trim();
  const short = prompt && prompt.length > max ? `${prompt.slice(0, max - 1)}…` : prompt;
  return plainText(short ? `${h.origin.chat} · ${short}` : h.origin.chat);
}

/**
 * Claude's pending hunks where the code is: whole-line backgrounds and a gutter bar on Claude's
 * lines (amber once someone changed them since), a marker where lines were removed (hover:
 * the removed lines), and a CodeLens "Keep | Undo" over each hunk.
 */
export class ReviewEditorSurface implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly subs = new DisposableStore();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly added: vscode.TextEditorDecorationType;
  private readonly edited: vscode.TextEditorDecorationType;
  private readonly removedBetween: vscode.TextEditorDecorationType;
  private readonly replaced: vscode.TextEditorDecorationType;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly typed = new Set<vscode.TextDocument>();

  constructor(
    private readonly review: ReviewController,
    extensionUri: vscode.Uri,
  ) {
    const icon = (name: string) => vscode.Uri.joinPath(extensionUri, 'media', 'review', `${name}.svg`);
    this.added = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
      gutterIconPath: icon('added'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.edited = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
      gutterIconPath: icon('edited'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    const removedText = { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 2em' };
    this.removedBetween = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      gutterIconPath: icon('removed'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      after: removedText,
    });
    this.replaced = vscode.window.createTextEditorDecorationType({ after: removedText });
    for (const d of [this.added, this.edited, this.removedBetween, this.replaced, this.lensesChanged]) this.subs.add(d);
    this.subs.add(vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this));
    this.subs.add(review.model.onDidChange(() => this.refresh()));
    this.subs.add(vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()));
    this.subs.add(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (review.model.hunks(e.document.uri.fsPath).length === 0) return;
        // Typing fires per key: one diff a moment after the last one.
        this.typed.add(e.document);
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = undefined;
          for (const doc of this.typed) review.documentChanged(doc);
          this.typed.clear();
          this.refresh();
        }, 150);
      }),
    );
    this.subs.add({ dispose: () => this.timer !== undefined && clearTimeout(this.timer) });
    this.decorateAll();
  }

  private refresh(): void {
    this.decorateAll();
    this.lensesChanged.fire();
  }

  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.decorate(editor);
  }

  private decorate(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (doc.uri.scheme !== 'file') return;
    const hunks = this.review.locateIn(doc);
    const last = Math.max(0, doc.lineCount - 1);
    // The end of a line: an `after` text there follows the line's own text.
    const lineEnd = (n: number) => {
      const end = doc.lineAt(Math.min(n, last)).range.end;
      return new vscode.Range(end, end);
    };
    const added: vscode.DecorationOptions[] = [];
    const edited: vscode.DecorationOptions[] = [];
    const between: vscode.DecorationOptions[] = [];
    const replaced: vscode.DecorationOptions[] = [];
    for (const l of hunks) {
      // A phantom last line (the text ends with a newline) shows nothing.
      const end = Math.min(l.end, doc.lineCount);
      if (end > l.start) (l.edited ? edited : added).push({ range: new vscode.Range(l.start, 0, end - 1, 0) });
      if (l.hunk.base.length === 0) continue;
      const removed = l.hunk.base.length === 1 ? vscode.l10n.t('1 line removed by Claude') : vscode.l10n.t('{0} lines removed by Claude', l.hunk.base.length);
      const hover = new vscode.MarkdownString();
      hover.appendText(`${removed} (${l.hunk.origin.chat})`);
      hover.appendCodeblock(l.hunk.base.join('\n'), doc.languageId);
      const text = { after: { contentText: `  ${removed}` } };
      if (end > l.start) replaced.push({ range: lineEnd(l.start), hoverMessage: hover, renderOptions: text });
      else between.push({ range: lineEnd(Math.max(0, l.start - 1)), hoverMessage: hover, renderOptions: text });
    }
    editor.setDecorations(this.added, added);
    editor.setDecorations(this.edited, edited);
    editor.setDecorations(this.removedBetween, between);
    editor.setDecorations(this.replaced, replaced);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const last = Math.max(0, doc.lineCount - 1);
    for (const l of this.review.locateIn(doc)) {
      const at = Math.min(l.start, last);
      const range = new vscode.Range(at, 0, at, 0);
      const args = [{ path: doc.uri.fsPath, id: l.hunk.id }];
      lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Keep'), command: COMMANDS.reviewKeepHunk, arguments: args, tooltip: vscode.l10n.t("Keep Claude's change") }));
      lenses.push(
        new vscode.CodeLens(range, {
          title: l.edited ? vscode.l10n.t('Undo (edited since)') : vscode.l10n.t('Undo'),
          command: COMMANDS.reviewUndoHunk,
          arguments: args,
          tooltip: vscode.l10n.t('Put back the lines from before Claude\'s change'),
        }),
      );
      // Which chat made it: a label, no command.
      lenses.push(new vscode.CodeLens(range, { title: originLabel(l.hunk), command: '' }));
    }
    return lenses;
  }

  dispose(): void {
    this.subs.dispose();
  }
}
