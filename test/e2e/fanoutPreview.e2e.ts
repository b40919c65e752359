// The preview page with a fan-out and a digest (LANGUAGE.md 2.1, 2.2), in
// Chromium: the real page and webview script, fed the model of a real
// render of examples/cipp-fanout.notify. Every resulting message is shown,
// each labelled with its item or group and the notifier's scope.
// Needs `npm run build` (dist/webview.js) and Chromium.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openFromExplorer, waitForExtension, waitForText, webviewFrame } from './extensionHelpers';
import { artifactsDir, repoRoot, startEditor, type Editor } from './harness';
import { openPreviewPage, previewModelOf, type PreviewPage } from './previewPageFixture';

const PATH = join(repoRoot, 'examples/cipp-fanout.notify');

const model = (notifier: string) => previewModelOf({ path: PATH }, 'cipp-fanout.notify', { notifier });

describe('fan-out and digest preview in Chromium', () => {
  let preview: PreviewPage;
  let page: PreviewPage['page'];
  before(async () => {
    preview = await openPreviewPage();
    page = preview.page;
  });
  after(async () => preview?.close());
  const show = (m: Parameters<PreviewPage['show']>[0]) => preview.show(m);

  test('a fan-out shows one Slack message per alert, each labelled with its item and scope', async () => {
    await show(model('CIPP alerts to Slack, one per alert'));
    const sections = page.locator('section.delivery');
    await page.waitForFunction("document.querySelectorAll('section.delivery').length === 2");
    assert.deepEqual(await sections.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { part?: string } }).dataset.part)), ['item 1', 'item 2']);
    const headings = await page.locator('section.delivery h2').allInnerTexts();
    assert.ok(headings.every((h) => /scope tenant/.test(h)), headings.join(' | '));
    const texts = await page.locator('section.delivery .slack').allInnerTexts();
    assert.match(texts[0]!, /admin@contoso/);
    assert.match(texts[1]!, /helpdesk@contoso/);
    mkdirSync(join(artifactsDir, 'fanout-preview'), { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'fanout-preview', 'fan-out.png'), fullPage: true });
  });

  test('a digest shows one email per tenant with its count', async () => {
    await show(model('CIPP alerts by email, one per tenant'));
    await page.waitForFunction("[...document.querySelectorAll('section.delivery')].every((e) => (e.dataset.part || '').startsWith('group'))");
    const parts = await page.locator('section.delivery').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { part?: string } }).dataset.part));
    assert.deepEqual(parts, ['group "contoso.onmicrosoft.com" · 2 events', 'group "fabrikam.onmicrosoft.com" · 1 event']);
    assert.match((await page.locator('section.delivery .email').first().innerText()), /2 alert run\(s\) for contoso/);
    await page.screenshot({ path: join(artifactsDir, 'fanout-preview', 'digest.png'), fullPage: true });
  });
});

// The same example in the full workbench (code-server): open the file, open
// the preview, and switch between the fan-out's and the digest's messages
// with the preview's own Notifier and Example choices.
describe('fan-out and digest preview in the workbench', () => {
  let editor: Editor;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'notify-fanout-ws-'));
    copyFileSync(PATH, join(folder, 'cipp-fanout.notify'));
    editor = await startEditor({ folder, label: 'fanout-workbench', settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
  });
  after(async () => {
    await editor?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /**
   * The `data-part` of every message the preview shows, once it shows `count`
   * of them. Read attribute by attribute: the webview's CSP forbids the
   * evaluated scripts `waitForFunction`/`evaluateAll` would run.
   */
  async function parts(frame: Awaited<ReturnType<typeof webviewFrame>>, count: number): Promise<string[]> {
    const sections = frame.locator('section.delivery');
    await waitForText(async () => String(await sections.count()), new RegExp(`^${count}$`), 60_000);
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push((await sections.nth(i).getAttribute('data-part')) ?? '');
    return out;
  }

  test('the preview of the example shows every message; choosing the notifier and the sample switches them', async () => {
    await openFromExplorer(editor.page, 'cipp-fanout.notify');
    await waitForExtension(editor.page, 'cipp-fanout.notify');
    await editor.runCommand('Notify: Preview Payload');
    const frame = await webviewFrame(editor.page, '#notify-notifier');

    // The fan-out: one Slack message per alert of the first matching sample.
    await frame.selectOption('#notify-notifier', { label: 'CIPP alerts to Slack, one per alert' });
    assert.deepEqual(await parts(frame, 2), ['item 1', 'item 2']);
    await waitForText(() => frame.locator('section.delivery .slack').nth(1).innerText(), /helpdesk@contoso/);
    await editor.screenshot('fan-out');

    // Another sample: its one alert, one message.
    await frame.selectOption('#notify-example', { label: 'sample "fabrikam forwarding" (alert.raised)' });
    assert.deepEqual(await parts(frame, 1), ['item 1']);
    await waitForText(() => frame.locator('section.delivery .slack').first().innerText(), /ceo@fabrikam\.com/);

    // The digest: the default choice names the batch, one email per tenant.
    await frame.selectOption('#notify-notifier', { label: 'CIPP alerts by email, one per tenant' });
    await waitForText(async () => (await frame.locator('#notify-example option').first().innerText()).trim(), /^digest: 3 events by \$Tenant$/);
    assert.deepEqual(await parts(frame, 2), ['group "contoso.onmicrosoft.com" · 2 events', 'group "fabrikam.onmicrosoft.com" · 1 event']);
    await editor.screenshot('digest');
  });
});
