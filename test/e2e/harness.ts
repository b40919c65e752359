// End-to-end harness: a real VS Code workbench (code-server, see
// scripts/code-server.mjs) with the packaged extension installed, driven by
// Chromium through playwright-core.
//
//   const editor = await startEditor({ trusted: true });
//   await editor.openFile('sample.notify');
//   await editor.runCommand('Notify: Preview Payload');
//   await editor.screenshot('preview');
//   const problems = await editor.readProblems();
//   await editor.close();
//
// Each editor gets its own copy of the workspace folder, extensions folder
// and user-data folder, so tests never dirty the repository or each other.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  ensureAptPackages,
  installExtension,
  launchCodeServer,
  toolsDir,
  writeUserSettings,
  type RunningCodeServer,
} from '../../scripts/code-server.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'test-artifacts');
export const defaultWorkspace = join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace');
const chromiumPath = process.env.NOTIFY_E2E_CHROMIUM ?? '/usr/bin/chromium';

export interface EditorOptions {
  /**
   * true (default): workspace trust is switched off, everything runs.
   * false: trust is on and the folder is not trusted (Restricted Mode), as
   * a user sees a freshly cloned repository.
   */
  trusted?: boolean;
  /** Folder to open (copied first); default test/e2e/fixtures/workspace. */
  folder?: string;
  /** Extra user settings (merged over the harness's quiet defaults). */
  settings?: Record<string, unknown>;
  /** Extra environment of the server and its extension host (e.g. NOTIFY_SECRET_*). */
  env?: Record<string, string>;
  /** The .vsix to install; default notify-lang-<version>.vsix in the repository. */
  vsix?: string;
  /** More packaged extensions for this session only (e.g. the API test runner). */
  extraVsix?: string[];
  /** Name used for the artifacts folder of this session; default a time stamp. */
  label?: string;
}

export interface Problem {
  severity: 'error' | 'warning' | 'info' | 'hint' | 'unknown';
  message: string;
  /** e.g. "NTF102" when the diagnostic has a code. */
  code?: string;
  source?: string;
  /** File name the problem belongs to. */
  file: string;
  /** 1-based, when the row shows it. */
  line?: number;
  column?: number;
}

export interface TokenInfo {
  /** The token's text as the inspector shows it. */
  text: string;
  /** The language id at the position, e.g. "notify". */
  language: string;
  /** TextMate scopes, innermost first. */
  scopes: string[];
}

export interface Editor {
  page: Page;
  browser: Browser;
  /** Address of the workbench with the folder open. */
  url: string;
  /** The copy of the workspace folder the editor has open. */
  folder: string;
  /** VS Code's log folder (`<user-data>/logs`); read it before close(). */
  logsDir: string;
  userDataDir: string;
  /** Where this session's screenshots and logs are kept (under test-artifacts/). */
  artifacts: string;
  openFile(name: string): Promise<void>;
  runCommand(title: string): Promise<void>;
  /** Titles the command palette lists for a query (the palette is closed again). */
  findCommands(query: string): Promise<string[]>;
  screenshot(name: string): Promise<string>;
  readProblems(): Promise<Problem[]>;
  /** Moves the cursor to a 1-based line and column of the active editor. */
  goTo(line: number, column: number): Promise<void>;
  /** TextMate scopes at a 1-based position, from "Developer: Inspect Editor Tokens and Scopes". */
  inspectToken(line: number, column: number): Promise<TokenInfo>;
  /** Text of a status bar entry, by its id (e.g. "status.editor.mode"). */
  statusBarText(id: string): Promise<string>;
  /** The extension host log text (what extensions printed, activation errors). */
  extensionHostLog(): string;
  close(): Promise<void>;
}

function packageVersion(): string {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
}

export function defaultVsix(): string {
  return join(repoRoot, `notify-lang-${packageVersion()}.vsix`);
}

/**
 * An extensions folder with the vsix installed. Installing takes ~10 s, so
 * one installation per vsix content is kept under .tools/ and copied.
 */
