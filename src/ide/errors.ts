import { ChatError } from '../core/errors';

export type IdeErrorCode = 'outsideWorkspace' | 'badArguments' | 'unknownTool' | 'notSupported' | 'notOpen' | 'ideServer';

/** The IDE server's typed errors; a tool call that throws one answers with its message as an MCP tool error. */
export class IdeError extends ChatError<IdeErrorCode> {
  constructor(code: IdeErrorCode, message: string) {
    super(code, message);
    this.name = 'IdeError';
  }
}
