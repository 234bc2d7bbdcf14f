import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReply } from '../../src/claude/permissionReply';
import { editRules, readRules, settingsPath } from '../../src/claude/settingsFiles';
import { editSettings, formatRule, lowersSafety, modeLowersSafety, parseRule, readRuleSet, SettingsFileError, suggestRules } from '../../src/core/permissionRules';

const rules = (tool: string, input: Record<string, unknown>, cwd = '/ws') => suggestRules(tool, input, cwd).map((s) => formatRule(s.rule));

describe('permission rules that last', () => {
  describe('rule shaping', () => {
    it('Bash: the program and its subcommand as a prefix rule, then the exact command', () => {
      assert.deepEqual(rules('Bash', { command: 'npm test' }), ['Bash(npm test:*)']);
      assert.deepEqual(rules('Bash', { command: 'npm run build -- --watch' }), ['Bash(npm run:*)', 'Bash(npm run build -- --watch)']);
      assert.deepEqual(rules('Bash', { command: 'git status' }), ['Bash(git status:*)']);
      // An option or a path is no subcommand: the prefix is the program.
      assert.deepEqual(rules('Bash', { command: 'ls -la src' }), ['Bash(ls:*)', 'Bash(ls -la src)']);
      assert.deepEqual(rules('Bash', { command: 'pytest tests/unit' }), ['Bash(pytest:*)', 'Bash(pytest tests/unit)']);
    });

    it('Bash: nothing for a line with shell operators, quotes or a `*` (the CLI reads `*` as a wildcard)', () => {
      for (const command of ['npm test && rm -rf ~', 'echo a | sh', 'ls > out', 'echo $(whoami)', 'touch build/*', 'git commit -m "x"', 'a; b', '']) {
        assert.deepEqual(rules('Bash', { command }), [], command);
      }
    });

    it('file tools: edits (or reads) inside the file\'s folder, only inside the workspace, glob characters escaped', () => {
      const ws = realpathSync(mkdtempSync(join(tmpdir(), 'rules-ws-')));
      try {
        mkdirSync(join(ws, 'src', 'a[1]'), { recursive: true });
        assert.deepEqual(rules('Write', { file_path: join(ws, 'src', 'x.ts') }, ws), [`Edit(/${ws}/src/**)`]);
        assert.deepEqual(rules('Edit', { file_path: 'src/x.ts' }, ws), [`Edit(/${ws}/src/**)`]);
        assert.deepEqual(rules('Read', { file_path: join(ws, 'README.md') }, ws), [`Read(/${ws}/**)`]);
        assert.deepEqual(rules('Edit', { file_path: join(ws, 'src', 'a[1]', 'y.ts') }, ws), [`Edit(/${ws}/src/a\\[1\\]/**)`]);
        assert.deepEqual(rules('Write', { file_path: '/etc/passwd' }, ws), []);
        assert.deepEqual(rules('Read', { file_path: join(ws, '..', 'other', 'x') }, ws), []);
      } finally {
        rmSync(ws, { recursive: true, force: true });
      }
    });

    it('WebFetch: the domain; an MCP tool or WebSearch: the tool; searches, Monitor and command/URL inputs: nothing', () => {
      assert.deepEqual(rules('WebFetch', { url: 'https://docs.example.com/a?b' }), ['WebFetch(domain:docs.example.com)']);
      assert.deepEqual(rules('WebFetch', { url: 'file:///etc/passwd' }), []);
      assert.deepEqual(rules('mcp__github__create_issue', { title: 't' }), ['mcp__github__create_issue']);
      assert.deepEqual(rules('WebSearch', { query: 'q' }), ['WebSearch']);
      assert.deepEqual(rules('Grep', { pattern: 'x' }), []);
      assert.deepEqual(rules('Monitor', { command: 'tail -f log' }), []);
      assert.deepEqual(rules('mcp__shell__run', { command: 'rm -rf /' }), []);
      assert.deepEqual(rules('mcp__web__get', { target: { url: 'https://x.example' } }), []);
    });

    it('questions and plans never get a lasting rule', () => {
      assert.deepEqual(rules('AskUserQuestion', { questions: [] }), []);
      assert.deepEqual(rules('ExitPlanMode', { plan: 'p' }), []);
    });

    it('formatRule and parseRule round-trip the settings-file syntax', () => {
      for (const text of ['Bash', 'Bash(npm test:*)', 'Edit(//ws/src/**)', 'WebFetch(domain:example.com)', 'mcp__s__t', 'Bash(echo (a))']) {
        const rule = parseRule(text);
        assert.ok(rule, text);
        assert.equal(formatRule(rule), text);
      }
      assert.deepEqual(parseRule(' Bash(npm test:*) '), { toolName: 'Bash', ruleContent: 'npm test:*' });
      for (const bad of ['', '(x)', 'Bash(', '1abc', 'two words']) assert.equal(parseRule(bad), undefined, bad);
    });
  });

  describe('confirmation: rules and modes that lower safety', () => {
    it('wide allow rules: bare powerful tools, wildcard-only content, prefixes that run anything, whole-disk paths', () => {
      for (const text of ['Bash', 'Bash(*)', 'Bash(:*)', 'Bash(sh:*)', 'Bash(sudo *)', 'Edit', 'Write', 'Edit(//**)', 'Edit(/**)', 'Edit(**)', 'Edit(~/**)', 'Read(//**)', 'WebFetch', 'WebFetch(*)']) {
        assert.equal(lowersSafety(parseRule(text)!, 'allow'), true, text);
      }
    });

    it('narrow allow rules, and every deny or ask rule, need no confirmation', () => {
      for (const text of ['Bash(npm test:*)', 'Bash(git status)', 'Edit(//ws/src/**)', 'Edit(src/**)', 'WebFetch(domain:example.com)', 'mcp__s__t', 'WebSearch']) {
        assert.equal(lowersSafety(parseRule(text)!, 'allow'), false, text);
      }
      assert.equal(lowersSafety(parseRule('Bash(*)')!, 'deny'), false);
      assert.equal(lowersSafety(parseRule('Bash')!, 'ask'), false);
    });

    it('default modes that skip prompts', () => {
      assert.equal(modeLowersSafety('bypassPermissions'), true);
      assert.equal(modeLowersSafety('acceptEdits'), true);
      assert.equal(modeLowersSafety('default'), false);
      assert.equal(modeLowersSafety('plan'), false);
      assert.equal(modeLowersSafety(undefined), false);
    });
  });

  describe('settings file edits', () => {
    const original = '{\n    "model": "opus",\n    "hooks": {"Stop": []},\n    "permissions": {"allow": ["Bash(ls:*)"], "additionalDirectories": ["/x"]}\n}\n';

    it('add keeps every other key, does not duplicate, and writes 2-space JSON', () => {
      const once = editSettings(original, { op: 'add', behavior: 'allow', rule: 'Bash(npm test:*)' });
      assert.deepEqual(JSON.parse(once), { model: 'opus', hooks: { Stop: [] }, permissions: { allow: ['Bash(ls:*)', 'Bash(npm test:*)'], additionalDirectories: ['/x'] } });
      assert.match(once, /^\{\n {2}"model": "opus",/);
      assert.ok(once.endsWith('}\n'));
      assert.equal(editSettings(once, { op: 'add', behavior: 'allow', rule: 'Bash(npm test:*)' }), once);
      const denied = editSettings(once, { op: 'add', behavior: 'deny', rule: 'Bash(npm publish:*)' });
      assert.deepEqual(readRuleSet(denied), { allow: ['Bash(ls:*)', 'Bash(npm test:*)'], ask: [], deny: ['Bash(npm publish:*)'], defaultMode: undefined });
    });

    it('remove takes out exactly that rule; defaultMode is set and cleared', () => {
      const removed = editSettings(original, { op: 'remove', behavior: 'allow', rule: 'Bash(ls:*)' });
      assert.deepEqual(JSON.parse(removed).permissions, { allow: [], additionalDirectories: ['/x'] });
      const mode = editSettings(removed, { op: 'setDefaultMode', mode: 'plan' });
      assert.equal(readRuleSet(mode).defaultMode, 'plan');
      assert.equal(readRuleSet(editSettings(mode, { op: 'setDefaultMode', mode: undefined })).defaultMode, undefined);
    });

    it('an absent or empty file becomes a file with just the rule', () => {
      assert.deepEqual(JSON.parse(editSettings(undefined, { op: 'add', behavior: 'ask', rule: 'WebSearch' })), { permissions: { ask: ['WebSearch'] } });
      assert.deepEqual(JSON.parse(editSettings('  \n', { op: 'add', behavior: 'allow', rule: 'WebSearch' })), { permissions: { allow: ['WebSearch'] } });
    });

    it('a file that does not parse, is not an object, or whose permissions is not an object is refused with a clear error', () => {
      for (const text of ['{"permissions": {"allow": [', '[1,2]', '"x"', '{"permissions": ["Bash"]}']) {
        assert.throws(
          () => editSettings(text, { op: 'add', behavior: 'allow', rule: 'WebSearch' }, '/p/settings.json'),
          (err: unknown) => err instanceof SettingsFileError && err.code === 'settingsFile' && err.message.includes('/p/settings.json') && /left as it is/.test(err.message),
          text,
        );
      }
    });

    it('on disk: the three files by scope; an unparsable file is left byte for byte', () => {
      const root = realpathSync(mkdtempSync(join(tmpdir(), 'rules-files-')));
      try {
        const env = { CLAUDE_CONFIG_DIR: join(root, 'cfg') };
        const ws = join(root, 'ws');
        assert.equal(settingsPath('userSettings', ws, env), join(root, 'cfg', 'settings.json'));
        assert.equal(settingsPath('projectSettings', ws, env), join(ws, '.claude', 'settings.json'));
        assert.equal(settingsPath('localSettings', ws, env), join(ws, '.claude', 'settings.local.json'));
        const local = settingsPath('localSettings', ws, env);
        editRules(local, { op: 'add', behavior: 'allow', rule: 'Bash(npm test:*)' });
        assert.deepEqual(readRules(local).allow, ['Bash(npm test:*)']);
        const broken = settingsPath('projectSettings', ws, env);
        writeFileSync(broken, '{ "permissions": { // a comment\n');
        assert.throws(() => editRules(broken, { op: 'add', behavior: 'allow', rule: 'WebSearch' }), SettingsFileError);
        assert.throws(() => readRules(broken), SettingsFileError);
        assert.equal(readFileSync(broken, 'utf8'), '{ "permissions": { // a comment\n');
        assert.deepEqual(readRules(settingsPath('userSettings', ws, env)), { allow: [], ask: [], deny: [], defaultMode: undefined });
        // A user file linked from a dotfiles folder stays a link; the linked file gets the rule.
        mkdirSync(join(root, 'dotfiles'));
        mkdirSync(join(root, 'cfg'));
        writeFileSync(join(root, 'dotfiles', 'settings.json'), '{"model": "opus"}');
        symlinkSync(join(root, 'dotfiles', 'settings.json'), settingsPath('userSettings', ws, env));
        editRules(settingsPath('userSettings', ws, env), { op: 'add', behavior: 'allow', rule: 'WebSearch' });
        assert.ok(lstatSync(settingsPath('userSettings', ws, env)).isSymbolicLink());
        assert.deepEqual(JSON.parse(readFileSync(join(root, 'dotfiles', 'settings.json'), 'utf8')), { model: 'opus', permissions: { allow: ['WebSearch'] } });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  it('allowAlways replies with the rule and its destination, for the CLI to write', () => {
    const input = { command: 'npm test' };
    assert.deepEqual(buildReply({ kind: 'allowAlways', rule: { toolName: 'Bash', ruleContent: 'npm test:*' }, destination: 'localSettings' }, 'Bash', input, '/ws'), {
      behavior: 'allow',
      updatedInput: input,
      updatedPermissions: [{ type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'npm test:*' }], behavior: 'allow', destination: 'localSettings' }],
    });
  });
});
