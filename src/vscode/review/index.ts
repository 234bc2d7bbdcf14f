import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { ChatHub } from '../chatHub';
import { ReviewController } from './reviewController';
import { registerReviewCommands } from './reviewCommands';
import { ReviewEditorSurface } from './reviewEditor';
import { ReviewTree } from './reviewTree';

/** Review Changes: the record's hunks in the editor (decorations, CodeLens), the list view and the commands. */
export function registerReview(context: vscode.ExtensionContext, hub: ChatHub, log: Logger): ReviewController {
  const review = new ReviewController(hub, context.workspaceState, log);
  context.subscriptions.push(review, new ReviewTree(review));
  registerReviewCommands(context, review, log);
  // The editor surface (decoration types, a CodeLens provider over every file) comes with the
  // first pending change, not with activation.
  let surface: ReviewEditorSurface | undefined;
  const ensureSurface = () => {
    if (surface || review.model.count === 0) return;
    surface = new ReviewEditorSurface(review, context.extensionUri);
    context.subscriptions.push(surface);
  };
  context.subscriptions.push(review.model.onDidChange(ensureSurface));
  // A list restored from before a reload is there already.
  ensureSurface();
  return review;
}
