import type { ToolState } from '../../src/shared/contract';
import { basename, fileLink, formatBytes, h, icon } from './dom';
// `tr` where a todo is called `t`.
import { t, t as tr } from './l10n';
import type { ToolEntry } from './entries';
import { keyValueSummary, obj, str } from '../../src/shared/toolValues';
import { toolSentence } from '../../src/shared/toolSentences';
import { formatLineChange, lineChange, sumLineChanges, type LineChange } from '../../src/shared/lineChange';

/** What a card shows, per tool. Inputs and results are untrusted shapes: read them defensively. */
export interface CardParts {
  icon: string;
  name?: string;
  title: (Node | string)[];
  body: Node[];
  stateLabel?: string;
  /** Overrides of the state badge's icon and colour (a plan sent back is no error). */
  stateIcon?: string;
  stateClass?: ToolState;
  /** The body already shows the error text. */
  showsError?: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const COLLAPSED_LINES = 20;
const MAX_LINES = 2_000;

/** Text shown collapsed to its first lines, with a button that shows the rest (capped). */
export function foldedText(text: string, key: string, cls = ''): HTMLElement {
  const lines = text.replace(/\n$/, '').split('\n');
  const pre = h('pre', { class: `output ${cls}` }, lines.slice(0, COLLAPSED_LINES).join('\n'));
  const wrap = h('div', { class: 'folded', 'data-key': key }, pre);
  if (lines.length > COLLAPSED_LINES) {
    const more = h('button', { class: 'link-button', 'data-action': 'expand' }, t('Show all {0} lines', lines.length));
    more.addEventListener('click', () => {
      const shown = lines.slice(0, MAX_LINES).join('\n');
      pre.textContent = lines.length > MAX_LINES ? `${shown}\n… ${t('{0} more lines not shown', lines.length - MAX_LINES)}` : shown;
      wrap.classList.add('expanded');
      more.remove();
    });
    wrap.appendChild(more);
  }
  return wrap;
}

export function bashCard(entry: ToolEntry): CardParts {
  const input = obj(entry.tool.input);
  const command = str(input.command) ?? '';
  const description = str(input.description);
  const result = entry.result;
  const s = obj(result?.structured);
  const body: Node[] = [h('pre', { class: 'command' }, h('span', { class: 'prompt' }, '$ '), command)];
  let stateLabel: string | undefined;
  if (result) {
    const stdout = str(s.stdout) ?? (result.isError ? '' : result.text);
    const stderr = str(s.stderr) ?? (result.isError ? result.text : '');
    if (stdout) body.push(foldedText(stdout, 'stdout'));
    if (stderr) body.push(foldedText(stderr, 'stderr', 'stderr'));
    if (!stdout && !stderr && entry.state === 'done') body.push(h('div', { class: 'muted small' }, t('(no output)')));
    if (s.interrupted === true) stateLabel = t('Interrupted');
    else if (entry.state === 'error') stateLabel = /^Exit code (\d+)/.exec(result.text)?.[0] ?? t('Failed');
  }
  return { icon: 'terminal', title: description ? [description] : [], body, stateLabel, showsError: true };
}

export function editCard(entry: ToolEntry): CardParts {
  const input = obj(entry.tool.input);
  const s = obj(entry.result?.structured);
  const path = str(s.filePath) ?? str(input.file_path) ?? '';
  const hunks = Array.isArray(s.structuredPatch) ? s.structuredPatch.map(obj) : [];
  const table = h('div', { class: 'diff', role: 'group', 'aria-label': t('Diff') });
  let rows = 0;
  const row = (cls: string, oldNo: string, newNo: string, text: string): void => {
    if (rows++ > 1000) return;
    table.appendChild(h('div', { class: `diff-line ${cls}` }, h('span', { class: 'ln' }, oldNo), h('span', { class: 'ln' }, newNo), h('span', { class: 'code' }, text)));
  };
  let firstLine: number | undefined;
  // Counted from what the card shows, so the "+2 −1" next to the path matches the rows below.
  const change: LineChange = { removed: 0, added: 0 };
  if (hunks.length) {
    for (const hunk of hunks) {
      let o = num(hunk.oldStart) ?? 0;
      let n = num(hunk.newStart) ?? 0;
      firstLine ??= n || undefined;
      row('hunk', '', '', `@@ -${o},${num(hunk.oldLines) ?? 0} +${n},${num(hunk.newLines) ?? 0} @@`);
      for (const l of Array.isArray(hunk.lines) ? hunk.lines : []) {
        const line = String(l);
        if (line.startsWith('-')) {
          change.removed++;
          row('del', String(o++), '', line.slice(1));
        } else if (line.startsWith('+')) {
          change.added++;
          row('add', '', String(n++), line.slice(1));
        } else row('ctx', String(o++), String(n++), line.slice(1));
      }
    }
  } else {
    // No result yet (or none recorded): preview the requested change.
    const oldText = str(input.old_string) ?? '';
    const newText = str(input.new_string) ?? '';
    for (const l of oldText.split('\n')) row('del', '', '', l);
    for (const l of newText.split('\n')) row('add', '', '', l);
    Object.assign(change, Array.isArray(input.edits) ? sumLineChanges(input.edits.map(obj).map((e) => lineChange(str(e.old_string) ?? '', str(e.new_string) ?? ''))) : lineChange(oldText, newText));
  }
  if (rows > 1000) table.appendChild(h('div', { class: 'muted small' }, `… ${t('{0} more lines', rows - 1000)}`));
  const counts = change.added || change.removed ? [' ', h('span', { class: 'muted small line-change' }, formatLineChange(change))] : [];
  return { icon: 'edit', title: [...(path ? [fileLink(path, firstLine)] : []), ...counts], body: [table] };
}

export function writeCard(entry: ToolEntry): CardParts {
  const input = obj(entry.tool.input);
  const s = obj(entry.result?.structured);
  const path = str(input.file_path) ?? str(s.filePath) ?? '';
  const content = str(input.content) ?? str(s.content) ?? '';
  const lines = content.replace(/\n$/, '').split('\n');
  const bytes = new TextEncoder().encode(content).length;
  const kind = str(s.type) === 'update' ? t('updated') : str(s.type) === 'create' ? t('created') : '';
  const body: Node[] = [
    h('div', { class: 'muted small' }, `${lines.length === 1 ? t('1 line') : t('{0} lines', lines.length)} · ${formatBytes(bytes)}${kind ? ` · ${kind}` : ''}`),
    h('pre', { class: 'output' }, lines.slice(0, 8).join('\n') + (lines.length > 8 ? `\n… ${t('{0} more lines', lines.length - 8)}` : '')),
  ];
  return { icon: 'new-file', title: path ? [fileLink(path)] : [], body };
}

export function readCard(entry: ToolEntry): CardParts {
  const input = obj(entry.tool.input);
  const file = obj(obj(entry.result?.structured).file);
  const path = str(file.filePath) ?? str(input.file_path) ?? '';
  const start = num(file.startLine) ?? num(input.offset) ?? 1;
  const count = num(file.numLines) ?? num(input.limit);
  const total = num(file.totalLines);
  let range = '';
  if (count !== undefined) range = total !== undefined ? t('lines {0}–{1} of {2}', start, Math.max(start, start + count - 1), total) : t('lines {0}–{1}', start, Math.max(start, start + count - 1));
  else if (num(input.offset) !== undefined) range = t('from line {0}', start);
  const title: (Node | string)[] = path ? [fileLink(path, start)] : [];
  if (range) title.push(h('span', { class: 'muted' }, ` ${range}`));
  return { icon: 'file', title, body: [] };
}

export function todoCard(entry: ToolEntry): CardParts {
  const todos = Array.isArray(obj(entry.tool.input).todos) ? (obj(entry.tool.input).todos as unknown[]).map(obj) : [];
  const done = todos.filter((t) => t.status === 'completed').length;
  const list = h('ul', { class: 'todos' });
  for (const t of todos) {
    const status = str(t.status) ?? 'pending';
    const ic = status === 'completed' ? 'pass-filled' : status === 'in_progress' ? 'circle-large-filled' : 'circle-large-outline';
    const text = status === 'in_progress' ? (str(t.activeForm) ?? str(t.content) ?? '') : (str(t.content) ?? '');
    // A list item (not an interactive checkbox): the status is its title and its icon.
    const label = status === 'completed' ? tr('done') : status === 'in_progress' ? tr('in progress') : tr('to do');
    list.appendChild(h('li', { class: `todo todo-${status}`, title: label }, icon(ic), h('span', null, text)));
  }
  return { icon: 'checklist', name: t('Todos'), title: [h('span', { class: 'muted' }, t('{0}/{1} done', done, todos.length))], body: [list] };
}

/** A model-written value on one line, cut visibly (textContent renders it; nothing to escape). */
const oneLine = (text: string, max: number): string => {
  const v = text.replace(/\s+/g, ' ').trim();
  return v.length <= max ? v : `${v.slice(0, max - 1)}…`;
};

export function genericCard(entry: ToolEntry): CardParts {
  const input = obj(entry.tool.input);
  let name = entry.tool.name;
  const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
  if (mcp) name = `${mcp[1]} · ${mcp[2]}`;
  const hint = ['file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt'].map((k) => str(input[k])).find(Boolean);
  const title: (Node | string)[] = [];
  // The newer tools read as a sentence (the same one their permission prompt shows).
  const sentence = mcp ? undefined : toolSentence(entry.tool.name, input, oneLine);
  if (sentence) title.push(sentence);
  else if (hint) title.push(str(input.file_path) || str(input.path) ? fileLink(hint, undefined, basename(hint)) : hint.slice(0, 200));
  else {
    const pairs = keyValueSummary(input);
    if (pairs) title.push(h('span', { class: 'muted' }, pairs));
  }
  let json: string;
  try {
    json = JSON.stringify(entry.tool.input ?? {}, null, 2) ?? '';
  } catch {
    json = String(entry.tool.input);
  }
  const body: Node[] = [h('details', { class: 'json', 'data-key': 'input' }, h('summary', null, t('Input')), h('pre', { class: 'output' }, json.length > 20_000 ? `${json.slice(0, 20_000)}\n…` : json))];
  if (entry.result && !entry.result.isError && entry.result.text) {
    body.push(h('details', { class: 'json', 'data-key': 'output' }, h('summary', null, t('Output')), foldedText(entry.result.text, 'output-text')));
  }
  return { icon: mcp ? 'plug' : 'tools', name, title, body };
}

