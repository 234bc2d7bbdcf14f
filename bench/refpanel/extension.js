// The reference panel (bench only, see README.md). Plain JavaScript on purpose: no bundler,
// no contract, no batching, nothing between a stdout line and the webview but JSON.parse.
'use strict';
const vscode = require('vscode');
const { spawn } = require('child_process');
const { randomUUID } = require('crypto');
const { readFileSync } = require('fs');

/** @type {import('child_process').ChildProcessWithoutNullStreams | undefined} */
let child;
/** @type {vscode.WebviewView | undefined} */
let view;
let buf = '';
let reqId = 0;

/** { bin, args, env, cwd }: the product's own claude argv (minus its session id) and environment. */
function launchConfig() {
  const file = process.env.CLAUDE_REF_PANEL_CONFIG;
  if (!file) throw new Error('CLAUDE_REF_PANEL_CONFIG is not set');
  return JSON.parse(readFileSync(file, 'utf8'));
}

function post(message) {
  if (view) void view.webview.postMessage(message);
}

function onLine(line) {
  // The cheapest test first: most lines are deltas.
  if (line.includes('"text_delta"')) {
    const msg = JSON.parse(line);
    const d = msg.type === 'stream_event' && msg.event && msg.event.delta;
    if (d && d.type === 'text_delta') post({ type: 'events', events: [{ type: 'text', text: d.text }] });
  } else if (line.includes('"type":"result"') && JSON.parse(line).type === 'result') {
    // Not a prefix test: from 2.1.332 a result line's first key is not `type`.
    post({ type: 'end' });
  }
}

function ensureChild() {
  if (child && child.exitCode === null && !child.killed) return child;
  const c = launchConfig();
  const p = spawn(c.bin, [...c.args, '--session-id', randomUUID()], { cwd: c.cwd, env: c.env, stdio: ['pipe', 'pipe', 'pipe'] });
  buf = '';
  p.stdout.setEncoding('utf8');
  p.stdout.on('data', (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        onLine(line);
      } catch {
        // a line that is not JSON: skip it
      }
    }
  });
  p.stderr.resume();
  p.stdin.on('error', () => undefined);
  p.on('close', () => {
    if (child === p) child = undefined;
  });
  child = p;
  return p;
}

function send(text) {
  ensureChild().stdin.write(JSON.stringify({ type: 'user', message: { role: 'user', content: text } }) + '\n');
}

function stop() {
  if (!child) return;
  post({ type: 'status', status: { state: 'stopping' } });
  child.stdin.write(JSON.stringify({ type: 'control_request', request_id: `ref-${++reqId}`, request: { subtype: 'interrupt' } }) + '\n');
}

function kill() {
  const c = child;
  child = undefined;
  if (c) c.kill('SIGKILL');
}

const HTML = (nonce) => `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>html,body{height:100%;margin:0}body{display:flex;flex-direction:column;font:13px sans-serif;color:var(--vscode-foreground)}#log{flex:1;overflow:auto;white-space:pre-wrap}textarea{width:95%}</style></head>
<body data-ref-panel="1"><div id="log"></div><textarea class="ref-input" rows="2"></textarea>
<script nonce="${nonce}">
const api = acquireVsCodeApi();
const log = document.getElementById('log');
const box = document.querySelector('textarea');
let answer;
box.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || e.shiftKey) return;
  e.preventDefault();
  api.postMessage({ type: 'send', text: box.value });
  box.value = '';
  document.querySelector('.state-dot')?.remove();
  answer = document.createElement('div');
  answer.className = 'entry assistant';
  log.appendChild(answer);
});
window.addEventListener('message', (e) => {
  const m = e.data;
  // A correct panel keeps the newest text in view: without this, once the log is taller than the
  // view the new text lands off screen and costs no paint, which flattered the baseline.
  if (m.type === 'events') { for (const ev of m.events) answer?.appendChild(document.createTextNode(ev.text)); log.scrollTop = log.scrollHeight; }
  else if (m.type === 'end') { const d = document.createElement('div'); d.className = 'entry turn-end'; log.appendChild(d); }
  else if (m.type === 'status') { const d = document.createElement('span'); d.className = 'state-dot state-stopping'; log.appendChild(d); }
  else if (m.type === 'clear') { log.textContent = ''; answer = undefined; }
});
</script></body></html>`;

function activate(context) {
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('claudeRef.view', {
      resolveWebviewView(v) {
        view = v;
        v.webview.options = { enableScripts: true };
        v.webview.html = HTML(randomUUID().replace(/-/g, ''));
        v.webview.onDidReceiveMessage((m) => {
          if (m && m.type === 'send') send(String(m.text));
        });
      },
    }, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.commands.registerCommand('claudeRef.show', () => vscode.commands.executeCommand('claudeRef.view.focus')),
    vscode.commands.registerCommand('claudeRef.stop', stop),
    // A new chat: the next Enter spawns a fresh claude (U2's baseline: the reference spawns on Enter).
    vscode.commands.registerCommand('claudeRef.newChat', () => {
      kill();
      post({ type: 'clear' });
    }),
    { dispose: kill },
  );
}

module.exports = { activate, deactivate: kill };
