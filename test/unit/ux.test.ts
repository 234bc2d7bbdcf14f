import assert from 'node:assert/strict';
import { searchMentions, lineRange } from '../../src/shared/mentionSearch';
import { localCommand, parseCommands } from '../../src/claude/commands';
import { frontmatter } from '../../src/claude/commandFiles';
import { ContextTracker } from '../../src/claude/contextUsage';
import { imageProblem, sniffImageType } from '../../src/shared/images';
import { userLine } from '../../src/claude/protocol';

describe('@ mentions: folders and line ranges', () => {
  const files = ['README.md', 'src/claude/session.ts', 'src/claude/protocol.ts', 'src/shared/fuzzy.ts', 'my dir/notes.txt'];

  it('offers the folders of listed files, with a trailing slash, next to files', () => {
    const r = searchMentions(files, 'claude');
    assert.equal(r[0], 'src/claude/');
    assert.ok(r.includes('src/claude/session.ts'));
    assert.ok(searchMentions(files, '').includes('my dir/'));
  });

  it('turns path#L10-20 into ranges on matching files only', () => {
    assert.deepEqual(searchMentions(files, 'session#L10-20'), ['src/claude/session.ts#L10-20']);
    assert.deepEqual(searchMentions(files, 'session#5'), ['src/claude/session.ts#L5']);
    // An unfinished range still lists the files to pick from, without folders.
    assert.deepEqual(searchMentions(files, 'session#L'), ['src/claude/session.ts']);
    assert.equal(lineRange('L20-10'), undefined);
    assert.equal(lineRange('L0'), undefined);
  });
});

describe('slash commands', () => {
  it('answers /clear and terminal-only commands locally, unless the CLI lists a command of that name', () => {
    assert.deepEqual(localCommand('/clear'), { kind: 'newChat' });
    assert.deepEqual(localCommand('  /reset '), { kind: 'newChat' });
    const login = localCommand('/login');
    assert.equal(login?.kind, 'terminalOnly');
    assert.match(login?.kind === 'terminalOnly' ? login.message : '', /\/login only works in Claude's terminal interface/);
    assert.equal(localCommand('/model', new Set(['model'])), undefined, "the user's own /model command wins");
    assert.equal(localCommand('/compact'), undefined);
    assert.equal(localCommand('/greet world'), undefined);
    assert.equal(localCommand('what is /login?'), undefined);
  });

  it('reads the initialize answer and command-file frontmatter, skipping junk', () => {
    assert.deepEqual(parseCommands({ commands: [{ name: 'compact', description: 'Free up context', argumentHint: '' }, { nope: 1 }, { name: 'usage', description: '', aliases: ['cost', 3] }] }), [
      { name: 'compact', description: 'Free up context', argumentHint: undefined, aliases: undefined },
      { name: 'usage', description: undefined, argumentHint: undefined, aliases: ['cost'] },
    ]);
    assert.deepEqual(parseCommands(undefined), []);
    assert.deepEqual(frontmatter('---\ndescription: "Greets"\nargument-hint: <name>\n---\nbody'), { description: 'Greets', 'argument-hint': '<name>' });
  });
});

describe('images and context usage', () => {
  it('writes images before the text in one user message', () => {
    const line = JSON.parse(userLine('look', [{ mediaType: 'image/png', data: 'AAAA' }]));
    assert.deepEqual(line.message.content, [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }, { type: 'text', text: 'look' }]);
    assert.equal(JSON.parse(userLine('plain')).message.content, 'plain');
  });

  it('checks type, bytes and pixels against the API limits', () => {
    assert.equal(imageProblem('a.png', 'image/png', 1000, { width: 10, height: 10 }), undefined);
    assert.match(imageProblem('a.bmp', 'image/bmp', 10) ?? '', /not a PNG, JPEG, GIF or WebP/);
    assert.match(imageProblem('a.png', 'image/png', 5 * 1024 * 1024 + 1) ?? '', /at most 5 MB/);
    assert.match(imageProblem('a.png', 'image/png', 10, { width: 8001, height: 10 }) ?? '', /8000 px/);
    assert.equal(sniffImageType(Buffer.from('89504e470d0a1a0a', 'hex')), 'image/png');
    assert.equal(sniffImageType(Buffer.from('ffd8ffe0', 'hex')), 'image/jpeg');
    assert.equal(sniffImageType(Buffer.from('hello')), undefined);
  });

  it('counts the main thread\'s latest request plus its answer, and nothing before the limits are known', () => {
    const t = new ContextTracker();
    t.streamEvent({ type: 'message_start', message: { id: 'm', usage: { input_tokens: 100, cache_read_input_tokens: 900, cache_creation_input_tokens: 50, output_tokens: 1 } } }, undefined);
    t.streamEvent({ type: 'message_delta', usage: { output_tokens: 40 } }, undefined);
    t.streamEvent({ type: 'message_start', message: { id: 's', usage: { input_tokens: 99_999 } } }, 'toolu_subagent');
    assert.equal(t.usage, undefined);
    const usage = () => t.usage; // re-read after each change (no narrowing)
    t.setLimits({ maxTokens: 200_000, autoCompactThreshold: 167_000, isAutoCompactEnabled: true });
    assert.deepEqual(usage(), { maxTokens: 200_000, autoCompactAt: 167_000, usedTokens: 1090 });
    t.compacted(1378);
    assert.equal(usage()?.usedTokens, 1378);
    t.setLimits({ maxTokens: 200_000, autoCompactThreshold: 167_000, isAutoCompactEnabled: false });
    assert.equal(usage()?.autoCompactAt, undefined);
  });
});
