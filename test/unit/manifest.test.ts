import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, SETTINGS, CHAT_VIEW, VIEW_CONTAINER } from '../../src/vscode/constants';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('package.json manifest', () => {
  it('declares exactly the commands the code registers, all in the Claude category', () => {
    const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(COMMANDS).sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Claude');
    const code = sources(join(root, 'src', 'vscode'));
    for (const key of Object.keys(COMMANDS)) assert.match(code, new RegExp(`reg\\(COMMANDS\\.${key},`), `COMMANDS.${key} is never registered`);
  });

  it('declares exactly the settings the code reads', () => {
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties).sort(), Object.values(SETTINGS).sort());
    const code = sources(join(root, 'src', 'vscode'));
    for (const id of Object.values(SETTINGS)) {
      const short = id.replace('claudeChat.', '');
      assert.ok(code.includes(`'${short}'`), `setting ${id} is never read`);
    }
  });

  it('names the view and container the code uses, and menus/keybindings only use declared commands', () => {
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, VIEW_CONTAINER);
    assert.equal(pkg.contributes.views[VIEW_CONTAINER][0].id, CHAT_VIEW);
    const declared = new Set(Object.values(COMMANDS) as string[]);
    for (const m of pkg.contributes.menus['view/title']) assert.ok(declared.has(m.command), m.command);
    for (const k of pkg.contributes.keybindings) assert.ok(declared.has(k.command), k.command);
    assert.equal(pkg.name, 'claude-chat');
    assert.equal(pkg.displayName, 'Claude Chat');
  });

  it('has a string in package.nls.json for every %key% in package.json, and no unused ones', () => {
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const used = new Set(Array.from(JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g), (m) => m[1]));
    assert.ok(used.size > 0);
    for (const key of used) assert.equal(typeof nls[key], 'string', `%${key}% has no string in package.nls.json`);
    for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json has ${key}, which package.json never uses`);
    // Command titles, setting descriptions and view names are all localisable.
    for (const c of pkg.contributes.commands) assert.match(c.title, /^%.+%$/, c.command);
    for (const [id, p] of Object.entries<{ markdownDescription?: string }>(pkg.contributes.configuration.properties)) assert.match(p.markdownDescription ?? '', /^%.+%$/, id);
    for (const v of pkg.contributes.views[VIEW_CONTAINER]) assert.match(v.name, /^%.+%$/, v.id);
  });

  it('ships the listing: icon, changelog, walkthrough media and strings are in the package', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    const png = readFileSync(join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'a 128×128 icon');
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const line of ['!media/**', '!package.nls.json', '!CHANGELOG.md', '!README.md']) assert.ok(ignore.includes(line), `.vscodeignore keeps ${line}`);
    assert.ok(readFileSync(join(root, 'CHANGELOG.md'), 'utf8').startsWith('# Changelog'));
    const steps = pkg.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown?: string } }[] }) => w.steps);
    assert.ok(steps.length >= 4);
    for (const s of steps) assert.ok(s.media.markdown && readFileSync(join(root, s.media.markdown), 'utf8').length > 0, s.media.markdown);
    for (const k of ['galleryBanner', 'keywords', 'homepage', 'bugs']) assert.ok(pkg[k], k);
  });

  it("ships every bundle esbuild writes: each lazy chunk the host imports on first use is in the package", () => {
    // A lazy chunk left out of the package fails only when first used, in the user's editor
    // (the IDE server's dist/ide.js did: "Cannot find module './ide.js'").
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    const build = readFileSync(join(root, 'esbuild.mjs'), 'utf8');
    const lazy = /const LAZY = \{([^}]*)\}/.exec(build)?.[1] ?? '';
    const chunks = [...lazy.matchAll(/:\s*'([^']+)'/g)].map((m) => m[1]);
    assert.ok(chunks.length >= 4, `esbuild.mjs's LAZY map lists the lazy chunks (found ${chunks.join(', ')})`);
    for (const chunk of ['extension', ...chunks]) assert.ok(ignore.includes(`!dist/${chunk}.js`), `.vscodeignore ships dist/${chunk}.js`);
  });

  it('every walkthrough step completes on what it teaches, not on being opened (no step without completionEvents)', () => {
    const steps: { id: string; completionEvents?: string[] }[] = pkg.contributes.walkthroughs.flatMap((w: { steps: unknown[] }) => w.steps);
    for (const s of steps) assert.ok((s.completionEvents ?? []).length > 0, `step ${s.id} has completionEvents`);
    const stop = steps.find((s) => s.id === 'stop');
    assert.deepEqual(stop?.completionEvents, ['onContext:claudeChat.stoppedATurn']);
  });

  it('keeps src/claude free of vscode imports', () => {
    const code = sources(join(root, 'src', 'claude')) + sources(join(root, 'src', 'chat')) + sources(join(root, 'src', 'shared'));
    assert.doesNotMatch(code, /from 'vscode'|require\('vscode'\)/);
  });
});
