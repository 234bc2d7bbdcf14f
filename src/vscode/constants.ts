/** Every command, setting, view and context key id, declared once (package.json mirrors these; a test checks). */
export const COMMANDS = {
  stop: 'claudeChat.stop',
  newChat: 'claudeChat.newChat',
  /** New Chat from the view's title bar or its webview: always in the view (issue 14). */
  newChatInView: 'claudeChat.newChatInView',
  focus: 'claudeChat.focus',
  showLogs: 'claudeChat.showLogs',
  showPermissions: 'claudeChat.showPermissions',
  openSettings: 'claudeChat.openSettings',
  sessionInfo: 'claudeChat.sessionInfo',
  selectFolder: 'claudeChat.selectFolder',
  history: 'claudeChat.history',
  selectModel: 'claudeChat.selectModel',
  selectPermissionMode: 'claudeChat.selectPermissionMode',
  addSelection: 'claudeChat.addSelection',
  reviewChanges: 'claudeChat.reviewChanges',
  selectAgent: 'claudeChat.selectAgent',
  // Several chats and editor-tab chats (issue 14).
  stopAll: 'claudeChat.stopAll',
  openInEditor: 'claudeChat.openInEditor',
  switchChat: 'claudeChat.switchChat',
  renameChat: 'claudeChat.renameChat',
  closeChat: 'claudeChat.closeChat',
  toggleThinking: 'claudeChat.toggleThinking',
  reviewPlan: 'claudeChat.reviewPlan',
  reviewProjectSettings: 'claudeChat.reviewProjectSettings',
  mcpServers: 'claudeChat.mcpServers',
  login: 'claudeChat.login',
  exportMarkdown: 'claudeChat.exportMarkdown',
  copyConversation: 'claudeChat.copyConversation',
  findInChat: 'claudeChat.findInChat',
} as const;

export const SETTINGS = {
  cliPath: 'claudeChat.cliPath',
  environmentVariables: 'claudeChat.environmentVariables',
  extraArgs: 'claudeChat.extraArgs',
  model: 'claudeChat.model',
  permissionMode: 'claudeChat.permissionMode',
  permissionTimeoutSeconds: 'claudeChat.permissionTimeoutSeconds',
  queueWhileBusy: 'claudeChat.queueWhileBusy',
  stallNoticeSeconds: 'claudeChat.stallNoticeSeconds',
  prewarmIdleSeconds: 'claudeChat.prewarmIdleSeconds',
  agents: 'claudeChat.agents',
  maxLiveProcesses: 'claudeChat.maxLiveProcesses',
  notifyTurnEnd: 'claudeChat.notify.turnEnd',
  notifyWaiting: 'claudeChat.notify.waiting',
  notifyError: 'claudeChat.notify.error',
} as const;

export const VIEW_CONTAINER = 'claudeChat';
export const CHAT_VIEW = 'claudeChat.chatView';
/** The editor-tab chat's webview panel type (restored by a serializer). */
export const CHAT_EDITOR = 'claudeChat.chatEditor';

export const CONTEXT = {
  turnRunning: 'claudeChat.turnRunning',
  permissionsPending: 'claudeChat.permissionsPending',
  /** An ExitPlanMode prompt waits: the plan preview's title bar offers "Review Claude's Plan". */
  planPending: 'claudeChat.planPending',
  panelFocused: 'claudeChat.panelFocused',
  /** A turn was stopped (the walkthrough's "Stop a turn" step completes on it). */
  stoppedATurn: 'claudeChat.stoppedATurn',
} as const;
