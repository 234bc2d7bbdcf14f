import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';

export const EXTENSION_ID = 'claude-chat-dev.claude-chat';

export function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return ext;
}

export function workspaceFolder(): string {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!f) throw new Error('the test needs a workspace folder');
  return f;
}

/** Live `claude` CLI processes whose cwd is inside `folder` (zombies don't count). */
export function cliPidsIn(folder: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      const argv0 = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
      if (!/(^|\/)claude(\.exe)?$/.test(argv0)) continue;
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(folder)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** package.json of the extension under test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- package.json as VS Code hands it over; the tests read its fields
export function manifest(): any {
  return extension().packageJSON;
}
