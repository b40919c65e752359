// The extension in a real VS Code (code-server): diagnostics, completion,
// the payload preview webview, Send Test against a real local receiver, and
// the same folder untrusted (sending refused with the reason, preview still
// works). Screenshots land in test-artifacts/<label>/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  activeEditorText,
  answerDialog,
  clickCodeLens,
  languageServerPids,
  makeExtensionWorkspace,
  openFromExplorer,
  pickQuickItem,
  problemRows,
  waitForText,
  waitForExtension,
  startReceiver,
  waitForNotification,
  webviewFrame,
  type Receiver,
} from './extensionHelpers';
import { startEditor, type Editor } from './harness';

/**
 * One editor session per suite: a local receiver, a workspace pointing at it,
 * and code-server with the folder trusted or not. Torn down after the suite.
 */
function editorSession(trusted: boolean, label: string): { readonly receiver: Receiver; readonly editor: Editor } {
  let receiver: Receiver | undefined;
  let folder: string | undefined;
  let editor: Editor | undefined;
  before(async () => {
    receiver = await startReceiver();
    folder = makeExtensionWorkspace(receiver.url);
    editor = await startEditor({
      trusted,
      folder,
      label,
      settings: { 'notify.allowPrivateNetworks': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    });
  });
  after(async () => {
    await editor?.close();
    await receiver?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  return {
    get receiver() {
      return receiver!;
    },
    get editor() {
      return editor!;
    },
  };
}

describe('Notify extension in a trusted workspace', () => {
  const session = editorSession(true, 'extension-trusted');

  test('an unknown variable shows in the Problems view', async () => {
    await openFromExplorer(session.editor.page, 'broken.notify');
    await waitForExtension(session.editor.page, 'broken.notify');
    // The harness's readProblems opens the Problems view; its rows are read here as shown.
    await session.editor.readProblems();
    let rows = await problemRows(session.editor.page);
    for (let i = 0; i < 60 && !rows.some((r) => r.text.includes('NTF102')); i++) {
      await session.editor.page.waitForTimeout(1000);
      rows = await problemRows(session.editor.page);
    }
    await session.editor.screenshot('problems');
    const typo = rows.find((r) => r.text.includes('NTF102'));
    assert.ok(typo, `expected NTF102 in ${JSON.stringify(rows)}`);
    assert.match(typo.text, /Unknown variable `\$PackagId`.*Did you mean `PackageId`\?/);
    assert.match(typo.text, /\[Ln 5, Col \d+\]/);
    assert.match(typo.label, /error/i);
  });

  test('a completion is offered and accepted', async () => {
    await openFromExplorer(session.editor.page, 'typing.notify');
    // Inside the empty body string: line 5, after `body = "`.
    await session.editor.goTo(5, 17);
    await session.editor.page.keyboard.type('$PackageI');
    await session.editor.page.keyboard.press('Control+Space');
    const item = session.editor.page.locator('.suggest-widget .monaco-list-row', { hasText: 'PackageId' });
    await item.first().waitFor({ state: 'visible', timeout: 30_000 });
    await session.editor.screenshot('completion');
    await session.editor.page.keyboard.press('Enter');
    await session.editor.page.waitForTimeout(500);
    const text = await activeEditorText(session.editor.page);
    assert.match(text, /body = "\$PackageId/, text);
  });

  test('the preview shows the Slack message as Slack renders it, and the raw request', async () => {
    await openFromExplorer(session.editor.page, 'alerts.notify');
    await session.editor.runCommand('Notify: Preview Payload');
    const frame = await webviewFrame(session.editor.page, '.slack .text');
    const slackText = (await frame.locator('.slack .text').first().innerText()).trim();
    assert.equal(slackText, 'Acme.Billing 4.2.0 was deployed by ' + (await frame.locator('.slack .text em').first().innerText()) + ' to production');
    assert.equal(await frame.locator('.slack .text strong').first().innerText(), 'Acme.Billing');
    assert.equal(await frame.locator('.slack .text a').first().getAttribute('href'), 'https://status.example.com');
    const fields = await frame.locator('.slack .field .title').allInnerTexts();
    assert.deepEqual(fields, ['Feed', 'Version']);
    const bar = await frame.locator('.slack .bar').first().getAttribute('style');
    assert.match(String(bar), /rgb\(46, 184, 134\)/, 'the colour bar is Slack\'s "good" green');
    const requestLine = await frame.locator('.channel-slack .raw .request-line').first().innerText();
    assert.equal(requestLine.trim(), 'POST \u2039secret:slack-deploys\u203a', 'the secret URL is shown as a placeholder');
    await session.editor.page.waitForTimeout(500);
    await session.editor.screenshot('preview');
  });

  test('the preview follows edits', async () => {
    await session.editor.goTo(6, 20);
    await session.editor.page.keyboard.type('NEW ');
    const frame = await webviewFrame(session.editor.page, '.slack .text');
    await waitForText(() => frame.locator('.slack .text').first().innerText(), /NEW Acme\.Billing 4\.2\.0 was deployed/);
    await session.editor.screenshot('preview-after-edit');
  });

  test('Send test delivers to a local receiver after a confirmation naming the host', async () => {
    await openFromExplorer(session.editor.page, 'alerts.notify');
    // The second notifier's CodeLens ("Local hook").
    await clickCodeLens(session.editor.page, 'Send test', 1);
    // Two kinds of data fit: the sample "release" and the catalog example.
    await pickQuickItem(session.editor.page, /sample "release"/);
    const question = await answerDialog(session.editor.page, 'Send');
    assert.match(question, new RegExp(`127\\.0\\.0\\.1:${session.receiver.port}`));
    const request = await session.receiver.nextRequest(60_000);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/hooks/deploy');
    assert.equal(request.headers['x-notify-event'], 'package.deployed');
    assert.match(String(request.headers['user-agent']), /^notify\//);
    assert.deepEqual(JSON.parse(request.body), { package: 'Acme.Billing', version: '4.2.0' });
    const toast = await waitForNotification(session.editor.page, /delivered/);
    assert.match(toast, /status 200/);
    await session.editor.screenshot('send-test-delivered');
  });

  test('the dispatch history lists the delivery', async () => {
    await session.editor.runCommand('Notify: Show Dispatch History');
    const row = session.editor.page.locator('.monaco-list-row', { hasText: /webhook — 200/ });
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    const notifier = session.editor.page.locator('.monaco-list-row', { hasText: /^Local hook/ });
    assert.match(await notifier.first().innerText(), /1 sent/);
    assert.match(await row.first().innerText(), new RegExp(`127\\.0\\.0\\.1:${session.receiver.port}/hooks/deploy`));
    await session.editor.screenshot('dispatch-history');
  });

  test('the language server comes back after it crashes', async () => {
    const scratch = dirname(session.editor.userDataDir);
    const before = languageServerPids(scratch);
    assert.equal(before.length, 1, `one language server runs: ${before.join(', ')}`);
    process.kill(before[0]!, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    let after: number[] = [];
    while (Date.now() < deadline) {
      after = languageServerPids(scratch).filter((pid) => pid !== before[0]);
      if (after.length) break;
      await session.editor.page.waitForTimeout(500);
    }
    assert.equal(after.length, 1, 'a new server process was started');
    // And it works: a new mistake is reported.
    await openFromExplorer(session.editor.page, 'broken.notify');
    await session.editor.goTo(5, 32);
    await session.editor.page.keyboard.type('X');
    await session.editor.readProblems();
    let rows = await problemRows(session.editor.page);
    for (let i = 0; i < 60 && !rows.some((r) => r.text.includes('PackagIdX')); i++) {
      await session.editor.page.waitForTimeout(1000);
      rows = await problemRows(session.editor.page);
    }
    await session.editor.screenshot('server-restarted');
    assert.ok(rows.some((r) => r.text.includes('$PackagIdX') && r.text.includes('NTF102')), JSON.stringify(rows));
  });
});

describe('Notify extension in an untrusted (Restricted Mode) workspace', () => {
  const session = editorSession(false, 'extension-untrusted');

  test('Send Test is refused with the reason and a way to trust the folder; nothing is sent', async () => {
    await openFromExplorer(session.editor.page, 'alerts.notify');
    await waitForExtension(session.editor.page, 'alerts.notify');
    await session.editor.runCommand('Notify: Send Test Notification');
    const toast = await waitForNotification(session.editor.page, /not trusted/);
    assert.match(toast, /sending test notifications is off/);
    assert.match(toast, /Manage Workspace Trust/);
    await session.editor.screenshot('untrusted-send-refused');
    await session.editor.page.waitForTimeout(2000);
    assert.equal(session.receiver.requests.length, 0);
  });

  test('the preview still works, marked as restricted', async () => {
    await session.editor.runCommand('Notify: Preview Payload');
    const frame = await webviewFrame(session.editor.page, '.slack .text');
    assert.match(await frame.locator('.slack .text').first().innerText(), /Acme\.Billing 4\.2\.0 was deployed/);
    assert.match(await frame.locator('.restricted').innerText(), /Restricted mode/);
    await session.editor.page.waitForTimeout(500);
    await session.editor.screenshot('untrusted-preview');
  });
});
