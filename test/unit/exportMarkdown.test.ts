import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import type { ChatEvent } from '../../src/shared/contract';
import { exportMarkdown } from '../../src/shared/exportMarkdown';
import { Transcript } from '../../src/shared/transcript';
import { fixtureEvents } from '../webview/fromCli';

const GOLDEN = join(__dirname, '../fixtures/export/recorded-chat.md');

/** A recorded chat: four real CLI turns (markdown, thinking, Bash, Edit) replayed through the host's transcript. */
function recordedChat(): ChatEvent[] {
  const t = new Transcript();
  const turns: [string, string][] = [
    ['markdown.jsonl', 'Show me some markdown'],
    ['thinking.jsonl', 'Think about it first'],
    ['tool-bash.jsonl', 'Run `echo hello-from-bash`'],
    ['tool-edit.jsonl', 'Fix the typo in notes.txt'],
  ];
  turns.forEach(([file, prompt], i) => t.appendAll(fixtureEvents(file, [prompt]).map((e) => (e.type === 'user' || e.type === 'turnEnd' ? { ...e, turnId: `turn-${i}` } : e))));
  return t.snapshot();
}

/** Renders like a permissive previewer would (raw HTML on): the worst case for an export. */
function tokens(md: string): { type: string; tag: string; content: string }[] {
  const flat: { type: string; tag: string; content: string }[] = [];
  const walk = (ts: ReturnType<InstanceType<typeof MarkdownIt>['parse']>): void => {
    for (const t of ts) {
      flat.push({ type: t.type, tag: t.tag, content: t.content });
      if (t.children) walk(t.children);
    }
  };
  walk(new MarkdownIt({ html: true }).parse(md, {}));
  return flat;
}

describe('exportMarkdown', () => {
  it('matches the golden file for a recorded chat (UPDATE_GOLDEN=1 rewrites it)', () => {
    const md = exportMarkdown(recordedChat(), { title: 'Claude chat', subtitle: 'project: /ws' });
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, md);
    assert.equal(md, readFileSync(GOLDEN, 'utf8'));
  });

  it('has prompts, answers, tool calls with input and result, collapsed thinking and costs', () => {
    const md = exportMarkdown(recordedChat());
    assert.match(md, /^## 1\. You\n\n> Show me some markdown$/m);
    assert.match(md, /\*\*Tool: Bash\*\* `echo hello-from-bash` \(done\)/);
    assert.match(md, /hello-from-bash\n```/);
    assert.match(md, /<details><summary>Thinking<\/summary>/);
    assert.match(md, /\*\*Total cost:\*\* \$\d+\.\d{4} over 4 prompts/);
    assert.doesNotMatch(exportMarkdown(recordedChat(), { thinking: 'omitted' }), /Thinking/);
  });

  it('keeps hostile answers from turning the export into something else', () => {
    const events: ChatEvent[] = [
      { type: 'user', turnId: 't1', text: 'Show a fence <!-- and hide the rest' },
      // An answer with a fence it never closes, raw HTML, and a comment that would hide what follows.
      { type: 'block', messageId: 'm', index: 0, kind: 'text', text: 'Look: <img src=x onerror=alert(1)> and `a<b` and <!-- hidden\n\n```js\nconst x = 1;\n' },
      { type: 'tool', messageId: 'm', index: 1, toolUseId: 'u1', name: 'Bash', input: { command: 'echo ```; echo ` `' } },
      { type: 'toolResult', toolUseId: 'u1', isError: false, text: '````\n</details><script>alert(1)</script>\n' },
      { type: 'thinking', messageId: 'm', index: 2, text: '```\n</details>\n# not a heading' },
      { type: 'turnEnd', turnId: 't1', outcome: 'error', error: { code: 'x', message: '<b>boom</b> *not bold*', actions: [] } },
      { type: 'user', turnId: 't2', text: 'second' },
    ];
    const md = exportMarkdown(events);
    const ts = tokens(md);
    // No raw HTML survives except our own <details>/<summary> wrappers.
    const html = ts.filter((t) => t.type === 'html_block' || t.type === 'html_inline').map((t) => t.content.trim());
    for (const h of html) assert.match(h, /^(<details><summary>(Thinking|Input)<\/summary>|<\/summary>|<\/details>)$/, `unexpected HTML: ${h}`);
    // The structure is intact: both prompts are still headings after the hostile turn.
    const headings = ts.filter((t) => t.type === 'inline' && /^\d+\. You/.test(t.content)).map((t) => t.content);
    assert.deepEqual(headings, ['1. You', '2. You']);
    // Inline code keeps its literal `<`; the tool output and thinking are verbatim inside code.
    assert.ok(ts.some((t) => t.type === 'code_inline' && t.content === 'a<b'));
    assert.ok(ts.some((t) => t.type === 'fence' && t.content.includes('</details><script>alert(1)</script>')));
    assert.ok(ts.some((t) => t.type === 'fence' && t.content.includes('# not a heading')));
    assert.ok(ts.some((t) => t.type === 'code_inline' && t.content === 'echo ```; echo ` `'));
    assert.match(md, /\\<b\\>boom\\<\/b\\> \\\*not bold\\\*/);
  });
});
