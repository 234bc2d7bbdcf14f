import './zodConfig'; // first: before any schema is built
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import './highlight.css';
import './a11y.css';
import { App } from './app';
import { setBundle } from './l10n';
import { onHostMessage, postIntent } from './vscodeApi';

const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
root.id = 'root';
// Built on the first message, which from the host is always the snapshot: it carries the UI's
// strings in the user's language (absent for English), and every label is made once, in it.
let app: App | undefined;
onHostMessage((msg) => {
  if (!app) {
    if (msg.type === 'snapshot') setBundle(msg.l10n);
    app = new App(root);
  }
  app.handle(msg);
});
// Listen first, then say ready: the host sends nothing before this.
postIntent({ type: 'ready' });
