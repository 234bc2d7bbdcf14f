import './zodConfig';
import { HostMessage, WebviewIntent } from '../../src/shared/contract';

/** The one place that touches `acquireVsCodeApi`; a plain page (tests, browser) gets a stand-in. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Provided by VS Code inside webviews; callable once per page.
  function acquireVsCodeApi(): VsCodeApi;
}

let api: VsCodeApi | undefined;

function getApi(): VsCodeApi {
  if (api) return api;
  if (typeof acquireVsCodeApi === 'function') {
    api = acquireVsCodeApi();
  } else {
    let state: unknown;
    api = {
      postMessage: (m) => console.info('claude-chat webview → host (no VS Code):', m),
      getState: () => state,
      setState: (s) => {
        state = s;
      },
    };
  }
  return api;
}

/** Validates before sending, so the host only ever sees well-formed intents. */
export function postIntent(intent: WebviewIntent): void {
  const parsed = WebviewIntent.safeParse(intent);
  if (!parsed.success) {
    console.warn('claude-chat webview: not sending an invalid intent', parsed.error.issues.slice(0, 3));
    return;
  }
  getApi().postMessage(parsed.data);
}

/** Parses every host message; invalid ones are logged and dropped. */
export function onHostMessage(handler: (message: HostMessage) => void): () => void {
  const listener = (event: MessageEvent): void => {
    const parsed = HostMessage.safeParse(event.data);
    if (!parsed.success) {
      console.warn('claude-chat webview: dropped an invalid host message', parsed.error.issues.slice(0, 3));
      return;
    }
    try {
      handler(parsed.data);
    } catch (err) {
      console.error('claude-chat webview: failed to apply a host message', err);
    }
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

export function getState<T>(): Partial<T> {
  const s = getApi().getState();
  return s && typeof s === 'object' ? (s as Partial<T>) : {};
}

/** Merges into the saved state, so each part (draft, chat ref) keeps the others'. */
export function setState<T>(state: T): void {
  const current = getApi().getState();
  getApi().setState({ ...(current && typeof current === 'object' ? current : {}), ...state });
}
