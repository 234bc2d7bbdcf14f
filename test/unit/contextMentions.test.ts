import assert from 'node:assert/strict';
import {
  contextMentionsIn,
  expandContextMentions,
  formatGitDiff,
  formatProblems,
  formatTerminal,
  renderBlock,
  terminalText,
  type ContextKind,
  type Problem,
} from '../../src/chat/contextMentions';
import { rangeMention } from '../../src/chat/mentionPath';

const problem = (path: string, line: number, severity: Problem['severity'], message: string, extra: Partial<Problem> = {}): Problem => ({ path, line, column: 1, severity, message, ...extra });

describe('context mentions: which tokens count', () => {
  it('finds @problems, @terminal and @git after whitespace or at the start, once each, in order', () => {
    assert.deepEqual(contextMentionsIn('@git then fix @problems, and @problems again; @terminal.'), ['git', 'problems', 'terminal']);
  });

  it('a file under a folder of that name, an e-mail and a longer word are not context mentions', () => {
    assert.deepEqual(contextMentionsIn('read @problems/list.md, mail me@git and see @gitignore or @terminals'), []);
  });
});

describe('context mentions: expansion at send time', () => {
  it('appends one block per kind after the prompt and defuses the tokens so the CLI reads no file of that name', async () => {
    const asked: ContextKind[] = [];
    const out = await expandContextMentions('Fix @problems and check @git.\n', async (k) => {
      asked.push(k);
      return k === 'problems' ? { heading: '@problems: the list:', body: 'a.ts:1:1 error: x' } : { heading: '@git: no changes.' };
    });
    assert.deepEqual(asked, ['problems', 'git']);
    assert.equal(out, 'Fix \u200B@problems and check \u200B@git.\n\n\u200B@problems: the list:\n```text\na.ts:1:1 error: x\n```\n\n\u200B@git: no changes.');
    assert.doesNotMatch(out, /(^|\s)@(problems|git)/);
  });

  it('a prompt without context mentions is sent as it is, and nothing is asked', async () => {
    const text = 'Explain @src/a.ts#L1-3  ';
    assert.equal(
      await expandContextMentions(text, () => {
        throw new Error('not asked');
      }),
      text,
    );
  });

  it('a source that fails says so in its block, and the prompt still goes out', async () => {
    const out = await expandContextMentions('see @terminal', async () => {
      throw new Error('no pty');
    });
    assert.equal(out, 'see \u200B@terminal\n\n\u200B@terminal: could not be read (no pty).');
  });

  it('a block body cannot close its fence or mention a file', () => {
    const r = renderBlock({ heading: 'T', body: 'a ```` b\n@/etc/passwd\n', lang: 'diff' });
    assert.equal(r, 'T\n`````diff\na ```` b\n\u200B@/etc/passwd\n`````');
  });
});

