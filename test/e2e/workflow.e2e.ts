// Issue 16's editor workflow, in code-server: the walkthrough's first send
// goes to Notify's own local receiver (no dialog, no setting changed) and
// shows up in its output; a signed notifier's signature verifies there with
// its secret masked; the preview fills its variables from a captured event
// (and reports one that does not fit the catalog) and shows an edge-case
// fixture; stopping the receiver frees its port.
// Screenshots: test-artifacts/workflow/.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { answerFileDialog, openFromExplorer, pickQuickItem, waitForExtension, waitForNotification, waitForText, webviewFrame } from './extensionHelpers';
import { repoRoot, startEditor, type Editor } from './harness';

const SIGNING_SECRET = 'e2e-signing-k3y-7f3a91';

const SIGNED = `notifier "Signed hook" {
    on package.added;

    webhook {
        url     = "https://soar.example.com/hooks/signed";
        signing = %(scheme: "hmac-sha256", secret: $Secret("receiver-signing"));
        body    = $ToJson(%(package: $PackageId, leak: $Secret("receiver-signing")));
    }
}

sample "signed" for package.added {
    $PackageId = "Notify.Signed";
}
`;

/**
 * The whole text of the output "Notify Local Receiver", from the file VS Code
 * keeps it in (the panel shows only the lines in view).
 */
function receiverLog(editor: Editor): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('Notify Local Receiver.log')) found.push(path);
    }
  };
  if (existsSync(editor.logsDir)) walk(editor.logsDir);
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** Is something listening on 127.0.0.1:port? */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path: '/probe', timeout: 5000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

