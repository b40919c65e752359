// The language contribution in a real VS Code: a .notify file opens in the
// Notify language mode and is coloured by the TextMate grammar.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerDialog, showExplorer } from './extensionHelpers';
import { startEditor, type Editor } from './harness';

describe('Notify language in VS Code (code-server)', () => {
  let editor: Editor;

  before(async () => {
    editor = await startEditor({
      trusted: true,
      label: 'language',
      // Without the language server's semantic tokens the colours are the grammar's alone.
      settings: { 'editor.semanticHighlighting.enabled': false, 'workbench.colorTheme': 'Default Dark Modern' },
    });
    await editor.openFile('sample.notify');
  });

  after(async () => {
    await editor?.close();
  });

  test('the status bar shows the Notify language mode', async () => {
    assert.equal(await editor.statusBarText('status.editor.mode'), 'Notify');
  });

  test('the editor title offers Preview and Send for a Notify file', async () => {
    // restricted.e2e.ts checks that Send is gone when the folder is not trusted.
    const actions = editor.page.locator('.editor-group-container.active .editor-actions');
    await actions.locator('[aria-label^="Preview Payload"]').first().waitFor({ state: 'visible' });
    await actions.locator('[aria-label^="Send Test Notification"]').first().waitFor({ state: 'visible' });
  });

  test('the grammar gives keywords, events, variables, functions and swim strings their scopes', async () => {
    // Positions in sample.notify (the spec's example), 1-based.
    const expectations: Array<[number, number, string, string]> = [
      [1, 1, 'import', 'keyword.control.import.notify'],
      [1, 40, '#', 'comment.line.number-sign.notify'],
      [3, 1, 'notifier', 'keyword.declaration.notifier.notify'],
      [4, 8, 'vulnerability.detected', 'entity.name.type.event.notify'],
      [5, 12, 'VulnerabilityScore', 'variable.other.scalar.notify'],
      [5, 40, 'MatchesRegex', 'entity.name.function.notify'],
      [7, 5, 'slack', 'storage.type.channel.notify'],
      [9, 9, 'text', 'variable.other.property.notify'],
      [9, 19, 'VulnerabilityId', 'variable.other.scalar.notify'],
      [17, 23, '@AffectedPackages', 'variable.other.list.notify'],
      [26, 19, '>>', 'string.quoted.other.swim.notify'],
      [28, 4, 'foreach', 'keyword.control.loop.foreach.notify'],
      [36, 6, 'FeedName', 'variable.other.scalar.notify'],
    ];
    const failures: string[] = [];
    for (const [line, column, what, scope] of expectations) {
      const token = await editor.inspectToken(line, column);
      assert.equal(token.language, 'notify', `language at ${line}:${column}`);
      if (!token.scopes.includes(scope)) {
        failures.push(`${line}:${column} (${what}): expected ${scope}, got ${token.scopes.join(' ')}`);
      }
    }
    await editor.screenshot('inspect-tokens');
    assert.deepEqual(failures, []);
  });

  test('the tokens are drawn in different colours', async () => {
    // Monaco renders each colour as a class mtk<N>; a plain-text file would use one.
    // Monaco draws spaces as U+00A0, hence the regular expression.
    await editor.goTo(3, 1);
    const line = editor.page.locator('.editor-instance .view-line', { hasText: /notifier.*Critical/ });
    const classes = await line.locator('span > span').evaluateAll((spans) => spans.map((s) => s.className));
    assert.ok(new Set(classes).size >= 3, `expected several token colours on the notifier line, got ${classes.join(' ')}`);
    const path = await editor.screenshot('sample-highlighted');
    assert.ok(path.endsWith('.png'));
  });

  test('```notify code blocks in Markdown are highlighted with the Notify grammar', async () => {
    await editor.openFile('notes.md');
    const token = await editor.inspectToken(6, 1);
    assert.equal(token.language, 'notify');
    assert.ok(token.scopes.includes('keyword.declaration.notifier.notify'), token.scopes.join(' '));
    assert.ok(token.scopes.includes('meta.embedded.block.notify'), token.scopes.join(' '));
    const variable = await editor.inspectToken(8, 67);
    assert.ok(variable.scopes.includes('variable.other.scalar.notify'), variable.scopes.join(' '));
    await editor.screenshot('markdown-code-block');
  });

  test('signature help appears while a call is typed inside a string, before its `)`', async () => {
    await editor.openFile('typing.notify');
    // Line 6, between the quotes of `text = "";`. VS Code does not auto-close `(` before `"`.
    await editor.goTo(6, 17);
    await editor.page.keyboard.type("$Join(', ', ", { delay: 30 });
    const hints = editor.page.locator('.parameter-hints-widget');
    await hints.waitFor({ state: 'visible', timeout: 60_000 });
    await editor.page.waitForTimeout(300);
    const label = await hints.locator('.signature').first().innerText();
    assert.match(label, /Join\(/);
    // the second parameter (`list`) is the active one
    assert.match(await hints.locator('.parameter.active').first().innerText(), /list/);
    await editor.screenshot('signature-help-in-string');
    await editor.page.keyboard.press('Escape');
  });

  test('after `<%` in a string the template tags are offered as snippets', async () => {
    // Line 10, between the quotes of the teams `text = "";`.
    await editor.goTo(10, 17);
    await editor.page.keyboard.type('<%', { delay: 30 });
    await editor.page.keyboard.press('Control+Space');
    const row = editor.page.locator('.suggest-widget .monaco-list-row', { hasText: '<% foreach' });
    await row.first().waitFor({ state: 'visible', timeout: 60_000 });
    await editor.screenshot('template-tag-snippets');
    await row.first().click();
    await editor.page.waitForTimeout(500);
    const line = editor.page.locator('.editor-instance .view-line', { hasText: /foreach/ });
    assert.match((await line.first().innerText()).replace(/\u00a0/g, ' '), /text = "<% foreach %item in @list \{ %><% \} %>";/);
    await editor.screenshot('template-tag-inserted');
  });

  test('renaming the catalogs folder in the Explorer rewrites the import of sample.notify', async () => {
    const page = editor.page;
    await editor.openFile('sample.notify');
    await showExplorer(page);
    const folder = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: /^events$/ }) });
    await folder.first().waitFor({ state: 'visible', timeout: 60_000 });
    await folder.first().click();
    await page.keyboard.press('F2');
    const box = page.locator('.explorer-folders-view .monaco-inputbox input');
    await box.first().waitFor({ state: 'visible' });
    await box.first().fill('catalogs');
    await page.keyboard.press('Enter');
    // VS Code asks once before an extension's refactoring edits go with a rename (its own dialog, not Notify's)
    const asked = await answerDialog(page, 'OK', 60_000);
    assert.match(asked, /refactoring changes/i);
    await page.locator('.explorer-folders-view .label-name', { hasText: /^catalogs$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const line = page.locator('.editor-instance .view-line', { hasText: /^import/ });
    for (let i = 0; i < 60 && !/catalogs\/deploy\.json/.test((await line.first().innerText()).replace(/\u00a0/g, ' ')); i++) await page.waitForTimeout(500);
    await editor.screenshot('import-follows-renamed-folder');
    assert.match((await line.first().innerText()).replace(/\u00a0/g, ' '), /^import "catalogs\/deploy\.json";/);
  });
});