describe('context mentions: @problems', () => {
  it('errors first, then warnings, each by file and line, with source and code', () => {
    const b = formatProblems([
      problem('b.ts', 2, 'warning', 'unused'),
      problem('b.ts', 9, 'error', "Cannot find name 'x'.", { source: 'ts', code: '2304' }),
      problem('a.json', 3, 'error', 'Expected comma\n  here', { column: 7 }),
    ]);
    assert.equal(b.heading, "@problems: the workspace's Problems, 2 errors and 1 warning:");
    assert.equal(b.body, "a.json:3:7 error: Expected comma here\nb.ts:9:1 error: Cannot find name 'x'. (ts 2304)\nb.ts:2:1 warning: unused");
  });

  it('caps at 50 entries with "… and K more", errors kept before warnings', () => {
    const many = [...Array.from({ length: 60 }, (_, i) => problem('w.ts', i + 1, 'warning', 'w')), ...Array.from({ length: 10 }, (_, i) => problem('e.ts', i + 1, 'error', 'e'))];
    const lines = formatProblems(many).body!.split('\n');
    assert.equal(lines.length, 51);
    assert.equal(lines.at(-1), '… and 20 more');
    assert.ok(lines.slice(0, 10).every((l) => l.includes(' error: ')));
  });

  it('caps by characters too, and a single long message still shows', () => {
    const long = 'x'.repeat(9000);
    const b = formatProblems([problem('a.ts', 1, 'error', long), problem('a.ts', 2, 'error', 'short')]);
    const lines = b.body!.split('\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[0].endsWith(long));
    assert.equal(lines[1], '… and 1 more');
  });

  it('no problems: a title that says so and no block', () => {
    assert.deepEqual(formatProblems([]), { heading: '@problems: the workspace has no errors or warnings.' });
  });
});

describe('context mentions: @terminal', () => {
  it('strips colours, titles and shell-integration marks, keeps what a progress line ended as', () => {
    const raw = '\u001B]633;C\u0007\u001B[31mFAIL\u001B[0m test/a.test.ts\r\nprogress 10%\rprogress 100%\n\u001B]0;title\u001B\\done\u0007\n';
    assert.equal(terminalText(raw), 'FAIL test/a.test.ts\nprogress 100%\ndone\n');
  });

  it('shows the command, the exit code and the end of a long output, cut at a line start', () => {
    const output = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const b = formatTerminal({ terminal: 'bash', command: 'npm test ', output, exitCode: 1 }, 100);
    assert.equal(b.heading, '@terminal: the last command in the terminal "bash", exit code 1:');
    const lines = b.body!.split('\n');
    assert.equal(lines[0], '$ npm test');
    assert.match(lines[1], /^… \(\d+ earlier characters left out\)$/);
    assert.equal(lines[2].startsWith('line '), true, 'the first line shown is whole');
    assert.equal(lines.at(-1), 'line 1999');
    assert.ok(b.body!.length < 200);
  });
});

describe('context mentions: @git', () => {
  const fileDiff = (name: string, n: number) => `diff --git a/${name} b/${name}\n--- a/${name}\n+++ b/${name}\n@@ -1,1 +1,${n} @@\n${Array.from({ length: n }, (_, i) => `+added ${i}`).join('\n')}\n`;

  it('staged and unstaged sections, the number of files, a diff fence', () => {
    const b = formatGitDiff({ staged: fileDiff('a.ts', 1), unstaged: fileDiff('b.ts', 2) });
    assert.equal(b.heading, "@git: the working tree's changes (2 files; untracked files are not included):");
    assert.equal(b.lang, 'diff');
    assert.match(b.body!, /^# staged \(git diff --cached\)\ndiff --git a\/a\.ts/);
    assert.match(b.body!, /\n# not staged \(git diff\)\ndiff --git a\/b\.ts/);
    // The hunk headers start with @@ after a newline: defused when rendered.
    assert.doesNotMatch(renderBlock(b), /(^|\s)@@/m);
  });

  it('a long diff is cut at a line end and says how much and how many files are left out', () => {
    const b = formatGitDiff({ staged: '', unstaged: fileDiff('a.ts', 50) + fileDiff('b.ts', 50) }, 300);
    const lines = b.body!.split('\n');
    assert.match(lines.at(-1)!, /^… \(\d+ more characters left out; 1 more file\(s\) not shown\)$/);
    assert.ok(lines.slice(0, -1).every((l) => /^(#|diff|---|\+\+\+|@@|\+added \d+$)/.test(l)), 'no line is cut in the middle');
  });

  it('no changes: a title that says so', () => {
    assert.deepEqual(formatGitDiff({ staged: '\n', unstaged: '' }), { heading: '@git: the working tree has no changes to tracked files.' });
  });
});

describe('rangeMention: the selection chip as a mention', () => {
  it('a plain path with lines, a file alone, a quoted path, and no mention for an unsafe path', () => {
    assert.equal(rangeMention('src/a.ts', { start: 3, end: 7 }), '@src/a.ts#L3-7');
    assert.equal(rangeMention('src/a.ts'), '@src/a.ts');
    assert.equal(rangeMention('my docs/a b.md', { start: 1, end: 1 }), '@"my docs/a b.md#L1-1"');
    assert.equal(rangeMention('x @/etc/passwd'), undefined);
    assert.equal(rangeMention('a"b.ts'), undefined);
  });
});
