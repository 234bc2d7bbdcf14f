import type { Disposable } from '../core/emitter';
import type { ChatEvent, ErrorInfo, StatusInfo } from '../shared/contract';
import type { ChatCheckpoints } from './checkpoints';

/**
 * What the panel, the status bar and the commands need from a folder's chat, whichever
 * backend runs it: the Claude CLI (`ChatController`) or an ACP agent (`AcpChat`).
 */
export interface Chat {
  readonly backend: string;
  readonly onEvents: (listener: (events: ChatEvent[]) => void) => Disposable;
  readonly onStatus: (listener: (status: StatusInfo) => void) => Disposable;
  readonly onError: (listener: (error: ErrorInfo | null) => void) => Disposable;
  readonly onReset: (listener: () => void) => Disposable;
  readonly status: StatusInfo;
  readonly error: ErrorInfo | null;
  readonly pid: number | undefined;
  readonly isBusy: boolean;
  readonly lastPrompt: string | undefined;
  snapshot(): ChatEvent[];
  send(text: string): Promise<unknown>;
  stop(): Promise<void>;
  newChat(): Promise<void>;
  dispose(): Promise<void>;
  /** Restore files to before a prompt, fork at a prompt, per-turn changes (optional capability). */
  readonly checkpoints?: ChatCheckpoints;
}
