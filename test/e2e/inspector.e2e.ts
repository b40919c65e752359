// The send inspector in a real VS Code (code-server): after a Send test
// from the CodeLens, the open preview's Inspector section shows each
// attempt — the request with secrets masked, the signed text, the reply
// (a 503 with Retry-After, then 200), timings and why the retry came.
// Screenshot: test-artifacts/inspector/inspector.png.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HttpReceiver } from '../support/httpReceiver';
import { answerDialog, clickCodeLens, openFromExplorer, pickQuickItem, waitForExtension, waitForText, webviewFrame } from './extensionHelpers';
import { startEditor, type Editor } from './harness';

const SIGNING = 'e2e-signing-secret-0123';
const TOKEN = 'e2e-token-QWERTY-98765';

describe('send inspector', () => {
  let receiver: HttpReceiver;
  let folder: string;
  let editor: Editor;

  before(async () => {
    receiver = await HttpReceiver.start();
    // The first attempt is refused for a while, the second delivered; the receiver echoes the token to prove masking.
    receiver.reply(
      { status: 503, headers: { 'Retry-After': '2', 'Content-Type': 'text/plain' }, body: `busy; you sent Bearer ${TOKEN}` },
      { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' },
    );
    folder = mkdtempSync(join(tmpdir(), 'notify-inspector-ws-'));
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'notify.allowPrivateNetworks': true }, null, 2));
    writeFileSync(
      join(folder, 'inspect.notify'),
      `notifier "Signed hook" {
    on package.deployed;
    webhook {
        url     = "${receiver.url('/hooks/deploy')}";
        auth    = %(scheme: "bearer", token: $Secret("hook-token"));
        signing = %(scheme: "hmac-sha256", secret: $Secret("hook-signing"));
        retries = 2;
        backoff = @(1s);
        body    = $ToJson(%(package: $PackageId, version: $PackageVersion));
    }
}

sample "release" for package.deployed {
    $PackageId = "Acme.Billing";
    $PackageVersion = "4.2.0";
}
`,
    );
    editor = await startEditor({
      trusted: true,
      folder,
      label: 'inspector',
      env: { NOTIFY_SECRET_HOOK_TOKEN: TOKEN, NOTIFY_SECRET_HOOK_SIGNING: SIGNING },
      settings: { 'notify.allowPrivateNetworks': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    });
  });
  after(async () => {
    await editor?.close();
    await receiver?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('after a Send test, the preview shows every attempt with secrets masked', async () => {
    const page = editor.page;
    await openFromExplorer(page, 'inspect.notify');
    await waitForExtension(page, 'inspect.notify');
    await editor.runCommand('Notify: Preview Payload');
    const frame = await webviewFrame(page, '#inspector');
    assert.match(await frame.locator('#inspector').innerText(), /After a Send test/);

    // Back to the editor, then the CodeLens (the preview keeps showing).
    await openFromExplorer(page, 'inspect.notify');
    await clickCodeLens(page, 'Send test', 0);
    await pickQuickItem(page, /sample "release"/);
    await answerDialog(page, 'Send');

    await waitForText(() => frame.locator('#inspector').innerText(), /1 of 1 delivered/, 90_000);
    assert.equal(receiver.requests.length, 2);
    const attempts = frame.locator('#inspector .attempt');
    assert.equal(await attempts.count(), 2);
    const first = await attempts.nth(0).innerText();
    const second = await attempts.nth(1).innerText();
    assert.match(first, /Attempt 1\/2 · 503 · failed/);
    assert.match(first, /Authorization:\s*Bearer ‹secret:hook-token›/);
    assert.match(first, /busy; you sent Bearer ‹secret:hook-token›/);
    assert.match(first, /Retried: the receiver answered 503; 503 is retried \(408, 429 and 5xx are\); waiting 2s, as the receiver asked/);
    assert.match(second, /Attempt 2\/2 · 200 · delivered/);
    // The signed text is exactly what the receiver got, and its signature checks.
    const signed = (await attempts.nth(1).locator('pre.signed').innerText()).trim();
    const got = receiver.requests[1]!;
    assert.equal(signed, got.body);
    assert.equal(got.headers['x-notify-signature'], 'sha256=' + createHmac('sha256', SIGNING).update(got.rawBody).digest('hex'));
    const all = await frame.locator('#inspector').innerText();
    assert.ok(!all.includes(TOKEN) && !all.includes(SIGNING), 'no secret value in the inspector');
    await editor.runCommand('Notifications: Clear All Notifications');
    // The Inspector's heading at the top of the panel (below the sticky toolbar), the first attempt below it.
    await frame.locator('#inspector > header').evaluate((h: { scrollIntoView(o: { block: string }): void }) => h.scrollIntoView({ block: 'start' }));
    await editor.screenshot('inspector');
  });
});
