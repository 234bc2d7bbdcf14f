import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { childEnvironment } from './childEnv';
import { MARK_VAR } from './processTree';

/**
 * The host side of the process guard (see processGuardMain.ts). Started with the first child,
 * never at activation; one per extension host. Writing a line is all it costs a spawn.
 */
export interface GuardLink {
  /** `mark`: the child's MARK_VAR value (processTree.ts). */
  root(pid: number, mark?: string): void;
  watch(pid: number, on: boolean): void;
  /** `unexpected`: it died on its own (a crash), not after our stdin EOF or kill. */
  exited(pid: number, unexpected?: boolean): void;
}

/** `gone`: a recorded group emptied and must be forgotten, not killed later. */
type SeenHandler = (root: number, target: number, gone: boolean) => void;

let guard: ChildProcess | undefined;
let seenHandler: SeenHandler = () => {};

/** Where the guard's code is: next to the bundle, or (tests, from source) the TypeScript entry. */
export function guardCommand(dir = __dirname): { command: string; args: string[] } | undefined {
  const bundled = join(dir, 'processGuard.js');
  if (existsSync(bundled)) return { command: process.execPath, args: [bundled] };
  const source = join(dir, 'processGuardMain.ts');
  // From source the guard runs through the same TypeScript loader (tsx) as its host.
  const loader = process.execArgv.filter((a, i, all) => /tsx/.test(a) || (/tsx/.test(all[i + 1] ?? '') && /^--(import|require|loader)$/.test(a)));
  if (existsSync(source) && loader.length > 0) return { command: process.execPath, args: [...loader, source] };
  return undefined;
}

function ensureGuard(): ChildProcess | undefined {
  if (guard && guard.exitCode === null && guard.signalCode === null && guard.stdin?.writable) return guard;
  const cmd = guardCommand();
  if (!cmd) return undefined;
  try {
    // Detached: the guard must outlive a signal to the host's process group. ELECTRON_RUN_AS_NODE
    // makes VS Code's own binary (process.execPath in the extension host) run it as Node.
    const child = spawn(cmd.command, cmd.args, {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...childEnvironment(process.env), ELECTRON_RUN_AS_NODE: '1', [MARK_VAR]: undefined },
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    child.on('error', () => undefined);
    child.stdin!.on('error', () => undefined);
    let buf = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const m = /^(seen|gone) (\d+) (\d+)$/.exec(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (m) seenHandler(Number(m[2]), Number(m[3]), m[1] === 'gone');
      }
    });
    // The guard must never keep the host (or a test run) alive.
    child.unref();
    (child.stdin as Socket).unref?.();
    (child.stdout as Socket).unref?.();
    guard = child;
    return child;
  } catch {
    return undefined;
  }
}

function send(line: string): void {
  const g = ensureGuard();
  if (g?.stdin?.writable) g.stdin.write(line + '\n');
}

export const guardLink: GuardLink = {
  root: (pid, mark) => send(mark ? `root ${pid} ${mark}` : `root ${pid}`),
  watch: (pid, on) => guard && send(`watch ${pid} ${on ? 1 : 0}`),
  exited: (pid, unexpected) => guard && send(unexpected ? `exit ${pid} 1` : `exit ${pid}`),
};

export function onGuardSeen(handler: SeenHandler): void {
  seenHandler = handler;
}

/** The guard's pid, for tests and logs. */
export function guardPid(): number | undefined {
  return guard?.exitCode === null ? guard.pid : undefined;
}
