import './zodConfig';
import { ChatEvent, HostMessage, WebviewIntent } from '../../src/shared/contract';

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

/**
 * A batch or snapshot the schema refuses keeps its valid events: one bad event must not blank
 * the chat. The host already checks each event; this is the second line.
 */
function salvage(data: unknown): ReturnType<typeof HostMessage.safeParse> | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as { type?: unknown; events?: unknown };
  if ((m.type !== 'events' && m.type !== 'snapshot') || !Array.isArray(m.events)) return undefined;
  const events = m.events.filter((e) => ChatEvent.safeParse(e).success);
  if (events.length === m.events.length || (m.type === 'events' && events.length === 0)) return undefined;
  console.warn(`claude-chat webview: dropped ${m.events.length - events.length} invalid event(s) of a ${m.type}`);
  const retry = HostMessage.safeParse({ ...m, events });
  return retry.success ? retry : undefined;
}

/** Parses every host message; invalid ones are logged and dropped (a batch's valid events are kept). */
export function onHostMessage(handler: (message: HostMessage) => void): () => void {
  const listener = (event: MessageEvent): void => {
    let parsed = HostMessage.safeParse(event.data);
    if (!parsed.success) parsed = salvage(event.data) ?? parsed;
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
