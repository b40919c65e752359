// A new user's first run, as `npm start` sets it up: the examples folder
// trusted and without the AI chat panel, the walkthrough "Get started with
// Notify" opening by itself, and its first send going to a receiver on this
// machine — allowed from the refusal itself, no settings to hunt for — then
// shown in the Dispatch History. The receiver is a real HTTP server on
// 127.0.0.1 that this test starts; examples/local-receiver.notify is pointed
// at its port in the copy the editor opens. Screenshots: test-artifacts/walkthrough/.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { answerDialog, openFromExplorer, pickQuickItem, startReceiver, waitForExtension, waitForNotification, type Receiver } from './extensionHelpers';
import { repoRoot, startEditor, type Editor } from './harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('first run: from the walkthrough to a first test send in the history', () => {
  let receiver: Receiver;
  let editor: Editor;
  let examples: string;

  before(async () => {
    receiver = await startReceiver();
    examples = join(mkdtempSync(join(tmpdir(), 'notify-first-run-')), 'examples');
    cpSync(join(repoRoot, 'examples'), examples, { recursive: true });
    const file = join(examples, 'local-receiver.notify');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /http:\/\/127\.0\.0\.1:8787\//, 'the shipped example aims at the local receiver port');
    writeFileSync(file, text.replace('http://127.0.0.1:8787/', `${receiver.url}/`));
    editor = await startEditor({
      folder: examples,
      label: 'walkthrough',
      // What npm start sets (scripts/start.mjs): trusted, no chat panel; and
      // unlike the other e2e tests, walkthroughs open as for a new user.
      settings: { 'workbench.welcomePage.walkthroughs.openOnInstall': true, 'notify.walkthrough.openOnFirstRun': true },
    });
  });

  after(async () => {
    await editor?.close();
    await receiver?.close();
    if (examples) rmSync(join(examples, '..'), { recursive: true, force: true });
  });

  test('the examples open trusted and uncluttered, with the walkthrough', async () => {
    const page = editor.page;
    // Activation (workspaceContains:**/*.notify) opens the walkthrough once.
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get started with Notify' });
    await walkthrough.first().waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal(await page.locator('.statusbar-item', { hasText: /Restricted Mode/ }).count(), 0, 'not in Restricted Mode');
    assert.equal(await page.locator('.part.auxiliarybar').isVisible().catch(() => false), false, 'no secondary side bar (chat)');
    await page.locator('.getting-started-step', { hasText: 'Send a test notification' }).first().click();
    await page.waitForTimeout(1000);
    await editor.screenshot('1-walkthrough');
  });

  test('the first send to the local receiver asks to allow it once or for the workspace, then delivers', async () => {
    const page = editor.page;
    await openFromExplorer(page, 'local-receiver.notify');
    await waitForExtension(page, 'local-receiver.notify');
    await editor.runCommand('Notify: Send Test Notification');
    // Two kinds of data fit: the file's sample and the catalog example.
    await pickQuickItem(page, /sample "first test"/);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await editor.screenshot('2-allow-local-receiver');
    const question = await answerDialog(page, 'Allow in This Workspace and Send');
    assert.match(question, new RegExp(`127\\.0\\.0\\.1:${receiver.port}`));
    assert.match(question, /private or loopback address/);
    const request = await receiver.nextRequest(60_000);
    assert.equal(request.url, '/hooks/notify');
    const body = JSON.parse(request.body) as { package: string; id: string };
    assert.equal(body.package, 'Notify.FirstTest');
    assert.match(String(request.headers['x-notify-event-id']), UUID);
    assert.equal(body.id, request.headers['x-notify-event-id'], '$EventId is the id of this send');
    await waitForNotification(page, /delivered: status 200/);
    await editor.screenshot('3-delivered');
  });

  test('a second send is not asked again and is a new event', async () => {
    await editor.runCommand('Notify: Send Test Notification');
    await pickQuickItem(editor.page, /sample "first test"/);
    const deadline = Date.now() + 60_000;
    while (receiver.requests.length < 2 && Date.now() < deadline) {
      assert.equal(await editor.page.locator('.monaco-dialog-box').isVisible().catch(() => false), false, 'no second question');
      await editor.page.waitForTimeout(250);
    }
    assert.equal(receiver.requests.length, 2);
    assert.notEqual(receiver.requests[1]!.headers['x-notify-event-id'], receiver.requests[0]!.headers['x-notify-event-id']);
  });

  test('the Dispatch History, in its own view container, shows both sends', async () => {
    const page = editor.page;
    await editor.runCommand('Notify: Show Dispatch History');
    const notifier = page.locator('.monaco-list-row', { hasText: /^Local test/ });
    await notifier.first().waitFor({ state: 'visible', timeout: 30_000 });
    for (let i = 0; i < 40 && !/2 sent/.test(await notifier.first().innerText()); i++) await page.waitForTimeout(250);
    assert.match(await notifier.first().innerText(), /2 sent · last ok/);
    const rows = page.locator('.monaco-list-row', { hasText: /webhook — 200/ });
    assert.equal(await rows.count(), 2);
    assert.equal(await page.locator('.activitybar .action-item .action-label[aria-label^="Notify"]').count(), 1, 'the Notify icon in the activity bar');
    await editor.screenshot('4-dispatch-history');
    // The editor and `notify send` share one history file at the workspace root.
    const lines = readFileSync(join(editor.folder, '.notify', 'history.jsonl'), 'utf8').split('\n').filter(Boolean);
    const entries = lines.map((l) => JSON.parse(l) as { notifier?: string }).filter((e) => e.notifier === 'Local test');
    assert.equal(entries.length, 2);
  });

  test('the shipped examples show no unexpected (red) brackets around template tags', async () => {
    const page = editor.page;
    await openFromExplorer(page, 'vulnerabilities.notify');
    // Bracket pair colouring runs on the TextMate tokens; give it a moment after opening.
    await page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: '<% } %>' }).first().waitFor({ state: 'visible' });
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.editor-instance .monaco-editor .unexpected-closing-bracket').count(), 0);
    await editor.screenshot('5-template-tags-brackets');
  });
});
