import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { EditorPort } from './editorPort';
import { IdeError } from './errors';
import { checkInWorkspace, toFilePath } from './workspacePath';

/** An MCP tool result: text content, `isError` for a tool-level failure (the CLI shows the text). */
export interface ToolResult {
  content: { type: 'text'; text: string }[];
  isError?: boolean;
}

const text = (value: string): ToolResult => ({ content: [{ type: 'text', text: value }] });
const json = (value: unknown): ToolResult => text(JSON.stringify(value));

const filePathArg = z.object({ filePath: z.string().min(1) });

/** Argument schemas; names and fields as the CLI sends them (docs/protocol.md, "The IDE integration"). */
const schemas = {
  getDiagnostics: z.object({ uri: z.string().optional() }),
  getOpenEditors: z.object({}),
  getWorkspaceFolders: z.object({}),
  getCurrentSelection: z.object({}),
  getLatestSelection: z.object({}),
  openFile: z.object({
    filePath: z.string().min(1),
    preview: z.boolean().default(false),
    startText: z.string().optional(),
    endText: z.string().optional(),
    selectToEndOfLine: z.boolean().default(false),
    makeFrontmost: z.boolean().default(true),
  }),
  checkDocumentDirty: filePathArg,
  saveDocument: filePathArg,
  openDiff: z.object({ old_file_path: z.string().min(1), new_file_path: z.string().min(1), new_file_contents: z.string(), tab_name: z.string().min(1) }),
  close_tab: z.object({ tab_name: z.string().min(1) }),
  closeAllDiffTabs: z.object({}),
  executeCode: z.object({ code: z.string() }),
} as const;

export type ToolName = keyof typeof schemas;

const descriptions: Record<ToolName, string> = {
  getDiagnostics: "Get language diagnostics (errors, warnings) from the editor for one file (uri) or all files",
  getOpenEditors: 'List the tabs open in the editor',
  getWorkspaceFolders: 'List the workspace folders open in the editor',
  getCurrentSelection: "The active editor's selection",
  getLatestSelection: 'The most recent text selection in any editor',
  openFile: 'Open a file in the editor, optionally selecting text',
  checkDocumentDirty: 'Whether an open document has unsaved changes',
  saveDocument: 'Save an open document',
  openDiff: 'Show a proposed edit as a diff and wait for the user to accept, edit or reject it',
  close_tab: 'Close a diff tab by name',
  closeAllDiffTabs: 'Close every diff tab this server opened',
  executeCode: 'Run Python code in the active Jupyter kernel',
};

/** The tools an ACP agent gets (src/ide/agentServer.ts): those that only read what the editor shows. */
export const READ_ONLY_TOOLS = ['getDiagnostics', 'getCurrentSelection', 'getLatestSelection', 'getOpenEditors', 'getWorkspaceFolders'] as const satisfies readonly ToolName[];

/** tools/list: JSON Schemas generated from the same zod schemas that check the arguments; `only` narrows the list. */
export function toolList(only?: readonly ToolName[]): { name: string; description: string; inputSchema: unknown }[] {
  const names = only ?? (Object.keys(schemas) as ToolName[]);
  return names.map((name) => ({ name, description: descriptions[name], inputSchema: z.toJSONSchema(schemas[name], { io: 'input' }) }));
}

export function isToolName(name: string): name is ToolName {
  return Object.prototype.hasOwnProperty.call(schemas, name);
}

function parse<N extends ToolName>(name: N, args: unknown): z.infer<(typeof schemas)[N]> {
  const r = schemas[name].safeParse(args ?? {});
  if (!r.success) throw new IdeError('badArguments', `${name}: ${r.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`);
  return r.data as z.infer<(typeof schemas)[N]>;
}

/**
 * Runs one tool against the editor. Paths are checked against the workspace folders (symlinks
 * resolved) before anything is opened, saved, diffed or read; failures come back as typed errors
 * the caller turns into MCP tool errors.
 */
export async function callTool(editor: EditorPort, name: ToolName, args: unknown, signal: AbortSignal): Promise<ToolResult> {
  const folders = () => editor.workspaceFolders().map((f) => f.path);
  switch (name) {
    case 'getDiagnostics': {
      const { uri } = parse(name, args);
      const file = uri ? checkInWorkspace(uri, folders()) : undefined;
      return json(await editor.diagnostics(file));
    }
    case 'getOpenEditors':
      parse(name, args);
      return json({ tabs: editor.openEditors() });
    case 'getWorkspaceFolders': {
      parse(name, args);
      const list = editor.workspaceFolders();
      return json({ success: true, folders: list.map((f) => ({ name: f.name, uri: pathToFileURL(f.path).href, path: f.path })), rootPath: list[0]?.path ?? null });
    }
    case 'getCurrentSelection':
    case 'getLatestSelection': {
      parse(name, args);
      const sel = name === 'getCurrentSelection' ? editor.currentSelection() : editor.latestSelection();
      return json(sel ? { success: true, ...sel } : { success: false, message: name === 'getCurrentSelection' ? 'No active editor found' : 'No selection available' });
    }
    case 'openFile': {
      const a = parse(name, args);
      const filePath = checkInWorkspace(a.filePath, folders());
      const info = await editor.openFile({ ...a, filePath });
      // The CLI's own call (makeFrontmost false) reads the JSON; a model-facing call reads the sentence.
      return a.makeFrontmost ? text(`Opened file: ${filePath}`) : json({ success: true, filePath, languageId: info.languageId, lineCount: info.lineCount });
    }
    case 'checkDocumentDirty': {
      const filePath = checkInWorkspace(parse(name, args).filePath, folders());
      const state = editor.documentState(filePath);
      return json(state ? { success: true, filePath, ...state } : { success: false, message: `Document not open: ${filePath}` });
    }
    case 'saveDocument': {
      const filePath = checkInWorkspace(parse(name, args).filePath, folders());
      const saved = await editor.saveDocument(filePath);
      if (saved === undefined) return json({ success: false, message: `Document not open: ${filePath}` });
      return json({ success: saved, filePath, saved, message: saved ? 'Document saved' : 'The document could not be saved' });
    }
    case 'openDiff': {
      const a = parse(name, args);
      const filePath = checkInWorkspace(a.new_file_path, folders());
      if (toFilePath(a.old_file_path) !== filePath) checkInWorkspace(a.old_file_path, folders());
      const outcome = await editor.openDiff({ filePath, proposed: a.new_file_contents, tabName: a.tab_name }, signal);
      switch (outcome.kind) {
        // The CLI takes the second block as the file's new content: the user's edits to the right side count.
        case 'accepted':
          return { content: [{ type: 'text', text: 'FILE_SAVED' }, { type: 'text', text: outcome.text }] };
        case 'rejected':
          return text('DIFF_REJECTED');
        case 'closed':
          return text('TAB_CLOSED');
      }
      throw new IdeError('ideServer', 'unknown diff outcome');
    }
    case 'close_tab':
      await editor.closeTab(parse(name, args).tab_name);
      return text('TAB_CLOSED');
    case 'closeAllDiffTabs': {
      parse(name, args);
      return text(`CLOSED_${await editor.closeAllDiffTabs()}_DIFF_TABS`);
    }
    case 'executeCode': {
      const { code } = parse(name, args);
      if (!editor.executeCode) throw new IdeError('notSupported', 'No Jupyter kernel is available in this editor: executeCode needs the Jupyter extension and an open notebook.');
      return text(await editor.executeCode(code));
    }
  }
}
