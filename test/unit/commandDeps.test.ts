import assert from 'node:assert/strict';
import type { Chat } from '../../src/chat/chat';
import { focusedChat, targetChat, type CommandDeps } from '../../src/vscode/commandDeps';

/** Which chat a command acts on: the one a panel passed, else the focused editor-tab chat, else the sidebar's. */
describe('commandDeps: which chat a command is for', () => {
  const chat = (name: string) => ({ name }) as unknown as Chat;
  const sidebar = chat('sidebar');
  const tab = chat('editor tab');
  const other = chat('another chat of the folder');
  const deps = (inTab: Chat | undefined): Pick<CommandDeps, 'hub' | 'view' | 'editors'> =>
    ({
      hub: { all: () => [sidebar, tab, other] },
      view: { current: () => sidebar },
      editors: { activeChat: () => inTab },
    }) as unknown as Pick<CommandDeps, 'hub' | 'view' | 'editors'>;

  it('the palette acts on the editor-tab chat the user works in, else on the sidebar', () => {
    assert.equal(focusedChat(deps(tab)), tab);
    assert.equal(focusedChat(deps(undefined)), sidebar);
    assert.equal(targetChat(deps(tab), undefined), tab);
  });

  it('a chat passed by a panel wins over the focus', () => {
    assert.equal(targetChat(deps(undefined), tab), tab, "an editor tab's picker while the sidebar has the focus");
    assert.equal(targetChat(deps(tab), sidebar), sidebar, "the sidebar's picker while an editor tab has the focus");
    assert.equal(targetChat(deps(tab), other), other);
  });

  it('an argument that is no open chat (a string, a menu context, a closed chat) falls back to the focused chat', () => {
    assert.equal(targetChat(deps(tab), 'plan'), tab);
    assert.equal(targetChat(deps(tab), { folder: '/x', id: 'c1' }), tab);
    assert.equal(targetChat(deps(undefined), chat('closed')), sidebar);
    assert.equal(targetChat(deps(undefined), null), sidebar);
  });
});
