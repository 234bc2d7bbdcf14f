import type { ToolCall, ToolCallContent, ToolCallUpdate, ToolKind } from '@agentclientprotocol/sdk';

/** A tool call as we accumulate it: the first `tool_call` merged with every later update. */
export interface ToolCallState {
  toolCallId: string;
  title: string;
  kind?: ToolKind;
  status?: ToolCall['status'];
  content?: ToolCallContent[];
  locations?: ToolCall['locations'];
  rawInput?: unknown;
  rawOutput?: unknown;
  _meta?: Record<string, unknown> | null;
}

export function mergeToolCall(prev: ToolCallState | undefined, u: ToolCall | ToolCallUpdate): ToolCallState {
  const base: ToolCallState = prev ?? { toolCallId: u.toolCallId, title: '' };
  const next: ToolCallState = { ...base };
  if (u.title != null) next.title = u.title;
  if (u.kind != null) next.kind = u.kind;
  if (u.status != null) next.status = u.status;
  if (u.content != null) next.content = u.content;
  if (u.locations != null) next.locations = u.locations;
  if (u.rawInput !== undefined && !isEmptyObject(u.rawInput)) next.rawInput = u.rawInput;
  if (u.rawOutput !== undefined) next.rawOutput = u.rawOutput;
  if (u._meta != null) next._meta = { ...(base._meta ?? {}), ...u._meta };
  return next;
}

/**
 * The tool name and input the panel's cards understand (Read, Edit, Write, Bash), from the ACP
 * `kind`, the content's diff and `rawInput`. Anything else keeps its title as the name and
 * shows `rawInput` as JSON. Pure.
 */
export function describeToolCall(t: ToolCallState): { name: string; input: Record<string, unknown> } {
  const raw = isRecord(t.rawInput) ? t.rawInput : {};
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const diff = t.content?.find((c): c is Extract<ToolCallContent, { type: 'diff' }> => c.type === 'diff');
  const firstPath = t.locations?.[0]?.path ?? diff?.path ?? str('file_path') ?? str('path') ?? str('abs_path');
  switch (t.kind) {
    case 'read':
      if (firstPath) return { name: 'Read', input: { ...raw, file_path: firstPath } };
      break;
    case 'edit':
      if (diff) {
        // A diff without old text is a new file: the Write card shows it whole.
        if (diff.oldText == null) return { name: 'Write', input: { file_path: diff.path, content: diff.newText } };
        return { name: 'Edit', input: { file_path: diff.path, old_string: diff.oldText, new_string: diff.newText } };
      }
      if (str('file_path') && str('old_string') !== undefined) return { name: 'Edit', input: raw };
      if (str('file_path') && str('content') !== undefined) return { name: 'Write', input: raw };
      break;
    case 'execute': {
      const command = str('command') ?? commandLine(raw) ?? t.title;
      return { name: 'Bash', input: { ...raw, command } };
    }
    default:
      break;
  }
  return { name: t.title || t.kind || 'Tool', input: raw };
}

/** The text a finished tool reports: its text content blocks, else a string `rawOutput`. */
export function toolResultText(t: ToolCallState): string {
  const parts: string[] = [];
  for (const c of t.content ?? []) {
    if (c.type === 'content' && c.content.type === 'text') parts.push(c.content.text);
    else if (c.type === 'content' && c.content.type === 'resource_link') parts.push(c.content.uri);
  }
  if (parts.length > 0) return parts.join('\n');
  if (typeof t.rawOutput === 'string') return t.rawOutput;
  if (t.rawOutput !== undefined && t.rawOutput !== null) return JSON.stringify(t.rawOutput);
  return '';
}

function commandLine(raw: Record<string, unknown>): string | undefined {
  const cmd = raw.cmd ?? raw.argv;
  if (Array.isArray(cmd) && cmd.every((x) => typeof x === 'string')) return cmd.join(' ');
  return typeof cmd === 'string' ? cmd : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyObject(v: unknown): boolean {
  return isRecord(v) && Object.keys(v).length === 0;
}