function preparedExtensions(vsix: string, into: string): void {
  const hash = createHash('sha256').update(readFileSync(vsix)).digest('hex').slice(0, 16);
  const cache = join(toolsDir, 'e2e-extensions', hash);
  if (!existsSync(join(cache, '.complete'))) {
    // Installed beside the cache and renamed into place, so test processes
    // running at the same time never see (or clobber) a half-installed copy.
    const staging = `${cache}.staging-${process.pid}`;
    const scratchUser = mkdtempSync(join(tmpdir(), 'notify-e2e-install-'));
    try {
      rmSync(staging, { recursive: true, force: true });
      installExtension({ vsix, extensionsDir: join(staging, 'extensions'), userDataDir: scratchUser });
      writeFileSync(join(staging, '.complete'), `${vsix}\n`);
      try {
        renameSync(staging, cache);
      } catch {
        // Another process won the race; its copy is the same.
      }
    } finally {
      rmSync(scratchUser, { recursive: true, force: true });
      rmSync(staging, { recursive: true, force: true });
    }
  }
  cpSync(join(cache, 'extensions'), into, { recursive: true });
}

const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'notify.walkthrough.openOnFirstRun': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.secondarySideBar.showLabels': false,
  'security.workspace.trust.untrustedFiles': 'open',
};

/** Playwright timeouts (ms); NOTIFY_E2E_SLOW=1 doubles them for loaded CI machines. */
const slow = process.env.NOTIFY_E2E_SLOW === '1' ? 2 : 1;
export const timeouts = { action: 60_000 * slow, workbench: 120_000 * slow };

let sessionCounter = 0;

export async function startEditor(options: EditorOptions = {}): Promise<Editor> {
  const trusted = options.trusted ?? true;
  const vsix = options.vsix ?? defaultVsix();
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run npm run package (npm run test:e2e does it)`);
  if (!existsSync(chromiumPath)) ensureAptPackages(['chromium']);
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium`);

  const label = options.label ?? `session-${new Date().toISOString().replace(/[:.]/g, '-')}-${++sessionCounter}`;
  const artifacts = join(artifactsDir, label);
  mkdirSync(artifacts, { recursive: true });

  const scratch = mkdtempSync(join(tmpdir(), 'notify-e2e-'));
  const extensionsDir = join(scratch, 'extensions');
  const userDataDir = join(scratch, 'user-data');
  const folder = join(scratch, basename(options.folder ?? defaultWorkspace));
  cpSync(options.folder ?? defaultWorkspace, folder, { recursive: true });
  preparedExtensions(vsix, extensionsDir);
  for (const extra of options.extraVsix ?? []) installExtension({ vsix: extra, extensionsDir, userDataDir });
  writeUserSettings(userDataDir, {
    ...quietSettings,
    'security.workspace.trust.enabled': !trusted,
    // Restricted Mode without the modal "Do you trust the authors?" dialog.
    'security.workspace.trust.startupPrompt': 'never',
    ...options.settings,
  });

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await launchCodeServer({
      extensionsDir,
      userDataDir,
      folder,
      logFile: join(artifacts, 'code-server.log'),
      env: options.env,
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // Generous: the workbench is slow on a busy two-core machine.
    page.setDefaultTimeout(timeouts.action);
    const consoleLog: string[] = [];
    page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
    await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: timeouts.workbench });
    await page.waitForSelector('.monaco-workbench', { timeout: timeouts.workbench });
    // The explorer shows the folder once the remote file system is connected.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeouts.workbench }).catch(() => undefined);
    return makeEditor({ page, browser, server, folder, userDataDir, artifacts, scratch, consoleLog });
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function findFiles(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findFiles(path, match, out);
    else if (match(entry.name)) out.push(path);
  }
  return out;
}

// Code that runs in the page is kept as text: the project is typed without
// the DOM library, and these only read the workbench's DOM.
const READ_PROBLEMS_IN_PAGE = `(() => {
  const root = document.querySelector('.markers-panel');
  const problems = [];
  let file = '';
  for (const row of root ? root.querySelectorAll('.monaco-list-row') : []) {
    const marker = row.querySelector('.marker-message-details');
    if (!marker) {
      file = (row.querySelector('.label-name')?.textContent ?? '').trim();
      continue;
    }
    const iconClass = row.querySelector('.marker-icon')?.className ?? '';
    const severity = /error/.test(iconClass) ? 'error' : /warning/.test(iconClass) ? 'warning'
      : /info/.test(iconClass) ? 'info' : /hint|lightbulb/.test(iconClass) ? 'hint' : 'unknown';
    const message = (row.querySelector('.marker-message-line')?.textContent ?? marker.textContent ?? '').trim();
    const code = (row.querySelector('.marker-code')?.textContent ?? '').replace(/[()]/g, '').trim();
    const source = (row.querySelector('.marker-source')?.textContent ?? '').trim();
    const position = /(\\d+)\\D+(\\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '');
    problems.push({
      severity, message, file,
      code: code || undefined,
      source: source || undefined,
      line: position ? Number(position[1]) : undefined,
      column: position ? Number(position[2]) : undefined,
    });
  }
  return problems;
})()`;

