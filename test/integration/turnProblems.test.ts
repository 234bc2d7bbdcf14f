import assert from 'node:assert/strict';
import { readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../../src/chat/problems';
import type { DiagnosticsSource } from '../../src/chat/turnProblems';
import type { ChatEvent } from '../../src/shared/contract';
import { useControllerRig } from '../support/controllerRig';
import { messageText } from '../support/modelServer';

/**
 * A stand-in language server that reads the file on disk: an error on each line with "goodbye", a
 * warning on each line with "hello", and a change event whenever the file changes.
 */
function wordServer(dir: string): DiagnosticsSource {
  return {
    read(path: string): Problem[] {
      const lines = readFileSync(path, 'utf8').split('\n');
      return lines.flatMap((l, i): Problem[] => [
        ...(l.includes('goodbye') ? [{ path, line: i + 1, column: l.indexOf('goodbye') + 1, severity: 'error' as const, message: 'Found goodbye', source: 'words' }] : []),
        ...(l.includes('hello') ? [{ path, line: i + 1, column: 1, severity: 'warning' as const, message: 'Found hello', source: 'words' }] : []),
      ]);
    },
    status: async () => 'shown',
    onDidChange(listener) {
      const w = watch(dir, (_e, name) => name && listener([join(dir, name.toString())]));
      return { dispose: () => w.close() };
    },
  };
}

describe('Diagnostics loop with the real CLI', function () {
  this.timeout(120_000);
  const rig = useControllerRig();

  it("a turn's edit that brings an error gets a footer of it, and its fix prompt reaches the model", async () => {
    const file = join(rig.sb.workspace, 'a.txt');
    writeFileSync(file, 'hello from the scripted model\n');
    const c = rig.open({ deps: { diagnostics: wordServer(rig.sb.workspace) } });
    {
      const events: ChatEvent[] = [];
      c.onEvents((e) => events.push(...e));
      assert.equal((await c.send(`SCENARIO:tool-edit:${file}`))?.outcome, 'success');
      await c.problems!.settled();
      const footer = events.filter((e): e is Extract<ChatEvent, { type: 'turnProblems' }> => e.type === 'turnProblems');
      const turnId = (events.find((e) => e.type === 'turnFiles') as { turnId: string }).turnId;
      // "Found hello" was there before and is gone; "Found goodbye" is new.
      assert.deepEqual(footer, [{ type: 'turnProblems', turnId, problems: [{ path: file, line: 1, column: 1, severity: 'error', message: 'Found goodbye', source: 'words' }] }]);
      assert.deepEqual(c.snapshot().filter((e) => e.type === 'turnProblems'), footer, 'the transcript keeps it for a reopened panel');

      const prompt = c.problems!.fixPrompt(turnId)!;
      assert.equal(prompt, 'The editor reports a new problem in a file you changed. Fix it:\n- @a.txt#L1: error: Found goodbye (words)');
      const before = rig.server.mainRequests().length;
      assert.equal((await c.send(prompt))?.outcome, 'success');
      const last = rig.server.mainRequests().slice(before).pop()!;
      const user = (last.body.messages as { role: string; content: unknown }[]).filter((m) => m.role === 'user').pop()!;
      // (The CLI attaches no copy of the line here: its state of a file it just edited is current.)
      assert.match(messageText(user.content), /@a\.txt#L1: error: Found goodbye/);
    }
  });
});
