/**
 * What the IDE server asks of the editor. The server (src/ide) speaks the CLI's protocol and checks
 * every argument; an implementation of this (src/vscode/ideEditor.ts, or a test's fake) only
 * answers with the editor's state. Lines and characters are 0-based, as the CLI expects.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'Error' | 'Warning' | 'Info' | 'Hint';

export interface IdeDiagnostic {
  message: string;
  severity: Severity;
  source?: string;
  code?: string;
  range: Range;
}

/** One file's diagnostics; `uri` is a `file://` URI (the CLI matches it against the paths it edits). */
export interface FileDiagnostics {
  uri: string;
  diagnostics: IdeDiagnostic[];
}

export interface SelectionInfo {
  text: string;
  filePath: string;
  fileUrl: string;
  selection: Range & { isEmpty: boolean };
}

export interface EditorTab {
  uri: string;
  isActive: boolean;
  label: string;
  languageId?: string;
  isDirty: boolean;
}

export interface WorkspaceFolder {
  name: string;
  /** Absolute file-system path. */
  path: string;
}

export interface OpenFileRequest {
  filePath: string;
  preview: boolean;
  /** Select from the first occurrence of `startText` (to `endText`, or to the end of its line). */
  startText?: string;
  endText?: string;
  selectToEndOfLine: boolean;
  makeFrontmost: boolean;
}

/** The user's answer to a proposed edit: the right side's final text, a rejection, or the CLI closed the tab. */
export type DiffOutcome = { kind: 'accepted'; text: string } | { kind: 'rejected' } | { kind: 'closed' };

export interface DiffRequest {
  /** The file the edit is for (checked inside the workspace); it may not exist yet. */
  filePath: string;
  proposed: string;
  /** The CLI's name for the tab; close_tab names it again. */
  tabName: string;
}

export interface EditorPort {
  workspaceFolders(): WorkspaceFolder[];
  /** All files' diagnostics, or one file's (`filePath` set). */
  diagnostics(filePath?: string): Promise<FileDiagnostics[]>;
  openEditors(): EditorTab[];
  currentSelection(): SelectionInfo | undefined;
  latestSelection(): SelectionInfo | undefined;
  openFile(request: OpenFileRequest): Promise<{ languageId?: string; lineCount?: number }>;
  /** Undefined when the document is not open. */
  documentState(filePath: string): { isDirty: boolean; isUntitled: boolean } | undefined;
  /** Undefined when the document is not open; false when saving failed. */
  saveDocument(filePath: string): Promise<boolean | undefined>;
  /** Shows the proposal and waits for the user; `signal` aborts it (the CLI went away): close the tab. */
  openDiff(request: DiffRequest, signal: AbortSignal): Promise<DiffOutcome>;
  /** Closes a diff tab openDiff made; its pending openDiff settles as `closed`. */
  closeTab(tabName: string): Promise<boolean>;
  closeAllDiffTabs(): Promise<number>;
  /** Absent when there is no notebook kernel API to run code with. */
  executeCode?(code: string): Promise<string>;
}
