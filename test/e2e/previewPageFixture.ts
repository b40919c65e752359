// The preview page on its own in Chromium, for tests of what it draws: the
// real page (buildPreviewHtml, with its CSP) and the real webview script
// (dist/webview.js) served from 127.0.0.1, VS Code's acquireVsCodeApi()
// stood in by a recorder, and models built from a real render.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeText, renderForPreview } from '../../client/extension/engine';
import { fileOutline } from '../../client/extension/outline';
import { buildPreviewHtml, makeNonce } from '../../client/extension/preview/html';
import { buildPreviewModel, type PreviewModel, type PreviewSelection } from '../../client/extension/preview/model';
import { choicesFor, sanitize } from '../../client/extension/preview/selection';
import { repoRoot } from './harness';

/** The model the extension would post for `text` (read from `path` when it is undefined) and `selection`. */
export function previewModelOf(source: { text: string; path?: string } | { path: string }, fileName: string, selection: PreviewSelection = {}): PreviewModel {
  const text = 'text' in source ? source.text : readFileSync(source.path, 'utf8');
  const analysis = analyzeText(text, source.path, repoRoot);
  const outline = fileOutline(analysis.file);
  const chosen = sanitize(selection, outline);
  const outcome = renderForPreview(text, analysis, chosen);
  assert.deepEqual(outcome.problems, []);
  return buildPreviewModel({
    fileName,
    selection: chosen,
    choices: choicesFor(outline, chosen),
    deliveries: outcome.deliveries,
    problems: outcome.problems,
    skipped: outcome.skipped,
    restricted: false,
  });
}

export interface PreviewPage {
  readonly page: Page;
  /** The page's console and uncaught errors, for failure messages. */
  readonly consoleLines: string[];
  /** Every request the page made to anywhere but 127.0.0.1 (there must be none). */
  readonly remoteRequests: string[];
  /** Posts `model` as the extension does and waits until a message is drawn. */
  show(model: PreviewModel): Promise<void>;
  close(): Promise<void>;
}

export async function openPreviewPage(): Promise<PreviewPage> {
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    const listening: Server = (server = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(buildPreviewHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css` }));
      } else if (req.url === '/webview.js' || req.url === '/webview.css') {
        res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'text/css' });
        res.end(readFileSync(join(repoRoot, 'dist', req.url.slice(1))));
      } else {
        res.writeHead(404).end();
      }
    }));
    await new Promise<void>((r) => listening.listen(0, '127.0.0.1', r));
    browser = await chromium.launch({ executablePath: process.env.NOTIFY_E2E_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const consoleLines: string[] = [];
    const remoteRequests: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1')) remoteRequests.push(r.url());
    });
    // VS Code gives webviews acquireVsCodeApi(); this stand-in records what the page posts.
    // (A string: tsx would wrap a function's inner names in a helper the page does not have.)
    await page.addInitScript(`
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });
    `);
    await page.goto(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/`);
    const opened = browser;
    return {
      page,
      consoleLines,
      remoteRequests,
      async show(model) {
        await page.evaluate((data) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage({ type: 'model', model: data }, '*'), model);
        await page
          .locator('.delivery')
          .first()
          .waitFor({ timeout: 30_000 })
          .catch((e: Error) => {
            throw new Error(`${e.message}\npage console:\n${consoleLines.join('\n')}`);
          });
      },
      async close() {
        await opened.close();
        await new Promise<void>((r) => listening.close(() => r()));
      },
    };
  } catch (e) {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    throw e;
  }
}