describe('local receiver, event from file and fixtures in the editor', () => {
  let editor: Editor;
  let examples: string;
  let port = 0;

  before(async () => {
    examples = join(mkdtempSync(join(tmpdir(), 'notify-workflow-')), 'examples');
    cpSync(join(repoRoot, 'examples'), examples, { recursive: true });
    writeFileSync(join(examples, 'signed-receiver.notify'), SIGNED);
    writeFileSync(join(examples, 'captured', 'wrong-types.json'), '{\n  "event": "package.promoted",\n  "variables": {\n    "PackageId": 42\n  }\n}\n');
    editor = await startEditor({
      folder: examples,
      label: 'workflow',
      // As npm start sets it, but any free port: other sessions may hold 8787.
      settings: { 'workbench.welcomePage.walkthroughs.openOnInstall': true, 'notify.walkthrough.openOnFirstRun': true, 'notify.localReceiver.port': 0 },
      env: { NOTIFY_SECRET_RECEIVER_SIGNING: SIGNING_SECRET },
    });
  });

  after(async () => {
    await editor?.close();
    if (examples) rmSync(join(examples, '..'), { recursive: true, force: true });
  });

  test('the walkthrough\'s first send reaches the local receiver, with no question and no setting changed', async () => {
    const page = editor.page;
    await page.locator('.gettingStartedContainer', { hasText: 'Get started with Notify' }).first().waitFor({ state: 'visible', timeout: 120_000 });
    await page.locator('.getting-started-step', { hasText: 'Send a test notification' }).first().click();
    const link = page.locator('.getting-started-step .monaco-button, .getting-started-step a', { hasText: 'Start Local Receiver and Send' });
    await link.first().waitFor({ state: 'visible', timeout: 60_000 });
    await editor.screenshot('1-walkthrough-step');
    await link.first().click();
    // No .notify editor is open yet: the workspace's files are offered.
    await pickQuickItem(page, /local-receiver\.notify/, 120_000);
    await pickQuickItem(page, /sample "first test"/);
    const out = await waitForText(async () => receiverLog(editor), /#1 POST \/hooks\/notify -> 200/, 60_000);
    port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
    assert.ok(port > 0 && port !== 8787, `a free port, as notify.localReceiver.port says (got ${port})`);
    assert.match(out, /"package": "Notify\.FirstTest"/);
    assert.match(out, /x-notify-event: package\.added/);
    await waitForNotification(page, /delivered: status 200/);
    assert.equal(await page.locator('.monaco-dialog-box').isVisible().catch(() => false), false, 'nothing was asked');
    assert.equal(await page.locator('.statusbar-item', { hasText: `Receiver :${port}` }).count(), 1, 'the status bar shows the receiver');
    await editor.screenshot('2-first-send-arrived');
    // The private-network setting was not turned on to get there.
    const settings = readFileSync(join(editor.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.doesNotMatch(settings, /allowPrivateNetworks/);
  });

  test('a signed notifier: the signature verifies at the receiver and its secret is masked in what is shown', async () => {
    const page = editor.page;
    await openFromExplorer(page, 'signed-receiver.notify');
    await waitForExtension(page, 'signed-receiver.notify');
    await editor.runCommand('Notify: Send to Local Receiver');
    await pickQuickItem(page, /sample "signed"/);
    const out = await waitForText(async () => receiverLog(editor), /POST \/hooks\/signed -> 200[\s\S]*signature hmac-sha256: valid[\s\S]*"leak"/, 60_000);
    assert.match(out, /x-notify-signature: sha256=‹masked›/);
    assert.match(out, /"leak": "‹secret:receiver-signing›"/);
    assert.ok(!out.includes(SIGNING_SECRET), 'the secret is never shown');
    await editor.screenshot('3-signed-send-verified');
  });

  test('preview: Use event from file… fills the variables from a captured event', async () => {
    const page = editor.page;
    await openFromExplorer(page, 'packages.notify');
    await waitForExtension(page, 'packages.notify');
    await editor.runCommand('Notify: Preview Payload');
    const frame = await webviewFrame(page, '.event-source');
    await frame.locator('.event-source button', { hasText: 'Use event from file…' }).click();
    // code-server's own file dialog: a path in the quick input.
    await answerFileDialog(page, join(editor.folder, 'captured', 'package-promoted.json'));
    await waitForText(() => frame.locator('#toolbar').innerText(), /Using event from captured\/package-promoted\.json/, 60_000);
    const content = await waitForText(() => frame.locator('#content').innerText(), /Contoso\.Payments/, 60_000);
    assert.match(content, /package\.promoted/);
    await editor.screenshot('4-event-from-file');
  });

  test('preview: a captured event that does not fit the catalog is reported, not coerced', async () => {
    const page = editor.page;
    const frame = await webviewFrame(page, '.event-source');
    await frame.locator('.event-source button', { hasText: 'Use event from file…' }).click();
    await answerFileDialog(page, join(editor.folder, 'captured', 'wrong-types.json'));
    const problems = await waitForText(
      () => frame.locator('.problems').first().innerText(),
      /wrong-types\.json:4:18: error: \$PackageId: expected a string, found the number 42/,
      60_000,
    );
    assert.match(problems, /nothing rendered/);
    assert.equal(await frame.locator('.delivery').count(), 0);
    await editor.screenshot('5-event-file-type-mismatch');
  });

  test('preview: one click shows a fixture — special characters reach a header as a line break', async () => {
    const page = editor.page;
    const frame = await webviewFrame(page, '.event-source');
    await frame.locator('.event-source button', { hasText: 'Special characters' }).click();
    await waitForText(() => frame.locator('#toolbar').innerText(), /Using fixture "special"/, 60_000);
    await waitForText(() => frame.locator('.problems').first().innerText(), /X-Feed contains a line break/, 60_000);
    // The notifiers the fixture does not break still render, escaped for their service.
    const content = await waitForText(() => frame.locator('#content').innerText(), /second line/, 60_000);
    assert.match(content, /"double"/);
    await editor.screenshot('6-fixture-special');
    await frame.locator('.event-source button', { hasText: '500 items' }).click();
    await waitForText(() => frame.locator('#toolbar').innerText(), /Using fixture "many"/, 60_000);
    await frame.locator('.source-in-use button').click();
    await waitForText(async () => ((await frame.locator('#toolbar').innerText()).includes('Using') ? 'still' : 'back'), /^back$/, 60_000);
  });

  test('Stop Local Receiver frees its port', async () => {
    assert.ok(port > 0);
    assert.equal(await answers(port), true, 'the receiver listens before');
    await editor.runCommand('Notify: Stop Local Receiver');
    await waitForText(async () => String(await answers(port)), /^false$/, 30_000);
    await waitForText(async () => receiverLog(editor), /stopped/, 30_000);
    // The status bar item is hidden by the extension host a moment after the port is freed.
    await waitForText(async () => String(await editor.page.locator('.statusbar-item', { hasText: `Receiver :${port}` }).count()), /^0$/, 30_000);
  });
});
