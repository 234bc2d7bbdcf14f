import { postIntent } from './vscodeApi';

/**
 * Tells the host, once per focus, that the user works in this panel: the first key or pointer
 * press after the panel got the focus. Commands such as Stop act on that chat. The window's
 * focus alone can't say it: VS Code moves the focus into the active editor's webview by itself,
 * e.g. when the command palette closes.
 */
export function reportActivity(doc: Document): void {
  let told = false;
  const tell = () => {
    if (told) return;
    told = true;
    postIntent({ type: 'panelActive' });
  };
  doc.defaultView?.addEventListener('blur', () => (told = false));
  doc.addEventListener('pointerdown', tell, true);
  doc.addEventListener('keydown', tell, true);
}
