export { AcpClient, type AcpClientOptions } from './client';
export { AcpSession, type AcpChoice, type AcpChoiceList, type PromptResult } from './session';
export type { AcpSessionEvent } from './events';
export { AcpError, type AcpErrorCode } from './errors';
export type { AcpAgentSpec, AgentExit } from './agentProcess';
export { nodeFileSystem, type AcpFileSystem } from './fileSystem';
export { NodeTerminals, type AcpTerminals, type CreateTerminalParams, type TerminalExit } from './terminals';
export { describeToolCall, mergeToolCall, toolResultText, type ToolCallState } from './toolCalls';
export { pickPermissionOption } from './permissions';
