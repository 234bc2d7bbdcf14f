/** The IDE server's bundle (loaded on first need, dist/ide.js): the server and what callers need with it. */
export { IdeServer, type IdeServerOptions } from './server';
export { ideLockDir } from './lockFile';
export type * from './editorPort';
export { AgentToolServer, AGENT_SERVER_NAME, type AgentGrant } from './agentServer';
