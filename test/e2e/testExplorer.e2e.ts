// notify test in VS Code's Test Explorer (code-server): the items per
// notifier × sample, a run that fails on a changed render and passes the
// rest, and Accept Snapshot writing that case's render into NAME.notify.snap.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../grammar/analyze';
import { testCases } from '../../client/snapshots/cases';
import { snapshotText } from '../../client/snapshots/snapshot';
import { startEditor, timeouts, type Editor } from './harness';

const source = (text: string) => `notifier "Pkg" {
    on package.added;
    slack {
        url  = $Secret("slack-x");
        text = "${text} $PackageId";
    }
}

sample "one" for package.added { $PackageId = "A.B"; }
sample "two" for package.added { $PackageId = "C.D"; }
`;

const noImports = { readImport: () => ({ error: 'no imports here' }) };
const snapshotOf = (text: string) => snapshotText('pkg.notify', testCases(analyze(text, noImports)));

describe('Test Explorer (code-server)', () => {
  let editor: Editor;

  before(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'notify-tests-'));
    writeFileSync(join(folder, 'pkg.notify'), source('Added'));
    // The committed snapshot was taken before the text changed from "Published" to "Added".
    writeFileSync(join(folder, 'pkg.notify.snap'), snapshotOf(source('Published')));
    editor = await startEditor({ trusted: true, folder, label: 'test-explorer' });
    await editor.openFile('pkg.notify');
  });

  after(async () => {
    await editor?.close();
  });

  const row = (label: RegExp) => editor.page.locator('.test-explorer .monaco-list-row', { hasText: label });

  test('lists one test per notifier × sample and runs them: the changed render fails with a diff', async () => {
    // The testing commands appear once a test controller exists, i.e. once the extension is active.
    let titles: string[] = [];
    const until = Date.now() + timeouts.workbench;
    do {
      // The palette list is virtual: a narrow query keeps the wanted titles among the rows it draws.
      titles = [...(await editor.findCommands('Run All Tests')), ...(await editor.findCommands('Show Testing')), ...(await editor.findCommands('Test Explorer'))];
      if (titles.includes('Test: Run All Tests')) break;
      await new Promise((r) => setTimeout(r, 2000));
    } while (Date.now() < until);
    const show = ['View: Show Testing', 'Testing: Focus on Test Explorer View', 'Test: Focus on Test Explorer View'].find((t) => titles.includes(t));
    assert.ok(show, `no command shows the Testing view; the palette has: ${titles.join(' | ')}`);
    await editor.runCommand(show);
    await row(/pkg\.notify/).first().waitFor({ state: 'visible', timeout: timeouts.workbench });
    const runAll = ['Test: Run All Tests', 'Testing: Run All Tests'].find((t) => titles.includes(t));
    assert.ok(runAll, `no Run All Tests command; the palette has: ${titles.join(' | ')}`);
    await editor.runCommand(runAll);
    // Expand the file to show its cases.
    const file = row(/pkg\.notify/).first();
    await editor.screenshot('test-explorer-after-run');
    // Expand the file: select its row and press →, as a keyboard user does.
    if ((await file.getAttribute('aria-expanded')) !== 'true') {
      await file.click();
      await editor.page.keyboard.press('ArrowRight');
    }
    const one = row(/"Pkg" × sample "one"/).first();
    const two = row(/"Pkg" × sample "two"/).first();
    await one.waitFor({ state: 'visible', timeout: timeouts.action });
    await two.waitFor({ state: 'visible', timeout: timeouts.action });
    await editor.page.waitForFunction(
      `[...document.querySelectorAll('.test-explorer .monaco-list-row')].some((r) => /Failed/i.test(r.getAttribute('aria-label') || ''))`,
      undefined,
      { timeout: timeouts.action },
    );
    assert.match((await one.getAttribute('aria-label')) ?? '', /Failed/i);
    assert.match((await two.getAttribute('aria-label')) ?? '', /Failed/i);
    await editor.screenshot('test-explorer-failed');
  });

  test('Accept Snapshot writes that case\'s render; the case then passes', async () => {
    const one = row(/"Pkg" × sample "one"/).first();
    const snapPath = join(editor.folder, 'pkg.notify.snap');
    const before = readFileSync(snapPath, 'utf8');
    // VS Code's context menu ignores a click that comes right after it opened (the right button's
    // release must not choose an item), so choose the item until the snapshot file changes.
    for (let attempt = 0; attempt < 5 && readFileSync(snapPath, 'utf8') === before; attempt++) {
      if (attempt > 0) await editor.page.keyboard.press('Escape');
      await one.click({ button: 'right' });
      const accept = editor.page.locator('.context-view .action-label', { hasText: 'Accept Snapshot' }).first();
      await accept.waitFor({ state: 'visible' });
      await accept.hover();
      await accept.click();
      const changedBy = Date.now() + 5000;
      while (readFileSync(snapPath, 'utf8') === before && Date.now() < changedBy) await new Promise((r) => setTimeout(r, 200));
    }
    const expectedOneAccepted = (() => {
      const now = snapshotOf(source('Added'));
      const old = snapshotOf(source('Published'));
      // Case "one" from the new render, case "two" as the old snapshot had it.
      const blocks = (text: string) => text.trimEnd().split(/\n\n(?=## )/);
      const take = (text: string, which: string) => blocks(text).filter((b) => b.startsWith(`## "Pkg" × sample "${which}"`));
      return [blocks(now)[0], ...take(now, 'one'), ...take(old, 'two')].join('\n\n') + '\n';
    })();
    const deadline = Date.now() + timeouts.action;
    while (readFileSync(snapPath, 'utf8') !== expectedOneAccepted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(readFileSync(snapPath, 'utf8'), expectedOneAccepted);
    await editor.page.waitForFunction(
      `[...document.querySelectorAll('.test-explorer .monaco-list-row')].some((r) => /sample "one"/.test(r.textContent || '') && /Passed/i.test(r.getAttribute('aria-label') || ''))`,
      undefined,
      { timeout: timeouts.action },
    );
    await editor.screenshot('test-explorer-accepted');
  });
});
