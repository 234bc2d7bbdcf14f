import assert from 'node:assert/strict';
import { idleStatus, useHarness, type WebviewPage } from './harness';

/** The header's user-setup items: display only, clicks become intents. */
describe('webview: MCP servers and project settings in the header', () => {
  const harness = useHarness();
  let wp: WebviewPage;

  beforeEach(async () => {
    wp = await harness.open();
  });
  afterEach(() => wp.closeClean());

  it('shows nothing extra without servers or blocked settings', async () => {
    await wp.snapshot([], idleStatus);
    assert.equal(await wp.page.locator('.header .mcp').count(), 0);
    assert.equal(await wp.page.locator('.header .project-settings').count(), 0);
  });

  it('counts the servers, flags a failed or needs-auth one by name, and asks the host for its quick pick', async () => {
    await wp.snapshot([], { ...idleStatus, mcpServers: [{ name: 'github', status: 'connected' }, { name: 'linear', status: 'needs-auth' }, { name: 'db<b>', status: 'failed' }] });
    const mcp = wp.page.locator('.header .mcp');
    assert.equal(await mcp.textContent(), 'MCP 3 · ⚠ linear (needs-auth), db<b> (failed)');
    assert.equal(await mcp.evaluate((el) => el.classList.contains('mcp-problem')), true);
    assert.equal(await wp.page.locator('.header .mcp b').count(), 0, 'a server name is text, never markup');
    await wp.clearPosted();
    await mcp.click();
    await wp.waitForPosted('pickMcpServers');
  });

  it('a connected-only list is not flagged', async () => {
    await wp.snapshot([], { ...idleStatus, mcpServers: [{ name: 'github', status: 'connected' }, { name: 'off', status: 'disabled' }] });
    assert.equal(await wp.page.locator('.header .mcp').textContent(), 'MCP 2');
    assert.equal(await wp.page.locator('.header .mcp-problem').count(), 0);
  });

  it('says when project settings are not loaded, with a review action', async () => {
    await wp.snapshot([], { ...idleStatus, projectSettingsBlocked: true });
    const b = wp.page.locator('.header .project-settings');
    assert.match((await b.textContent()) ?? '', /Project settings not loaded · Review project settings/);
    await wp.clearPosted();
    await b.click();
    await wp.waitForPosted('reviewProjectSettings');
    await wp.host({ type: 'status', status: { ...idleStatus, projectSettingsBlocked: false } });
    await wp.settle();
    assert.equal(await wp.page.locator('.header .project-settings').count(), 0);
  });

  it('an auth error offers Log In, which the host runs', async () => {
    await wp.snapshot([]);
    await wp.host({ type: 'error', error: { code: 'auth', message: 'Claude Code could not authenticate', actions: ['login', 'openSettings', 'showLogs'] } });
    await wp.settle();
    const login = wp.page.locator('[data-error-action="login"]');
    assert.equal(await login.textContent(), 'Log In');
    await wp.clearPosted();
    await login.click();
    await wp.waitForPosted('errorAction');
    assert.ok((await wp.posted()).some((m) => (m as { type: string; action?: string }).type === 'errorAction' && (m as { action?: string }).action === 'login'));
  });
});
