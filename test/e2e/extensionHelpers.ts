// Helpers for the extension's end-to-end tests (on top of ./harness): a real
// local HTTP receiver, a workspace that points at it, and access to what the
// workbench shows (webview frames, notifications, dialogs, the editor text).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Receiver {
  readonly port: number;
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Resolves with the next request (or one already received). */
  nextRequest(timeoutMs: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers 200 `{"ok":true}`. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiting: ((r: ReceivedRequest) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      for (const w of waiting.splice(0)) w(r);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"received":"yes"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    nextRequest(timeoutMs) {
      if (requests.length) return Promise.resolve(requests[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no request reached the receiver within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A workspace with three files: `alerts.notify` (a Slack notifier, for the
 * preview, and a webhook notifier aimed at the local receiver), `broken.notify`
 * (one unknown variable) and `typing.notify` (for completion).
 */
export function makeExtensionWorkspace(receiverUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'notify-ext-ws-'));
  // In a remote window (code-server) machine-scoped settings such as this one
  // are not read from the browser-side user settings; the folder's settings
  // apply (in a trusted folder only: it is a restricted setting).
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'notify.allowPrivateNetworks': true }, null, 2));
  writeFileSync(
    join(dir, 'alerts.notify'),
    `# Deployment notifications
notifier "Deploy to Slack" {
    on package.deployed;
    slack {
        url    = $Secret("slack-deploys");
        text   = "*$PackageId* $PackageVersion was deployed by _\${UserName}_ to <https://status.example.com|production>";
        color  = "good";
        fields = %(Feed: $FeedName, Version: $PackageVersion);
    }
}

notifier "Local hook" {
    on package.deployed;
    webhook {
        url     = "${receiverUrl}/hooks/deploy";
        retries = 0;
        body    = $ToJson(%(package: $PackageId, version: $PackageVersion));
    }
}

sample "release" for package.deployed {
    $PackageId = "Acme.Billing";
    $PackageVersion = "4.2.0";
}
`,
  );
  writeFileSync(
    join(dir, 'broken.notify'),
    `notifier "Typo" {
    on package.added;
    webhook {
        url  = "https://hooks.example.com/x";
        body = "added $PackagId";
    }
}
`,
  );
  writeFileSync(
    join(dir, 'typing.notify'),
    `notifier "Typing" {
    on package.added;
    webhook {
        url  = "https://hooks.example.com/x";
        body = "";
    }
}
`,
  );
  return dir;
}

/**
 * The webview frame that has `selector` (webviews are iframes inside
 * iframes; page.frames() lists them all). Polls until it appears.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // a frame that navigated away meanwhile
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame shows ${selector} after ${timeoutMs} ms`);
}

/** Waits for a notification toast whose text matches, and returns its text. */
export async function waitForNotification(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: pattern });
  await toast.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.first().innerText()).trim();
}

/** Clicks a button of the modal dialog that is open (e.g. the send confirmation); returns the dialog's text. */
export async function answerDialog(page: Page, button: string, timeoutMs = 30_000): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  const text = (await dialog.innerText()).trim();
  await dialog.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
  return text;
}

/** The visible text of the active editor (Monaco renders lines as .view-line). */
export async function activeEditorText(page: Page): Promise<string> {
  // Typed structurally: this project's type library has no DOM.
  type Line = { textContent: string | null; style: { top: string } };
  type Lines = { querySelectorAll(selector: string): ArrayLike<Line> };
  return page
    .locator('.editor-instance .monaco-editor .view-lines')
    .first()
    .evaluate((el: Lines) =>
      Array.from(el.querySelectorAll('.view-line'))
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('\n'),
    );
}

/** Shows the Explorer: another view container (the Notify view, Search) may own the side bar. */
export async function showExplorer(page: Page): Promise<void> {
  if (await page.locator('.explorer-folders-view').first().isVisible().catch(() => false)) return;
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>View: Show Explorer');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^View: Show Explorer/ }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/**
 * Opens a file by clicking it in the Explorer. (The harness's openFile
 * waits for the active tab by text, which also matches the preview's tab
 * "Preview <file>", and Quick Open's file search can lag on a busy machine.)
 */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  });
  await showExplorer(page);
  await row.first().waitFor({ state: 'visible', timeout: 60_000 });
  await row.first().click();
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Clicks the CodeLens with this title above the notifier whose name is given. */
export async function clickCodeLens(page: Page, title: string, index: number): Promise<void> {
  const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: title }).nth(index);
  await lens.waitFor({ state: 'visible', timeout: 60_000 });
  await lens.click();
}

/**
 * Waits until the extension is active: its status bar entry ("Notify: N
 * notifiers") shows for the active .notify editor. On a busy machine the
 * remote extension host can miss VS Code's 60 s start-up deadline; the
 * workbench then shows a dialog and never activates extensions, so the page
 * is reloaded (a new extension host) and the file reopened, up to `reloads` times.
 */
export async function waitForExtension(page: Page, file: string, { timeoutMs = 120_000, reloads = 2 } = {}): Promise<void> {
  const status = page.locator('.statusbar-item', { hasText: /Notify: \d+ notifiers?/ });
  for (let attempt = 0; ; attempt++) {
    const deadline = Date.now() + timeoutMs;
    let hostFailed = false;
    while (Date.now() < deadline) {
      if (await status.first().isVisible().catch(() => false)) return;
      const dialog = page.locator('.monaco-dialog-box', { hasText: /extension host/i });
      if (await dialog.first().isVisible().catch(() => false)) {
        hostFailed = true;
        break;
      }
      await page.waitForTimeout(500);
    }
    if (attempt >= reloads) throw new Error(`the Notify extension did not activate (extension host ${hostFailed ? 'failed to start' : 'too slow'})`);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await openFromExplorer(page, file);
  }
}

/** Rows of the Problems view as shown (message, source and code, position) with their accessible labels. */
export async function problemRows(page: Page): Promise<{ text: string; label: string }[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  const out: { text: string; label: string }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({ text: (await row.innerText()).replace(/\s+/g, ' ').trim(), label: (await row.getAttribute('aria-label')) ?? '' });
  }
  return out;
}

/**
 * Polls a locator's text until it matches. (Webview pages forbid eval by
 * their CSP, so playwright's string-based waitForFunction cannot run there.)
 */
export async function waitForText(read: () => Promise<string>, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await read().catch(() => '');
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`text did not match ${pattern} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

/** Picks the item of the open quick pick whose label matches. */
export async function pickQuickItem(page: Page, label: RegExp, timeoutMs = 30_000): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label });
  await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
  await row.first().click();
}

/** PIDs of the Notify language servers started from an extensions folder under `scratchDir`. */
/**
 * Answers code-server's own (simple) file dialog with a path. The dialog
 * reads folders as the path is typed and can swallow an Enter that arrives
 * while it is still updating, so Enter is pressed until the dialog closes
 * with the typed value, never by a fixed sleep.
 */
export async function answerFileDialog(page: Page, path: string, timeoutMs = 60_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  await input.fill(path);
  while (await widget.isVisible()) {
    if (Date.now() > deadline) throw new Error(`the file dialog did not accept ${path} within ${timeoutMs} ms`);
    if ((await input.inputValue()) !== path) await input.fill(path);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  }
}

export function languageServerPids(scratchDir: string): number[] {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((line) => line.includes(scratchDir) && line.includes('dist/server.js'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}
