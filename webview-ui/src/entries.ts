import type { ChatEvent, ToolState } from '../../src/shared/contract';

/**
 * The entries of the transcript model (model.ts): one per thing shown. Types only, in a file
 * that imports none of the webview's, so the model and the code that renders entries
 * (subagents.ts, cardBodies.ts, the views) share them without importing one another.
 */
export type ToolEvent = Extract<ChatEvent, { type: 'tool' }>;
export type ToolResultEvent = Extract<ChatEvent, { type: 'toolResult' }>;

export type Entry =
  | { kind: 'user'; turnId: string; text: string; queued: boolean; checkpoint?: boolean; images?: Extract<ChatEvent, { type: 'user' }>['images'] }
  | { kind: 'text' | 'thinking'; messageId: string; index: number; text: string; complete: boolean }
  /** `children`: a subagent's steps, for Task/Agent cards (see subagents.ts). */
  /** `since`: when the tool last started running here (Date.now()), for a long command's elapsed time. */
  | { kind: 'tool'; tool: ToolEvent; result?: ToolResultEvent; state: ToolState; children?: Entry[]; taskSubject?: string; since?: number }
  | { kind: 'turnEnd'; event: Extract<ChatEvent, { type: 'turnEnd' }> }
  | { kind: 'notice'; event: Extract<ChatEvent, { type: 'notice' }> }
  | { kind: 'mark'; event: Extract<ChatEvent, { type: 'mark' }> }
  /** `problems`: what its edits broke, once the language servers settled (turnProblems.ts). */
  | { kind: 'turnFiles'; event: Extract<ChatEvent, { type: 'turnFiles' }>; problems?: Extract<ChatEvent, { type: 'turnProblems' }> };

export type BlockEntry = Extract<Entry, { kind: 'text' | 'thinking' }>;
export type ToolEntry = Extract<Entry, { kind: 'tool' }>;

/** What changed: a new entry at the end, or an update (with the appended text, for streams). */
export type Change = { entry: Entry; added: true } | { entry: Entry; added: false; delta?: string };

/** The view of one entry in the transcript (entryViews.ts makes them). */
export interface EntryView {
  readonly el: HTMLElement;
  update(change: Change): void;
}
