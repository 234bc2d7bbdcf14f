import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Chat } from '../chat/chat';
import type { Disposable } from '../core/emitter';
import type { Logger } from '../core/logger';
import { EventBatcher } from '../shared/batcher';
import { type HostMessage, WebviewIntent } from '../shared/contract';
import { webviewHtml } from '../shared/webviewHtml';
import type { ChatHub } from './chatHub';
import type { PermissionPrompts } from './permissionPrompts';
import { handleIntent } from './intents';
import type { DiffPreview } from './diffPreview';
import type { FileMentions } from './mentions';

/**
 * The sidebar chat. Nothing is posted before the webview says `ready`; while hidden,
 * events are held back and a snapshot is sent when it shows again, so nothing is lost
 * or duplicated.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private controller: Chat | undefined;
  private controllerSubs: Disposable[] = [];
  private readonly subs: vscode.Disposable[] = [];
  private readonly batcher = new EventBatcher({ post: (events) => this.post({ type: 'events', events }) });

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: ChatHub,
    private readonly prompts: PermissionPrompts,
    private readonly log: Logger,
    private readonly services: { diff: DiffPreview; mentions: FileMentions },
  ) {
    this.subs.push(
      toVs(hub.onDidChangeActive(() => this.attach())),
      toVs(prompts.onDidChange((pending) => this.post({ type: 'permissions', pending }))),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = this.html(view.webview, dist);
    this.subs.push(
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.sendSnapshot();
        else this.batcher.pause();
      }),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
        this.batcher.pause();
      }),
    );
    this.attach();
  }

  /** The controller the panel currently shows. */
  current(): Chat | undefined {
    return this.controller ?? this.hub.active();
  }

  focusInput(): void {
    this.post({ type: 'focusInput' });
  }

  setInput(text: string): void {
    this.post({ type: 'setInput', text });
  }

  openFind(): void {
    this.post({ type: 'openFind' });
  }

  insertInput(text: string): void {
    this.post({ type: 'insertInput', text });
  }

  /** True once the webview has said `ready` and is showing. */
  get isLive(): boolean {
    return this.ready && (this.view?.visible ?? false);
  }

  dispose(): void {
    this.batcher.dispose();
    for (const s of this.controllerSubs.splice(0)) s.dispose();
    for (const s of this.subs.splice(0)) s.dispose();
  }

  private attach(): void {
    const controller = this.hub.active();
    if (controller === this.controller) return;
    for (const s of this.controllerSubs.splice(0)) s.dispose();
    this.controller = controller;
    if (controller) {
      this.controllerSubs = [
        controller.onEvents((events) => this.batcher.pushAll(events)),
        controller.onStatus((status) => this.post({ type: 'status', status })),
        controller.onError((error) => this.post({ type: 'error', error })),
        controller.onReset(() => this.sendSnapshot()),
      ];
      if (controller.onCommands) this.controllerSubs.push(controller.onCommands((commands) => this.post({ type: 'commands', commands })));
    }
    this.sendSnapshot();
  }

  private sendSnapshot(): void {
    if (!this.ready || !this.view?.visible) return;
    const c = this.controller;
    // The snapshot already holds whatever the batcher was waiting to send.
    this.batcher.clear();
    this.post({
      type: 'snapshot',
      events: c?.snapshot() ?? [],
      status: c?.status ?? { state: 'none', queued: 0, scripted: this.hub.scripted },
      permissions: this.prompts.pending(),
    });
    if (c?.error) this.post({ type: 'error', error: c.error });
    this.post({ type: 'commands', commands: c?.commands ?? [] });
    this.batcher.resume();
  }

  private receive(raw: unknown): void {
    const parsed = WebviewIntent.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`dropped an invalid message from the webview: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const intent = parsed.data;
    if (intent.type === 'ready') {
      this.ready = true;
      this.sendSnapshot();
      return;
    }
    const controller = this.current();
    const ctx = { controller, log: this.log, folder: controller?.status.folder, ...this.services, reply: (m: HostMessage) => this.post(m) };
    void handleIntent(intent, ctx).catch((err: Error) =>
      this.log.error(`intent ${intent.type} failed: ${err.message}`),
    );
  }

  private post(message: HostMessage): void {
    // Hidden: nothing is posted; the snapshot on becoming visible carries it all.
    if (!this.view || !this.ready || !this.view.visible) return;
    void this.view.webview.postMessage(message);
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    });
  }
}

function toVs(d: Disposable): vscode.Disposable {
  return { dispose: () => d.dispose() };
}
