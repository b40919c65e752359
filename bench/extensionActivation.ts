/**
 * Activation in a real VS Code (code-server, through the end-to-end
 * harness) for bench/extension.ts. One session:
 *
 * 1. waits until the workbench's eager extensions are activated and the
 *    extension host settles;
 * 2. opens a .notify file with an error: activation event onLanguage:notify,
 *    timed from the click in Quick Open to the error squiggle on screen
 *    (activation + language server start + first diagnostics);
 * 3. opens a second .notify file with an error (extension already active)
 *    and a broken .json file (JSON language features, active since startup)
 *    for the warm open → squiggle time of both;
 * 4. opens a Markdown file, which activates vscode.markdown-language-features;
 * 5. reads VS Code's own activation times (code loading + activate call, as
 *    "Developer: Show Running Extensions" shows them).
 *
 * The extension host's resident memory is read from /proc before and after
 * Notify's activation, and the language servers' from their processes.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Editor } from '../test/e2e/harness';

export const NOTIFY_ID = 'notify-dev.notify-lang';
export const MARKDOWN_ID = 'vscode.markdown-language-features';
export const JSON_ID = 'vscode.json-language-features';

export interface SessionFigures {
  /** VS Code's activation time (code loading + activate call), ms, by extension id. */
  activation: Record<string, number | undefined>;
  /** Activation event VS Code logged, by extension id. */
  activationEvent: Record<string, string | undefined>;
  /** Click in Quick Open → first error squiggle, ms. */
  notifyColdDiagnosticsMs?: number;
  notifyWarmDiagnosticsMs?: number;
  jsonWarmDiagnosticsMs?: number;
  /** Resident memory (MB) of the extension host before and after Notify activated. */
  extHostRssBeforeMb?: number;
  extHostRssAfterMb?: number;
  notifyServerRssMb?: number;
  jsonServerRssMb?: number;
  /** Load average (1 min) when the session started. */
  load1: number;
}

const BROKEN_NOTIFY = (name: string): string => `notifier "${name}" {
    on vulnerability.detected;
    slack {
        url  = "https://hooks.example.com/bench";
        text = "$VulnerabilityIdd";
    }
}
`;

/**
 * A scratch copy of the e2e fixture workspace with the files the session
 * opens, but without .notify files: a folder that holds one activates Notify
 * at startup (`workspaceContains:**\/*.notify`, for the Test Explorer and
 * the walkthrough), and the session times activation on opening the first
 * one. They are written once the workbench has started (writeNotifyFiles).
 */
export function prepareWorkspace(fixture: string): { folder: string; cleanup: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'notify-bench-ws-'));
  const folder = join(parent, 'workspace');
  cpSync(fixture, folder, { recursive: true, filter: (src) => !src.endsWith('.notify') });
  writeFileSync(join(folder, 'bench-broken.json'), '{ "a": 1,, "b": }\n');
  writeFileSync(join(folder, 'bench-note.md'), '# Bench\n\nOpening this file activates the Markdown language features.\n');
  return { folder, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/** The .notify files the session opens, written into the open folder after startup (workspaceContains is read at startup only). */
function writeNotifyFiles(folder: string): void {
  writeFileSync(join(folder, 'bench-cold.notify'), BROKEN_NOTIFY('Cold'));
  writeFileSync(join(folder, 'bench-warm.notify'), BROKEN_NOTIFY('Warm'));
}

function readLogs(logsDir: string, match: RegExp): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (match.test(e.name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(logsDir);
  return out.join('\n');
}

const extHostLog = (editor: Editor): string => readLogs(editor.logsDir, /^remoteexthost\.log$/);

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Quick Open → click the file, timed from the click until an error squiggle
 * is drawn in the active editor (undefined if none within `timeoutMs`).
 */
async function openAndTimeSquiggle(editor: Editor, file: string, timeoutMs: number): Promise<number | undefined> {
  const { page } = editor;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill(file);
  const row = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^${file.replace(/[.]/g, '\\.')}$`) }),
  });
  await row.first().waitFor({ state: 'visible' });
  const t0 = Date.now();
  await row.first().click();
  const squiggle = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
  try {
    await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ state: 'visible' });
    await squiggle.waitFor({ state: 'attached', timeout: timeoutMs });
    return Date.now() - t0;
  } catch {
    return undefined;
  }
}

// Page code is text: the project is typed without the DOM library.
const READ_RUNNING_EXTENSIONS = `(() => {
  const rows = [];
  for (const row of document.querySelectorAll('.runtime-extensions-editor .monaco-list-row')) {
    rows.push({
      name: (row.querySelector('.name')?.textContent ?? '').trim(),
      time: (row.querySelector('.activation-time')?.textContent ?? '').trim(),
    });
  }
  return rows;
})()`;

/** Display names in the Running Extensions table, by extension id. */
const DISPLAY_NAMES: Record<string, string> = {
  [NOTIFY_ID]: 'Notify',
  [MARKDOWN_ID]: 'Markdown Language Features',
  [JSON_ID]: 'JSON Language Features',
};

async function readRunningExtensions(editor: Editor): Promise<Record<string, number | undefined>> {
  const { page } = editor;
  await editor.runCommand('Developer: Show Running Extensions');
  const list = page.locator('.runtime-extensions-editor .monaco-list').first();
  await page.locator('.runtime-extensions-editor .monaco-list-row').first().waitFor({ state: 'visible' });
  // The table is sorted slowest first and virtualised: scroll until every extension was seen.
  const result: Record<string, number | undefined> = {};
  const wanted = Object.keys(DISPLAY_NAMES);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && wanted.some((id) => result[id] === undefined)) {
    const rows = (await page.evaluate(READ_RUNNING_EXTENSIONS)) as { name: string; time: string }[];
    for (const id of wanted) {
      const row = rows.find((r) => r.name === DISPLAY_NAMES[id] || r.name === id);
      const m = row && /(\d+)\s*ms/.exec(row.time);
      if (m) result[id] = Number(m[1]);
    }
    await list.hover();
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(300);
  }
  return result;
}

function activationEvents(log: string): Record<string, string | undefined> {
  const events: Record<string, string | undefined> = {};
  for (const id of Object.keys(DISPLAY_NAMES)) {
    const m = new RegExp(`_doActivateExtension ${id.replace(/[.]/g, '\\.')}, startup: (\\w+), activationEvent: '([^']*)'`).exec(log);
    events[id] = m ? `${m[2]}${m[1] === 'true' ? ' (startup)' : ''}` : undefined;
  }
  return events;
}

