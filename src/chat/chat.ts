import type { Disposable } from '../core/emitter';
import type { ChatEvent, ErrorInfo, ImageAttachment, SlashCommand, StatusInfo } from '../shared/contract';

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
  /** Backends that take no images say so in `acceptsImages`. */
  send(text: string, images?: ImageAttachment[]): Promise<unknown>;
  readonly acceptsImages?: boolean;
  /** The `/` menu, for backends that have one. */
  readonly commands?: SlashCommand[];
  readonly onCommands?: (listener: (commands: SlashCommand[]) => void) => Disposable;
  stop(): Promise<void>;
  newChat(): Promise<void>;
  dispose(): Promise<void>;
}
