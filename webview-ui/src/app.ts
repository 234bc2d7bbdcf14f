import type { ErrorInfo, HostMessage, StatusInfo } from '../../src/shared/contract';
import { unreachable } from '../../src/shared/unreachable';
import { h } from './dom';
import { ErrorBanner, Header, PermissionBanner } from './header';
import { InputBox } from './input';
import { ChatModel } from './model';
import { ChatTabs } from './chatTabs';
import { Announcer } from './a11y';
import { FindBar } from './findBar';
import { TranscriptView, type ScrollPosition } from './transcriptView';
import { TaskList } from './taskList';
import { getState, postIntent, setState } from './vscodeApi';
import { messageActionIntent } from './messageActions';
import { reportActivity } from './activity';
import { tickElapsed } from './elapsed';
import { QueueChips } from './queueChips';
import { BackgroundTasks } from './backgroundTasks';
import { LimitBanner } from './limitBanner';
import { StatusLineView } from './statusLineView';

/** Saved scroll positions (per chat, in the webview's state, so they survive the view being hidden). */
interface SavedScroll {
  scroll: Record<string, ScrollPosition>;
}
const MAX_SAVED_POSITIONS = 50;

const BUSY: ReadonlySet<StatusInfo['state']> = new Set(['starting', 'running', 'stopping']);

