/** Every command, setting, view and context key id, declared once (package.json mirrors these; a test checks). */
export const COMMANDS = {
  stop: 'claudeChat.stop',
  newChat: 'claudeChat.newChat',
  /** New Chat from the view's title bar or its webview: always in the view. */
  newChatInView: 'claudeChat.newChatInView',
  focus: 'claudeChat.focus',
  showLogs: 'claudeChat.showLogs',
  showPermissions: 'claudeChat.showPermissions',
  /** Claude: Permissions, the rules of every scope. */
  managePermissions: 'claudeChat.managePermissions',
  openSettings: 'claudeChat.openSettings',
  sessionInfo: 'claudeChat.sessionInfo',
  selectFolder: 'claudeChat.selectFolder',
  history: 'claudeChat.history',
  selectModel: 'claudeChat.selectModel',
  selectPermissionMode: 'claudeChat.selectPermissionMode',
  addSelection: 'claudeChat.addSelection',
  reviewChanges: 'claudeChat.reviewChanges',
  selectAgent: 'claudeChat.selectAgent',
  // Several chats and editor-tab chats.
  stopAll: 'claudeChat.stopAll',
  openInEditor: 'claudeChat.openInEditor',
  switchChat: 'claudeChat.switchChat',
  renameChat: 'claudeChat.renameChat',
  closeChat: 'claudeChat.closeChat',
  toggleThinking: 'claudeChat.toggleThinking',
  reviewPlan: 'claudeChat.reviewPlan',
  reviewProjectSettings: 'claudeChat.reviewProjectSettings',
  mcpServers: 'claudeChat.mcpServers',
  /** Claude: Show Context Usage, what fills the window. */
  contextUsage: 'claudeChat.contextUsage',
  login: 'claudeChat.login',
  exportMarkdown: 'claudeChat.exportMarkdown',
  copyConversation: 'claudeChat.copyConversation',
  findInChat: 'claudeChat.findInChat',
  // The view's title-bar items that act on a chat: the view's chat, whatever has the focus.
  historyInView: 'claudeChat.historyInView',
  selectModelInView: 'claudeChat.selectModelInView',
  selectPermissionModeInView: 'claudeChat.selectPermissionModeInView',
  reviewChangesInView: 'claudeChat.reviewChangesInView',
  openInEditorInView: 'claudeChat.openInEditorInView',
  exportMarkdownInView: 'claudeChat.exportMarkdownInView',
  copyConversationInView: 'claudeChat.copyConversationInView',
  findInChatInView: 'claudeChat.findInChatInView',
  // The IDE integration's diff: the editor title's answers to Claude's proposed edit.
  acceptIdeDiff: 'claudeChat.acceptIdeDiff',
  rejectIdeDiff: 'claudeChat.rejectIdeDiff',
  // Review Changes: Claude's pending hunks in the editor.
  reviewKeepHunk: 'claudeChat.review.keepHunk',
  reviewUndoHunk: 'claudeChat.review.undoHunk',
  reviewNextHunk: 'claudeChat.review.nextHunk',
  reviewPreviousHunk: 'claudeChat.review.previousHunk',
  reviewKeepAll: 'claudeChat.review.keepAll',
  reviewUndoAll: 'claudeChat.review.undoAll',
  /** The review list's click on a hunk (not in the palette). */
  reviewRevealHunk: 'claudeChat.review.revealHunk',
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
/** "Claude: Review Changes" (in the Explorer: the Claude container keeps its one view): the files and hunks still pending. */
export const REVIEW_VIEW = 'claudeChat.reviewView';

export const CONTEXT = {
  /**
   * A turn runs (starting, running, stopping), set at once: keybindings and the palette's Stop
   * use it. No rendered menu may: each change would re-render that toolbar at the turn's start.
   */
  turnRunning: 'claudeChat.turnRunning',
  /** A turn has run for BUSY_SHOW_DELAY_MS (src/core/delayedOn.ts): the view title shows Stop. */
  turnShown: 'claudeChat.turnShown',
  permissionsPending: 'claudeChat.permissionsPending',
  /** An ExitPlanMode prompt waits: the plan preview's title bar offers "Review Claude's Plan". */
  planPending: 'claudeChat.planPending',
  /** The active tab is a diff the IDE integration opened for the CLI: its title offers Accept and Reject. */
  ideDiffActive: 'claudeChat.ideDiffActive',
  panelFocused: 'claudeChat.panelFocused',
  /** A turn was stopped (the walkthrough's "Stop a turn" step completes on it). */
  stoppedATurn: 'claudeChat.stoppedATurn',
  /** Some change of Claude's waits for Keep or Undo (the review keybindings apply). */
  reviewPending: 'claudeChat.reviewPending',
} as const;
