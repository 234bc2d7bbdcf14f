import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in `claude` for the few tests that must inject output the real CLI never produces
 * (malformed lines, a duplicate `result`). Everything else runs the real CLI. For the n-th
 * user line on stdin it writes `replies[n]` to stdout as ONE write (one chunk), then waits. It
 * answers `initialize` as the real CLI does. `SESSION_ID_MARK` in a reply becomes the session id
 * the stand-in was started with (`--session-id`/`--resume`), as the real CLI's lines carry it.
 */
export const SESSION_ID_MARK = '@@session-id@@';

export interface FakeCli {
  path: string;
  cleanup(): void;
}

export function makeFakeCli(replies: string[][]): FakeCli {
  const dir = mkdtempSync(join(tmpdir(), 'fake-claude-'));
  const path = join(dir, 'claude');
  const script = `#!${process.execPath}
const replies = ${JSON.stringify(replies)};
const args = process.argv;
const at = args.lastIndexOf('--session-id') >= 0 ? args.lastIndexOf('--session-id') : args.indexOf('--resume');
const sid = at >= 0 ? args[at + 1] : '';
let n = 0;
let buf = '';
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    // The real CLI answers its start-up handshake; a stand-in that did not would time out.
    const init = /"subtype":"initialize"/.test(line) && /"request_id":"([^"]+)"/.exec(line);
    if (init) process.stdout.write(JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: init[1], response: { commands: [] } } }) + '\\n');
    if (!line.includes('"type":"user"')) continue;
    const reply = replies[n++];
    if (reply) process.stdout.write(reply.join('\\n').split(${JSON.stringify(SESSION_ID_MARK)}).join(sid) + '\\n');
  }
});
process.stdin.on('end', () => process.exit(0));
`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A `claude` that says it is `version` (`--version`) and otherwise only records that it was
 * started, in `<dir>/started`: the real CLI can't be made to report a version older than itself.
 */
export function makeVersionCli(version: string): FakeCli & { started: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-claude-version-'));
  const path = join(dir, 'claude');
  const started = join(dir, 'started');
  const script = `#!${process.execPath}
if (process.argv.includes('--version')) { process.stdout.write(${JSON.stringify(`${version} (Claude Code)\n`)}); process.exit(0); }
require('node:fs').writeFileSync(${JSON.stringify(started)}, process.argv.slice(2).join(' '));
process.exit(1);
`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return { path, started, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
