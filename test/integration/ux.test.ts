import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ClaudeError } from '../../src/claude/errors';
import type { ChatEvent } from '../../src/shared/contract';
import { transcriptAnswers } from '../support/cliEnv';
import { useControllerRig } from '../support/controllerRig';
import { messageText } from '../support/modelServer';

/** A valid w×h grey PNG. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    td.copy(out, 4);
    out.writeUInt32BE(crc(td), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((1 + w * 3) * h, 0x80);
  for (let y = 0; y < h; y++) raw[y * (1 + w * 3)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function until<T>(get: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('slash commands, images and context usage (real CLI)', function () {
  this.timeout(120_000);
  const rig = useControllerRig();
  const open = () => rig.open();

  beforeEach(() => {
    mkdirSync(join(rig.sb.workspace, '.claude', 'commands'), { recursive: true });
    writeFileSync(join(rig.sb.workspace, '.claude', 'commands', 'greet.md'), '---\ndescription: Greets someone warmly\nargument-hint: <name>\n---\nSay hello to $ARGUMENTS, GREET-MARKER.\n');
  });

  it('the / menu lists command files before the first prompt and the CLI\'s commands after; /greet world is expanded by the CLI', async () => {
    const c = open();
    const early = await until(() => (c.commands.length ? c.commands : undefined), 'command files');
    assert.deepEqual(early.find((x) => x.name === 'greet'), { name: 'greet', description: 'Greets someone warmly (project)', argumentHint: '<name>' });
    assert.equal(c.pid, undefined, 'nothing spawned to list commands');
    const r = await c.send('/greet world');
    assert.equal(r?.outcome, 'success');
    const sent = rig.server.mainRequests().flatMap((q) => (q.body.messages as { role: string; content: unknown }[]).filter((m) => m.role === 'user').map((m) => messageText(m.content)));
    assert.ok(sent.some((t) => t.includes('Say hello to world, GREET-MARKER.')), 'the model got the expanded command');
    // From the CLI's initialize answer: built-ins with descriptions, the file command with its hint.
    const list = await until(() => (c.commands.some((x) => x.name === 'compact' && x.description?.startsWith('Free up context')) ? c.commands : undefined), 'the CLI command list');
    assert.equal(list.find((x) => x.name === 'greet')?.argumentHint, '<name>');
  });

  // Nothing is read from the folder in Restricted Mode, and the folder's own commands
  // only once its Claude config is trusted (the CLI would not load them before either).
  it('reads no command files in Restricted Mode, and lists the folder\'s own only when its config is trusted', async () => {
    const restricted = rig.open({ deps: { guard: () => new ClaudeError('untrustedWorkspace', 'Restricted Mode') } });
    const untrusted = rig.open({ deps: { trust: { confirm: async () => undefined, settingSources: () => ['user'] } } });
    const trusted = open();
    const listed = await until(() => (trusted.commands.length ? trusted.commands : undefined), 'command files');
    assert.ok(listed.some((x) => x.name === 'greet'));
    const fromFiles = await until(() => (untrusted.commands.length ? untrusted.commands : undefined), 'command files');
    assert.ok(!fromFiles.some((x) => x.name === 'greet'), 'an untrusted folder\'s command is in the menu');
    assert.deepEqual(restricted.commands, [], 'command files were read in Restricted Mode');
  });

  it('sends pasted images as image blocks in the same user message as the text, and shows them again after a reload', async () => {
    const c = open();
    const data = png(3, 2).toString('base64');
    const r = await c.send('what is in this picture? SCENARIO:text', [{ mediaType: 'image/png', data, name: 'shot.png' }]);
    assert.equal(r?.outcome, 'success');
    const main = rig.server.mainRequests();
    assert.equal(main.length, 1);
    // One user message holds both: find the message with our text.
    const msgs = main[0].body.messages as { role: string; content: unknown }[];
    const mine = msgs.find((m) => m.role === 'user' && messageText(m.content).includes('what is in this picture?'))!;
    const content = mine.content as { type: string; source?: { type: string; media_type: string; data: string } }[];
    const image = content.find((b) => b.type === 'image');
    assert.deepEqual(image?.source, { type: 'base64', media_type: 'image/png', data });
    const user = c.snapshot().find((e): e is Extract<ChatEvent, { type: 'user' }> => e.type === 'user');
    assert.equal(user?.images?.[0].data, data);
    // A window reload reads the CLI's transcript: the image is still there.
    const id = c.sessionId!;
    await transcriptAnswers(rig.sb.workspace, id, rig.sb.env);
    const again = open();
    await again.openConversation(id);
    const restored = again.snapshot().find((e): e is Extract<ChatEvent, { type: 'user' }> => e.type === 'user');
    assert.equal(restored?.text, 'what is in this picture? SCENARIO:text');
    assert.deepEqual(restored?.images, [{ mediaType: 'image/png', data }]);
  });

  it('/clear starts a new chat; terminal-only commands are answered locally, without the CLI', async () => {
    const c = open();
    await c.send('first SCENARIO:text');
    await until(() => c.status.context, 'the context meter'); // its get_context_usage makes API calls too
    const before = c.sessionId;
    const requests = rig.server.requests.length;
    await c.send('/clear');
    assert.deepEqual(c.snapshot(), [], 'the panel is empty');
    assert.notEqual(c.sessionId, before);
    await c.send('/login');
    const notice = c.snapshot().find((e) => e.type === 'notice');
    assert.match(notice?.type === 'notice' ? notice.text : '', /\/login only works in Claude's terminal interface/);
    assert.equal(c.pid, undefined, 'no CLI process for it');
    assert.equal(rig.server.requests.length, requests);
  });

  it('a prompt sent right after a turn goes out before the context meter\'s count_tokens calls, and the meter still fills once idle', async () => {
    const c = open();
    await c.send('one SCENARIO:text');
    const mark = rig.server.requests.length;
    await c.send('two SCENARIO:text');
    const after = rig.server.requests.slice(mark);
    const main = after.findIndex((r) => r.path === '/v1/messages' && rig.server.mainRequests().includes(r));
    assert.ok(main >= 0, 'the second turn reached the model');
    const counts = after.slice(0, main).filter((r) => r.path.includes('count_tokens')).length;
    assert.equal(counts, 0, `${counts} count_tokens calls went ahead of the second prompt`);
    // Once nobody prompts, the one get_context_usage of this process still runs.
    const ctx = await until(() => c.status.context, 'the context meter');
    assert.equal(ctx.maxTokens, 1_000_000);
    assert.ok(rig.server.requests.some((r) => r.path.includes('count_tokens')));
  });

  it('/compact runs and leaves a compaction marker; the header learns how full the context is', async () => {
    const c = open();
    await c.send('hello SCENARIO:text');
    const ctx = await until(() => c.status.context, 'the context meter');
    assert.equal(ctx.maxTokens, 1_000_000);
    assert.equal(ctx.autoCompactAt, 967_000);
    // The scripted model reports 25 input tokens and a few output tokens.
    assert.ok(ctx.usedTokens >= 25 && ctx.usedTokens < 100, `used ${ctx.usedTokens}`);
    await c.send('and again SCENARIO:text'); // the CLI needs more than one exchange to compact
    const r = await c.send('/compact');
    assert.equal(r?.outcome, 'success');
    const marker = c.snapshot().find((e) => e.type === 'notice' && e.marker === 'compact');
    assert.match(marker?.type === 'notice' ? marker.text : '', /^Conversation compacted \(\d[\d,]* → \d[\d,]* tokens\)/);
  });
});