export class App {
  private readonly model = new ChatModel();
  private readonly transcript = new TranscriptView(this.model);
  private readonly header = new Header();
  private readonly errorBanner = new ErrorBanner();
  private readonly limitBanner = new LimitBanner();
  private readonly statusLine = new StatusLineView();
  private readonly permissions = new PermissionBanner();
  private readonly input = new InputBox();
  private readonly chatTabs = new ChatTabs();
  private readonly tasks = new TaskList();
  private readonly queue = new QueueChips();
  private readonly backgroundTasks = new BackgroundTasks();
  private readonly find = new FindBar(this.model, this.transcript);
  private readonly announcer = new Announcer();
  private busy = false;
  private synced = false;
  /** An error that arrived before the snapshot; shown once we have one. */
  private earlyError: ErrorInfo | null | undefined;
  /** The chat shown (from the `chats` message that follows each snapshot); undefined in between. */
  private chatKey: string | undefined;
  private restorePending = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: HTMLElement) {
    const body = h('div', { class: 'transcript-wrap' }, this.find.el, this.transcript.el, this.transcript.jumpButton);
    root.replaceChildren(this.chatTabs.el, this.header.el, this.limitBanner.el, this.errorBanner.el, body, this.permissions.el, this.backgroundTasks.el, this.tasks.el, this.queue.el, this.input.el, this.statusLine.el, this.announcer.el);
    this.find.install(document);
    reportActivity(document);
    // Running commands' clocks (only cards in the DOM: the view keeps a window of entries).
    setInterval(() => {
      tickElapsed(this.transcript.el);
      this.backgroundTasks.tick();
    }, 1000);
    root.classList.add('loading');
    this.transcript.onPosition = () => {
      this.saveTimer ??= setTimeout(() => this.savePosition(), 150);
    };
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('auxclick', (e) => {
      if ((e.target as Element).closest('a')) e.preventDefault();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.busy && !e.isComposing) {
        e.preventDefault();
        postIntent({ type: 'stop' });
      }
    });
  }

  /**
   * A turn that failed shows its error once: while the banner (with its actions) shows it, the
   * turn's footer says "Failed" without repeating the message; once the banner is gone, the
   * footer keeps the record.
   */
  private syncTurnError(): void {
    const footers = this.root.querySelectorAll<HTMLElement>('.turn-end .turn-error');
    const last = footers[footers.length - 1];
    if (last) last.hidden = this.errorBanner.shown !== null && last.dataset.message === this.errorBanner.shown.message;
  }

  handle(msg: HostMessage): void {
    if (this.synced || msg.type === 'snapshot') this.announcer.observe(msg);
    switch (msg.type) {
      case 'snapshot':
        // Another chat (or this one again) replaces the transcript: keep where the user was.
        this.savePosition();
        this.chatKey = undefined;
        this.restorePending = true;
        this.synced = true;
        this.root.classList.remove('loading');
        this.model.reset();
        this.tasks.reset();
        this.find.invalidate();
        for (const e of msg.events) {
          this.model.apply(e);
          this.tasks.apply(e);
        }
        this.transcript.renderAll();
        this.setStatus(msg.status);
        this.permissions.update(msg.permissions);
        if (this.earlyError !== undefined) this.errorBanner.show(this.earlyError);
        this.earlyError = undefined;
        this.syncTurnError();
        return;
      case 'events':
        if (!this.synced) return; // the snapshot will contain them
        for (const e of msg.events) {
          const change = this.model.apply(e);
          this.tasks.apply(e);
          // A fork dims everything from its prompt on: re-render rather than patch each view.
          if (e.type === 'mark' && e.kind === 'forked') this.transcript.renderAll();
          else if (change) this.transcript.apply(change);
          if (e.type === 'turnEnd' && e.error) this.syncTurnError();
        }
        return;
      case 'status':
        if (this.synced) this.setStatus(msg.status);
        return;
      case 'permissions':
        if (this.synced) this.permissions.update(msg.pending);
        return;
      case 'error':
        if (this.synced) {
          this.errorBanner.show(msg.error);
          this.syncTurnError();
        } else this.earlyError = msg.error;
        return;
      case 'focusInput':
        this.input.focus();
        return;
      case 'setInput':
        this.input.setText(msg.text, true);
        return;
      case 'editPrompt':
        this.input.editPrompt(msg.turnId, msg.text);
        return;
      case 'insertInput':
        this.input.insert(msg.text);
        return;
      case 'mentionResults':
        this.input.mentionResults(msg.requestId, msg.items, msg.contexts);
        return;
      case 'editorContext':
        this.input.editorContext(msg.enabled, msg.mention);
        return;
      case 'chats':
        this.chatTabs.update(msg);
        this.showingChat(msg.ref ? `${msg.ref.folder}\n${msg.ref.id}` : msg.shown);
        return;
      case 'commands':
        this.input.setCommands(msg.commands);
        return;
      case 'addImages':
        this.input.addImages(msg.images);
        return;
      case 'openFind':
        this.find.open(false);
        return;
      case 'queue':
        this.queue.update(msg.items);
        return;
      case 'tasks':
        this.backgroundTasks.update(msg.tasks);
        return;
      default:
        unreachable(msg);
    }
  }

  /** The `chats` message names the chat a snapshot showed: put the view where the user left it. */
  private showingChat(key: string | undefined): void {
    if (!this.restorePending && key === this.chatKey) return;
    this.chatKey = key;
    if (!this.restorePending || key === undefined) return;
    this.restorePending = false;
    this.transcript.restore(getState<SavedScroll>().scroll?.[key]);
  }

  private savePosition(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const key = this.chatKey;
    if (key === undefined || this.restorePending) return;
    const saved = { ...getState<SavedScroll>().scroll };
    delete saved[key]; // re-insert last: the oldest positions are the ones dropped
    saved[key] = this.transcript.position();
    const keys = Object.keys(saved);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_SAVED_POSITIONS))) delete saved[old];
    setState<SavedScroll>({ scroll: saved });
  }

  private setStatus(status: StatusInfo): void {
    this.busy = BUSY.has(status.state);
    this.header.update(status);
    this.limitBanner.update(status.limit);
    this.statusLine.update(status.statusLine);
    this.input.setBusy(this.busy);
    this.tasks.setBusy(this.busy);
    this.root.classList.toggle('busy', this.busy);
  }

  /** Links never navigate: every click on one becomes an intent the host may act on. */
  private onClick(e: MouseEvent): void {
    const target = e.target as Element;
    const file = target.closest<HTMLElement>('[data-path]');
    if (file) {
      e.preventDefault();
      const line = Number(file.dataset.line);
      postIntent({ type: 'openFile', path: file.dataset.path ?? '', ...(Number.isInteger(line) && line > 0 ? { line } : {}) });
      return;
    }
    const checkpointIntent = messageActionIntent(target);
    if (checkpointIntent) return postIntent(checkpointIntent);
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'pick-agent') return postIntent({ type: 'pickAgent' });
    if (action === 'pick-model') return postIntent({ type: 'pickModel' });
    if (action === 'pick-mode') return postIntent({ type: 'pickPermissionMode' });
    if (action === 'context-usage') return postIntent({ type: 'showContextUsage' });
    if (action === 'open-diff') {
      const toolUseId = target.closest<HTMLElement>('[data-tool-use-id]')?.dataset.toolUseId;
      if (toolUseId) postIntent({ type: 'openDiff', toolUseId });
      return;
    }
    const copy = target.closest('[data-action="copy-code"]');
    if (copy) {
      const code = copy.closest('.code-block')?.querySelector('code');
      postIntent({ type: 'copy', text: code?.textContent ?? '' });
      return;
    }
    const link = target.closest('a');
    if (link) {
      e.preventDefault();
      const href = link.getAttribute('href');
      if (href && href !== '#') postIntent({ type: 'openLink', href });
    }
  }
}
