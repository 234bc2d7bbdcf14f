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
  context.subscriptions.push(review, new ReviewEditorSurface(review, context.extensionUri), new ReviewTree(review));
  registerReviewCommands(context, review, log);
  return review;
}
