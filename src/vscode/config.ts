import * as vscode from 'vscode';
import { type ChatSettings, DEFAULT_PREWARM_IDLE_MS } from '../chat/chatSettings';
import { isPermissionMode } from '../core/permissions';
import type { Logger } from '../core/logger';

/** Reads the claudeChat.* settings for one folder; bad values are logged and ignored. */
export function readSettings(folder: vscode.Uri | undefined, log: Logger): ChatSettings {
  const c = vscode.workspace.getConfiguration('claudeChat', folder);
  const env: Record<string, string> = {};
  const rawEnv = c.get<unknown>('environmentVariables');
  if (rawEnv && typeof rawEnv === 'object' && !Array.isArray(rawEnv)) {
    for (const [k, v] of Object.entries(rawEnv)) {
      if (typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) env[k] = v;
      else log.warn(`ignoring claudeChat.environmentVariables entry "${k}": names must be identifiers and values strings`);
    }
  }
  const extraArgs = (c.get<unknown[]>('extraArgs') ?? []).filter((a): a is string => typeof a === 'string');
  // "fromSettings" (the default) passes no --permission-mode: the user's defaultMode applies.
  const rawMode = c.get<string>('permissionMode');
  const mode = rawMode === 'fromSettings' ? undefined : rawMode;
  if (mode && !isPermissionMode(mode)) log.warn(`ignoring claudeChat.permissionMode "${mode}"`);
  const model = c.get<string>('model')?.trim();
  return {
    cliPath: c.get<string>('cliPath')?.trim() || undefined,
    env,
    extraArgs,
    model: model && model !== 'default' ? model : undefined,
    permissionMode: isPermissionMode(mode) ? mode : undefined,
    steer: c.get<boolean>('queueWhileBusy', true) === false,
    stallNoticeSeconds: nonNegative(c.get<number>('stallNoticeSeconds', 60), 60),
    prewarmIdleMs: Math.max(0, Number(c.get<number>('prewarmIdleSeconds', DEFAULT_PREWARM_IDLE_MS / 1000)) || 0) * 1000,
  };
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

export function permissionTimeoutSeconds(): number {
  const v = vscode.workspace.getConfiguration('claudeChat').get<number>('permissionTimeoutSeconds', 0);
  return typeof v === 'number' && v >= 0 ? v : 0;
}

/** claudeChat.maxLiveProcesses: how many chats of the window (all folders) may hold a `claude` process at once. */
export function maxLiveProcesses(): number {
  const v = vscode.workspace.getConfiguration('claudeChat').get<number>('maxLiveProcesses', 4);
  return typeof v === 'number' && v >= 1 ? Math.floor(v) : 4;
}