const activated = (editor: Editor, id: string) => (): true | undefined =>
  extHostLog(editor).includes(`_doActivateExtension ${id},`) ? true : undefined;

export async function runSession(
  startEditor: (o: { folder: string; label: string; settings?: Record<string, unknown> }) => Promise<Editor>,
  fixture: string,
  label: string,
  load1: number,
): Promise<SessionFigures> {
  const ws = prepareWorkspace(fixture);
  const editor = await startEditor({ folder: ws.folder, label, settings: { 'workbench.editor.enablePreview': false } });
  try {
    const figures: SessionFigures = { activation: {}, activationEvent: {}, load1 };
    const hostPid = await waitFor(
      'the extension host',
      () => {
        const m = /Extension host with pid (\d+) started/.exec(extHostLog(editor));
        return m ? Number(m[1]) : undefined;
      },
      60_000,
    );
    await waitFor('eager extensions', () => (/Eager extensions activated/.test(extHostLog(editor)) ? true : undefined), 90_000);
    // onStartupFinished extensions activate right after; let them finish.
    await editor.page.waitForTimeout(3000);
    if (activated(editor, NOTIFY_ID)()) throw new Error(`${NOTIFY_ID} activated before any .notify file was opened`);
    figures.extHostRssBeforeMb = rssMb(hostPid);
    writeNotifyFiles(editor.folder);

    figures.notifyColdDiagnosticsMs = await openAndTimeSquiggle(editor, 'bench-cold.notify', 60_000);
    await waitFor(`${NOTIFY_ID} activation`, activated(editor, NOTIFY_ID), 30_000);
    await editor.page.waitForTimeout(2000);
    figures.extHostRssAfterMb = rssMb(hostPid);
    figures.notifyWarmDiagnosticsMs = await openAndTimeSquiggle(editor, 'bench-warm.notify', 30_000);
    figures.jsonWarmDiagnosticsMs = await openAndTimeSquiggle(editor, 'bench-broken.json', 30_000);

    await editor.openFile('bench-note.md');
    await waitFor(`${MARKDOWN_ID} activation`, activated(editor, MARKDOWN_ID), 30_000);
    await editor.page.waitForTimeout(1500);

    figures.notifyServerRssMb = rssOfChild(hostPid, 'dist/server.js');
    figures.jsonServerRssMb = rssOfChild(hostPid, 'jsonServerMain');

    figures.activation = await readRunningExtensions(editor);
    await editor.page.mouse.wheel(0, -10_000);
    // Kept with the session's logs so the figures can be checked against what VS Code showed.
    await editor.screenshot('running-extensions');
    figures.activationEvent = activationEvents(extHostLog(editor));
    return figures;
  } finally {
    await editor.close();
    ws.cleanup();
  }
}

/** Resident memory of the extension host's child process whose command line names `script` (a language server). */
function rssOfChild(parentPid: number, script: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name in /proc/N/stat may hold spaces and parentheses: the parent pid follows the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(script)) return rssMb(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