const READ_TOKEN_INSPECTOR_IN_PAGE = `(() => {
  const el = document.querySelector('.token-inspect-widget');
  const token = el.querySelector('.tiw-token');
  const length = token?.querySelector('.tiw-token-length')?.textContent ?? '';
  const text = (token?.textContent ?? '').slice(0, (token?.textContent ?? '').length - length.length).trim();
  let language = '';
  let scopes = [];
  for (const row of el.querySelectorAll('tr')) {
    const cells = row.querySelectorAll('td');
    if (cells.length < 2) continue;
    const key = (cells[0].textContent ?? '').trim();
    if (key === 'language') language = (cells[1].textContent ?? '').trim();
    if (key === 'textmate scopes') {
      scopes = cells[1].innerHTML.split(/<br\\s*\\/?>/).map((h) => h.replace(/<[^>]+>/g, '').trim()).filter(Boolean);
    }
  }
  return { text, language, scopes };
})()`;

function makeEditor(s: {
  page: Page;
  browser: Browser;
  server: RunningCodeServer;
  folder: string;
  userDataDir: string;
  artifacts: string;
  scratch: string;
  consoleLog: string[];
}): Editor {
  const { page } = s;
  const logsDir = join(s.userDataDir, 'logs');

  async function quickInput(text: string): Promise<void> {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    // F1 opens the command palette even where the browser owns Ctrl+P.
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  const editor: Editor = {
    page,
    browser: s.browser,
    url: s.server.url,
    folder: s.folder,
    logsDir,
    userDataDir: s.userDataDir,
    artifacts: s.artifacts,

    async openFile(name) {
      // Quick Open without the ">" prefix searches files by name.
      await quickInput(name);
      const row = page.locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(basename(name))}$`) }),
      });
      await row.first().waitFor({ state: 'visible' });
      await row.first().click();
      await page
        .locator('.tabs-container .tab.active', { hasText: basename(name) })
        .waitFor({ state: 'visible' });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
    },

    async runCommand(title) {
      await quickInput(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
      });
      await row.first().waitFor({ state: 'visible' });
      await row.first().click();
    },

    async findCommands(query) {
      await quickInput(`>${query}`);
      // The list is filtered as you type; wait until it settles.
      await page.waitForTimeout(1000);
      const titles = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
      await page.keyboard.press('Escape');
      return titles.map((t) => t.trim());
    },

    async screenshot(name) {
      const path = join(s.artifacts, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
      await page.screenshot({ path });
      return path;
    },

    async readProblems() {
      await editor.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ state: 'visible' });
      // Give the language server's diagnostics a moment to arrive after an edit.
      await page.waitForTimeout(500);
      return (await page.evaluate(READ_PROBLEMS_IN_PAGE)) as Problem[];
    },

    async goTo(line, column) {
      await quickInput(`:${line}:${column}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },

    async inspectToken(line, column) {
      await editor.goTo(line, column);
      await editor.runCommand('Developer: Inspect Editor Tokens and Scopes');
      const widget = page.locator('.token-inspect-widget');
      await widget.waitFor({ state: 'visible', timeout: 15_000 });
      // The widget fills in asynchronously once the tokens are computed.
      await page.waitForFunction(`/textmate scopes/i.test(document.querySelector('.token-inspect-widget')?.textContent ?? '')`);
      const info = (await page.evaluate(READ_TOKEN_INSPECTOR_IN_PAGE)) as TokenInfo;
      await page.keyboard.press('Escape');
      return info;
    },

    async statusBarText(id) {
      const item = page.locator(`.statusbar-item[id="${id}"]`);
      await item.waitFor({ state: 'visible' });
      return (await item.innerText()).trim();
    },

    extensionHostLog() {
      return findFiles(logsDir, (name) => /exthost\.log$/.test(name))
        .map((path) => readFileSync(path, 'utf8'))
        .join('\n');
    },

    async close() {
      // Keep the logs for whoever debugs a failure; the rest of the scratch folder goes.
      try {
        if (existsSync(logsDir)) cpSync(logsDir, join(s.artifacts, 'vscode-logs'), { recursive: true });
        writeFileSync(join(s.artifacts, 'browser-console.log'), s.consoleLog.join('\n') + '\n');
      } catch {
        // artifacts are best effort
      }
      await s.browser.close().catch(() => undefined);
      await s.server.stop().catch(() => undefined);
      rmSync(s.scratch, { recursive: true, force: true });
    },
  };
  return editor;
}
