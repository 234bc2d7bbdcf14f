import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ClaudeError } from '../../src/claude/errors';
import { projectDir, transcriptPath } from '../../src/claude/paths';
import type { ChatEvent } from '../../src/shared/contract';
import { CLAUDE_BIN, claudePids, cliAtLeast } from '../support/cliEnv';
import { useControllerRig } from '../support/controllerRig';
import { messageText } from '../support/modelServer';
import { poll } from '../support/processes';

describe('ClaudeChat (real CLI, real permission server)', function () {
  this.timeout(120_000);
  const rig = useControllerRig();
  const open = (env?: Record<string, string>) => rig.open({ settings: env ? { env } : {} });

  it('streams panel events, tracks status and cost, and records a snapshot', async () => {
    const c = open();
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    const r = await c.send('hello SCENARIO:text');
    assert.equal(r?.outcome, 'success');
    assert.equal(events[0].type, 'user');
    assert.ok(events.some((e) => e.type === 'text'));
    const end = events.find((e) => e.type === 'turnEnd');
    assert.ok(end && end.type === 'turnEnd' && end.outcome === 'success' && (end.costUsd ?? 0) > 0);
    assert.equal(c.status.state, 'idle');
    assert.ok((c.status.costUsd ?? 0) > 0);
    const snap = c.snapshot();
    assert.ok(snap.some((e) => e.type === 'block' && e.kind === 'text'));
  });

  it('thinking turned off while the model still thinks: the chat says Claude Code kept it on, once per toggle', async () => {
    const c = open();
    await c.setThinking(false);
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    const keptOn = () => events.filter((e) => e.type === 'notice' && /keeps extended thinking on/.test(e.text)).length;
    // The scripted model thinks whatever the request says; with the real API that happens when the
    // CLI ignored the off: 2.1.332 keeps the default model's thinking adaptive, 2.1.197 disables it.
    assert.equal((await c.send('think SCENARIO:thinking'))?.outcome, 'success');
    assert.equal(rig.server.mainRequests().at(-1)?.body.thinking?.type, cliAtLeast('2.1.332') ? 'adaptive' : 'disabled');
    assert.equal(keptOn(), 1);
    assert.equal((await c.send('again SCENARIO:thinking'))?.outcome, 'success');
    assert.equal(keptOn(), 1, 'said once');
    await c.setThinking(true);
    assert.equal((await c.send('on SCENARIO:thinking'))?.outcome, 'success');
    assert.equal(keptOn(), 1, 'nothing to say while thinking is on');
  });

  it('passes claudeChat.environmentVariables to the CLI (the API URL comes only from there)', async () => {
    const { ANTHROPIC_BASE_URL, ...rest } = rig.sb.env;
    assert.equal(process.env.ANTHROPIC_BASE_URL, undefined);
    const c = open({ ...rest, ANTHROPIC_BASE_URL });
    const r = await c.send('via settings SCENARIO:text');
    assert.equal(r?.outcome, 'success');
    assert.ok(rig.server.mainRequests().length > 0);
  });

  it('reopens a past conversation from the CLI transcript and resumes it with its context', async () => {
    const first = open();
    await first.send('remember MARKER-HISTORY SCENARIO:text');
    const id = first.sessionId!;
    await first.dispose();
    assert.ok(existsSync(transcriptPath(rig.sb.workspace, id, rig.sb.env)));

    const c = open();
    let resets = 0;
    c.onReset(() => resets++);
    await c.openConversation(id);
    assert.equal(resets >= 1, true);
    const shown = c.snapshot().filter((e) => e.type === 'user').map((e) => (e as { text: string }).text);
    assert.deepEqual(shown, ['remember MARKER-HISTORY SCENARIO:text']);
    const before = rig.server.mainRequests().length;
    const r = await c.send('what did I say? SCENARIO:echo');
    assert.equal(r?.outcome, 'success', r?.error?.message);
    assert.equal(c.sessionId, id, 'the resumed chat keeps its session id');
    const sent = rig.server.mainRequests()[before].body.messages.map((m: { content: unknown }) => messageText(m.content)).join('\n');
    assert.match(sent, /MARKER-HISTORY/);
  });

  it('refuses a bad session id with a clear error and keeps the current chat', async () => {
    const c = open();
    await c.send('keep me SCENARIO:text');
    await assert.rejects(c.openConversation('not-a-uuid'), /not a valid session id/);
    assert.ok(c.snapshot().some((e) => e.type === 'user'));
  });

  // send() awaits (trust, permission server, cap) before the session has the
  // prompt, and a Stop in that window must not be a no-op: the turn ran to the end.
  for (const warm of [false, true]) {
    it(`Stop pressed in the same tick as Send stops that turn (${warm ? 'running process' : 'first prompt'})`, async () => {
      const c = open();
      if (warm) assert.equal((await c.send('warm up SCENARIO:text'))?.outcome, 'success');
      const events: ChatEvent[] = [];
      c.onEvents((e) => events.push(...e));
      const turn = c.send('long answer SCENARIO:slow:10');
      const stopped = c.stop();
      const r = await turn;
      await stopped;
      assert.equal(r?.outcome, 'interrupted', 'the turn was stopped');
      assert.equal(events.some((e) => e.type === 'text'), false, 'no answer streamed');
      const next = await c.send('next SCENARIO:text');
      assert.equal(next?.outcome, 'success', next?.error?.message);
    });
  }

  // Stop while the trust modal was open was checked only after the session was made: the cap
  // made room (suspending another chat) and the CLI was launched for a prompt never sent.
  it('Stop pressed while the trust modal is open launches no CLI and makes no room under the cap', async () => {
    // A wrapper around the real CLI logs every launch (the version check included, as for any
    // install that is not npm's) and leaves nothing running for claudePids to miss.
    const launches = join(rig.sb.root, 'launches');
    const wrapper = join(rig.sb.root, 'claude-wrapper');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${launches}'\nexec '${CLAUDE_BIN}' "$@"\n`, { mode: 0o755 });
    let asked!: () => void;
    const modalOpen = new Promise<void>((resolve) => (asked = resolve));
    let answer!: () => void;
    let confirms = 0;
    let roomMade = 0;
    const c = rig.open({
      settings: { cliPath: wrapper },
      deps: {
        trust: {
          confirm: () => {
            confirms++;
            if (confirms > 1) return Promise.resolve();
            asked();
            return new Promise<void>((resolve) => (answer = resolve));
          },
          settingSources: () => undefined,
        },
        beforeSpawn: async () => {
          roomMade++;
        },
      },
    });
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    const turn = c.send('hi SCENARIO:text');
    await modalOpen;
    await c.stop();
    answer();
    const r = await turn;
    assert.equal(r?.outcome, 'interrupted');
    assert.ok(events.some((e) => e.type === 'notice' && e.text === 'Stopped before it was sent.'));
    assert.equal(existsSync(launches), false, 'a CLI was launched for a stopped prompt');
    assert.equal(roomMade, 0, 'the cap made room for a stopped prompt');
    assert.deepEqual(claudePids(rig.sb.root), []);
    assert.equal(rig.server.mainRequests().length, 0);
    // The next prompt goes through as usual.
    const next = await c.send('next SCENARIO:text');
    assert.equal(next?.outcome, 'success', next?.error?.message);
    assert.equal(roomMade, 1);
    assert.ok(existsSync(launches));
  });

  // A chat suspended before the CLI saved anything was once resumed with --resume, and
  // every later prompt failed with "No conversation found".
  for (const how of ['a bad cliPath', 'a crash during start-up'] as const) {
    it(`a chat whose process never saved a turn (${how}) starts fresh after a suspend and says so`, async () => {
      const crash = join(rig.sb.root, 'crashing-claude');
      writeFileSync(crash, '#!/bin/sh\necho "boom" >&2\nexit 3\n', { mode: 0o755 });
      let cliPath = how === 'a bad cliPath' ? join(rig.sb.root, 'no-such-claude') : crash;
      const c = rig.open({
        settings: {
          get cliPath() {
            return cliPath;
          },
        },
      });
      const events: ChatEvent[] = [];
      c.onEvents((e) => events.push(...e));
      const first = await c.send('first SCENARIO:text');
      assert.equal(first?.outcome, 'error');
      assert.equal(await c.suspend(), true);
      cliPath = CLAUDE_BIN;
      const second = await c.send('second SCENARIO:text');
      assert.equal(second?.outcome, 'success', second?.error?.message);
      assert.ok(events.some((e) => e.type === 'notice' && /had not saved this conversation/.test(e.text)), 'the chat says it starts a new conversation');
      assert.equal(await c.suspend(), true);
      const third = await c.send('third SCENARIO:echo');
      assert.equal(third?.outcome, 'success', third?.error?.message);
      const sent = rig.server.mainRequests().at(-1)!.body.messages.map((m: { content: unknown }) => messageText(m.content)).join('\n');
      assert.match(sent, /second SCENARIO/, 'the saved turn is resumed');
    });
  }

  // With the transcript folder unusable the CLI reports every turn as a success
  // and saves nothing; a suspend or crash must not lose the conversation without a word.
  it('a turn the CLI could not save is reported while the process still holds it, and the chat is not suspended', async () => {
    // A read-only folder is still writable for root: a file where the CLI's project folder goes fails for everyone.
    const dir = projectDir(rig.sb.workspace, rig.sb.env);
    mkdirSync(dirname(dir), { recursive: true });
    writeFileSync(dir, 'not a folder');
    const c = open();
    const errors: { code: string; message: string }[] = [];
    c.onError((e) => e && errors.push(e));
    const r = await c.send('hi SCENARIO:text');
    assert.equal(r?.outcome, 'success', 'the CLI itself reports success');
    const warned = await poll('the not-saved warning', () => errors.find((e) => e.code === 'notSaved'), 60_000);
    assert.match(warned.message, /could not save this conversation/);
    assert.equal(await c.suspend(), false, 'the process holds the only copy of the conversation');
    assert.ok(c.pid, 'its process still runs');
    // A crash now says the conversation is gone, not only "the last answer".
    process.kill(c.pid, 'SIGKILL');
    const lost = await poll('the exit error', () => errors.find((e) => e.code === 'processExited'));
    assert.match(lost.message, /could not save this conversation, so when you continue, Claude will not remember/);
  });

  // A background command dies with its process: the process cap must not end a chat's process
  // while one runs (docs/protocol.md, "Turns the CLI starts by itself").
  it('a chat with a background command running is not suspended; once the command and the turn it opens are done, it is', async () => {
    const c = open();
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    const marker = join(rig.sb.workspace, `bg-${Date.now()}`);
    const bg = { name: 'Bash', input: { command: `echo started; sleep 3; touch ${marker}`, description: 'bg job', run_in_background: true } };
    const r = await c.send(`SCENARIO:tools:${JSON.stringify([[bg]])}`);
    assert.equal(r?.outcome, 'success', r?.error?.message);
    assert.equal(c.isBusy, false);
    assert.equal(await c.suspend(), false, 'the background command would die with the process');
    assert.ok(c.pid, 'its process still runs');
    await poll("the CLI's own turn after the command", () => events.find((e) => e.type === 'notice' && /bg job.*Claude continues on its own/.test(e.text)));
    await poll('that turn to end', () => (c.isBusy ? undefined : true));
    assert.ok(existsSync(marker));
    assert.equal(await c.suspend(), true);
  });

  // The cap suspended a --no-session-persistence chat like any other: its only copy was in the
  // process, and the next prompt started a conversation that knew nothing of it.
  it('a chat run with --no-session-persistence is never suspended: its process is the only copy', async () => {
    const c = rig.open({ settings: { extraArgs: ['--no-session-persistence'] } });
    const r = await c.send('remember this SCENARIO:text');
    assert.equal(r?.outcome, 'success', r?.error?.message);
    const pid = c.pid;
    assert.ok(pid);
    assert.equal(existsSync(transcriptPath(rig.sb.workspace, c.sessionId!, rig.sb.env)), false, 'the CLI saved a transcript after all');
    assert.equal(await c.suspend(), false, 'the process holds the only copy of the conversation');
    assert.equal(c.pid, pid, 'its process still runs');
    const next = await c.send('and now? SCENARIO:echo');
    assert.equal(next?.outcome, 'success', next?.error?.message);
    const sent = rig.server.mainRequests().at(-1)!.body.messages.map((m: { content: unknown }) => messageText(m.content)).join('\n');
    assert.match(sent, /remember this SCENARIO/, 'the next prompt continues the same conversation');
  });

  it('a guard refuses to start Claude and spawns nothing', async () => {
    const c = rig.open({ deps: { guard: () => new ClaudeError('untrustedWorkspace', 'untrusted', []) } });
    const errors: unknown[] = [];
    c.onError((e) => errors.push(e));
    assert.equal(await c.send('hi'), undefined);
    assert.equal((errors[0] as { code: string }).code, 'untrustedWorkspace');
    assert.deepEqual(claudePids(rig.sb.root), []);
  });

  it('an API error that ends a turn is shown once, and its retries are one updating line', async () => {
    const c = rig.open({ settings: { env: { ...rig.sb.env, CLAUDE_CODE_MAX_RETRIES: '3' } } });
    const events: ChatEvent[] = [];
    c.onEvents((e) => events.push(...e));
    const r = await c.send('fail SCENARIO:error-500');
    assert.equal(r?.outcome, 'error');
    const retries = events.filter((e) => e.type === 'notice' && /retrying/.test(e.text));
    assert.equal(retries.length, 3, 'the CLI retried three times');
    assert.ok(retries.every((e) => e.type === 'notice' && e.marker === 'retry'));
    assert.match((retries[2] as { text: string }).text, /attempt 3 of 3, next in \d+ s/);
    // The CLI's synthetic "API Error: …" answer is not shown besides the turn's error.
    assert.deepEqual(events.filter((e) => (e.type === 'block' || e.type === 'text') && /API Error/.test(e.text)), []);
    const end = events.find((e) => e.type === 'turnEnd');
    assert.ok(end?.type === 'turnEnd' && /500/.test(end.error?.message ?? ''));
    // A snapshot (tab switch, reload) keeps one retry line: the last.
    const kept = c.snapshot().filter((e) => e.type === 'notice' && e.marker === 'retry');
    assert.deepEqual(kept, [retries[2]]);
  });
});
