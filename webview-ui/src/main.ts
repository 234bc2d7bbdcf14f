import './zodConfig'; // first: before any schema is built
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import './highlight.css';
import './a11y.css';
import { App } from './app';
import { onHostMessage, postIntent } from './vscodeApi';

const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
root.id = 'root';
const app = new App(root);
onHostMessage((msg) => app.handle(msg));
// Listen first, then say ready: the host sends nothing before this.
postIntent({ type: 'ready' });
