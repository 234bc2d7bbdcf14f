import assert from 'node:assert/strict';
import { plainText } from '../../src/vscode/plainText';

// What VS Code 1.139 (code-server 4.139.1, out/vs/code/browser/workbench/workbench.js) renders:
// notification messages go through parseLinkedText with this regex; quick pick labels,
// descriptions, details and status bar texts render `$(name)` / `$(name~spin)` as icons.
const LINKED_TEXT = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const ICON = /\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;

const visible = (s: string) => s.replace(/\u200B/g, '');

describe('plainText: model- and file-derived text is inert in notifications and quick picks', () => {
  const table: [name: string, raw: string][] = [
    ['command link', 'echo "[Allow](command:claudeChat.selectPermissionMode)"'],
    ['command link with args', '[Deny](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)'],
    ['https link with title', 'see [docs](https://evil.example "Official docs")'],
    ['file link', '[open](file:///etc/passwd)'],
    ['upper-case scheme', '[x](COMMAND:foo)'],
    ['two links', '[a](command:a) and [b](https://b.example)'],
    ['codicon', '$(check) Verified by VS Code'],
    ['spinning codicon', '$(loading~spin) working'],
    ['already escaped once', 'x'],
  ];
  for (const [name, raw] of table) {
    it(name, () => {
      const out = plainText(raw);
      LINKED_TEXT.lastIndex = 0;
      ICON.lastIndex = 0;
      assert.equal(LINKED_TEXT.test(out), false, `still a link: ${out}`);
      assert.equal(ICON.test(out), false, `still an icon: ${out}`);
      assert.equal(visible(out), raw, 'the reader sees the same text');
      assert.equal(plainText(out), out, 'idempotent');
    });
  }

  it('invisible and bidi characters become escapes', () => {
    assert.equal(plainText('safe\u202Ecod.exe'), 'safe\\u202Ecod.exe');
    assert.equal(plainText('a\u2066b\u2069\u200Ec\u0000d\u009B'), 'a\\u2066b\\u2069\\u200Ec\\u0000d\\u009B');
    // A zero-width space from the model is not one of ours: it is named too.
    assert.equal(plainText('a\u200Bb'), 'a\\u200Bb');
  });

  it('ordinary text is unchanged', () => {
    for (const s of ['Write src/a.ts (5 bytes)', 'Run: ls -la [abc] (x)', 'price $5 (approx)', 'ünïcödé ✓ ⟨150 spaces⟩']) assert.equal(plainText(s), s);
  });
});
