// Restricted Mode (an untrusted folder): the extension declares limited
// support, so highlighting and the preview stay available while the editor
// does not offer to send.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEditor, type Editor } from './harness';

describe('Notify in an untrusted folder (Restricted Mode)', () => {
  let editor: Editor;

  before(async () => {
    editor = await startEditor({ trusted: false, label: 'restricted' });
    await editor.openFile('sample.notify');
  });

  after(async () => {
    await editor?.close();
  });

  test('the folder really is in Restricted Mode', async () => {
    await editor.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
  });

  test('the file is still a Notify file, highlighted by the grammar', async () => {
    assert.equal(await editor.statusBarText('status.editor.mode'), 'Notify');
    const token = await editor.inspectToken(3, 1);
    assert.ok(token.scopes.includes('keyword.declaration.notifier.notify'), token.scopes.join(' '));
  });

  test('the editor title offers Preview but not Send', async () => {
    // The palette still lists Send Test, on purpose: run there it explains why
    // sending is off and offers to manage trust (the extension's own e2e test).
    const actions = editor.page.locator('.editor-group-container.active .editor-actions');
    await actions.locator('[aria-label^="Preview Payload"]').first().waitFor({ state: 'visible' });
    await editor.screenshot('restricted-title-actions');
    assert.equal(await actions.locator('[aria-label^="Send Test Notification"]').count(), 0);
  });

  test('the palette offers the preview', async () => {
    const titles = await editor.findCommands('Notify:');
    assert.ok(titles.includes('Notify: Preview Payload'), `palette: ${titles.join(' | ')}`);
  });
});
