/**
 * Extension cost (issue 5): bundle sizes and activation time, each beside a
 * baseline measured in the same run.
 *
 *   node --import tsx bench/extension.ts [--sessions N] [--no-editor]
 *
 * 1. Sizes: the production bundles (minified, as the .vsix holds them) built
 *    from the current sources into a scratch folder by the project's own
 *    build.mjs, bytes and gzip bytes, and the packaged .vsix — beside a
 *    minimal vscode-languageclient extension and the npm JSON language server
 *    bundled with the same esbuild options, and what VS Code ships for JSON
 *    and Markdown. The largest packages inside extension.js and server.js
 *    are listed, since they are where size can be won back.
 * 2. Activation in a real VS Code (code-server through the end-to-end
 *    harness, see bench/extensionActivation.ts): VS Code's own activation
 *    time of Notify and of vscode.markdown-language-features in the same
 *    session, open → first error squiggle, and extension host memory;
 *    median over N sessions (default 3). Without code-server installed
 *    (.tools/, `node scripts/code-server.mjs`) this part says it was not
 *    measured and why; the sizes are still printed.
 *
 * The machine is shared, so the load average is printed with the figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { JSON_ID, MARKDOWN_ID, NOTIFY_ID, type SessionFigures } from './extensionActivation';
import { fmt, median, table } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const sessionsArg = argv.indexOf('--sessions');
const SESSIONS = sessionsArg >= 0 ? Math.max(1, Number(argv[sessionsArg + 1]) || 1) : 3;
const WITH_EDITOR = !argv.includes('--no-editor');
// Where scripts/code-server.mjs installs code-server (NOTIFY_TOOLS_DIR moves it, as for the harness).
const TOOLS = process.env.NOTIFY_TOOLS_DIR ? resolve(process.env.NOTIFY_TOOLS_DIR) : join(ROOT, '.tools');
const CODE_SERVER = join(TOOLS, 'code-server', 'node_modules', 'code-server');
const VSCODE_DIR = join(CODE_SERVER, 'lib', 'vscode');
const CODE_SERVER_ENTRY = join(CODE_SERVER, 'out', 'node', 'entry.js');

export interface SizeRow {
  name: string;
  bytes: number;
  gzipBytes: number;
  note?: string;
}

export function sizeOf(name: string, path: string, note?: string): SizeRow {
  const data = readFileSync(path);
  return { name, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length, note };
}

/**
 * Runs `node build.mjs --production` with a scratch folder as its working
 * directory (the sources linked in), so the bundles are exactly what
 * `npm run package` puts in the .vsix, built from the current sources.
 */
export function buildProduction(root: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'notify-bench-build-'));
  for (const entry of ['client', 'server', 'grammar', 'node_modules', 'package.json', 'tsconfig.json', 'build.mjs']) {
    if (existsSync(join(root, entry))) symlinkSync(join(root, entry), join(dir, entry));
  }
  mkdirSync(join(dir, 'dist'));
  const r = spawnSync(process.execPath, ['build.mjs', '--production'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`node build.mjs --production failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { dir: join(dir, 'dist'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles `contents` with the production options of build.mjs and returns the output. */
async function bundleLikeProduction(root: string, contents: string, external: string[]): Promise<Buffer> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'baseline.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    external,
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}

function rowFromBuffer(name: string, data: Buffer, note?: string): SizeRow {
  return { name, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length, note };
}

/**
 * Baselines bundled with the same esbuild options:
 * - a minimal LSP client extension (vscode-languageclient, one LanguageClient
 *   started in activate) — the floor for any extension with a language server;
 * - the JSON language server from npm (vscode-json-languageserver) bundled
 *   from its node entry point — a mature server of comparable scope.
 */
export async function baselineBundles(root: string): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  const minimalClient = `
    import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
    let client: LanguageClient | undefined;
    export function activate(context: { asAbsolutePath(p: string): string }) {
      const module = context.asAbsolutePath('server.js');
      client = new LanguageClient('baseline', 'Baseline', {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc },
      }, { documentSelector: [{ language: 'baseline' }] });
      return client.start();
    }
    export function deactivate() { return client?.stop(); }
  `;
  rows.push(rowFromBuffer('minimal vscode-languageclient extension', await bundleLikeProduction(root, minimalClient, ['vscode']), 'esbuild, same options'));
  const jsonServerEntry = join(root, 'node_modules', 'vscode-json-languageserver', 'out', 'node', 'jsonServerMain.js');
  if (existsSync(jsonServerEntry)) {
    const data = await bundleLikeProduction(root, `import ${JSON.stringify(jsonServerEntry)};`, []);
    const version = JSON.parse(readFileSync(join(root, 'node_modules', 'vscode-json-languageserver', 'package.json'), 'utf8')).version;
    rows.push(rowFromBuffer(`vscode-json-languageserver ${version} (npm)`, data, 'esbuild, same options'));
  }
  return rows;
}

/** What VS Code itself ships for its JSON and Markdown support (the extensions the activation part compares with). */
export function shippedBuiltins(vscodeDir: string): SizeRow[] {
  const files: [string, string][] = [
    ['VS Code json-language-features client', 'extensions/json-language-features/client/dist/node/jsonClientMain.js'],
    ['VS Code json-language-features server', 'extensions/json-language-features/server/dist/node/jsonServerMain.js'],
    ['VS Code markdown-language-features ext.', 'extensions/markdown-language-features/dist/extension.js'],
  ];
  return files
    .filter(([, rel]) => existsSync(join(vscodeDir, rel)))
    .map(([name, rel]) => sizeOf(name, join(vscodeDir, rel), 'as shipped (code-server)'));
}

/** The newest modification time (ms) of the files under the given folders. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) walk(join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return newest;
}

/** Output bytes per npm package (or source folder) of a production bundle, largest first. */
async function contributors(entry: string, external: string[], top = 6): Promise<[string, number][]> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  const meta: Metafile = result.metafile!;
  const totals = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = pkg ? pkg[1]! : `${input.split('/')[0]}/ (project)`;
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
}

const kb = (bytes: number): string => `${fmt(bytes / 1024)} KB`;

function sizeTable(rows: SizeRow[]): string {
  return table([
    ['file', 'bytes', 'gzip', ''],
    ...rows.map((r) => [r.name, `${r.bytes.toLocaleString('en')} (${kb(r.bytes)})`, kb(r.gzipBytes), r.note ?? '']),
  ]);
}

async function printSizes(): Promise<void> {
  console.log('\n## Bundle sizes (production: minified, no source maps)\n');
  const built = buildProduction(ROOT);
  try {
    const ours = ['extension.js', 'features.js', 'server.js', 'serverMain.js', 'previewWorker.js', 'webview.js', 'cli.js']
      .filter((f) => existsSync(join(built.dir, f)))
      .map((f) => sizeOf(`dist/${f}`, join(built.dir, f)));
    const inVsix = ours.filter((r) => r.name !== 'dist/cli.js');
    const css = join(built.dir, 'webview.css');
    if (existsSync(css)) inVsix.push(sizeOf('dist/webview.css', css));
    const sum = (rows: SizeRow[]) => ({ bytes: rows.reduce((a, r) => a + r.bytes, 0), gzip: rows.reduce((a, r) => a + r.gzipBytes, 0) });
    const total = sum(inVsix);
    const rows: SizeRow[] = [...ours, { name: 'Notify in the .vsix (all but cli.js)', bytes: total.bytes, gzipBytes: total.gzip }];
    console.log(sizeTable(rows));

    const vsix = join(ROOT, `notify-lang-${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}.vsix`);
    if (existsSync(vsix)) {
      const st = statSync(vsix);
      const stale = newestMtime(['client', 'server', 'grammar', 'syntaxes', 'package.json'].map((p) => join(ROOT, p))) > st.mtimeMs;
      console.log(`\n${vsix.slice(ROOT.length + 1)}: ${st.size.toLocaleString('en')} bytes (${kb(st.size)}, zip), packaged ${st.mtime.toISOString()}` +
        (stale ? ' — older than the newest source file; `npm run package` refreshes it' : ''));
    } else {
      console.log('\nno .vsix in the repository: `npm run package` makes it');
    }

    console.log('\nBaselines:\n');
    const baselines = await baselineBundles(ROOT);
    if (existsSync(VSCODE_DIR)) baselines.push(...shippedBuiltins(VSCODE_DIR));
    console.log(sizeTable(baselines));
    const minimal = baselines[0]!;
    const ext = ours.find((r) => r.name === 'dist/extension.js');
    if (ext) {
      // Goal (issue 10): activation reads under 500 KB; the rest (dist/features.js) loads on first use.
      const goal = 500 * 1024;
      console.log(`\ndist/extension.js (read at activation): ${kb(ext.bytes)}, goal < ${kb(goal)}, ratio ${fmt(ext.bytes / goal, 2)} — ${ext.bytes < goal ? 'MET' : 'NOT MET'}`);
      console.log(`\ndist/extension.js is ${fmt(ext.bytes / minimal.bytes, 2)}x the minimal LSP client extension ` +
        `(${kb(ext.bytes - minimal.bytes)} more than vscode-languageclient alone).`);
    }
    const jsonServer = baselines.find((r) => r.name.startsWith('vscode-json-languageserver'));
    // dist/server.js is the launcher (server/launcher.ts); the server is dist/serverMain.js
    const server = ours.find((r) => r.name === 'dist/serverMain.js') ?? ours.find((r) => r.name === 'dist/server.js');
    if (jsonServer && server) console.log(`${server.name} is ${fmt(server.bytes / jsonServer.bytes, 2)}x the npm JSON language server bundled the same way.`);

    for (const [entry, external] of [['client/extension/extension.ts', ['vscode', './features']], ['client/extension/features.ts', ['vscode']], ['server/main.ts', []]] as const) {
      if (!existsSync(join(ROOT, entry))) continue;
      const parts = await contributors(entry, [...external]);
      console.log(`\nLargest parts of the ${entry} bundle: ${parts.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')}`);
    }
  } finally {
    built.cleanup();
  }
}

/** Why the activation part cannot run here, or undefined when it can. */
function whyNoEditor(): string | undefined {
  if (!WITH_EDITOR) return '--no-editor was given';
  if (!existsSync(CODE_SERVER_ENTRY)) return `code-server is not installed (${CODE_SERVER_ENTRY} is missing; \`node scripts/code-server.mjs\` installs it, ~3½ minutes)`;
  const chromium = process.env.NOTIFY_E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return `no Chromium at ${chromium} (apt-get install -y chromium)`;
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  if (!existsSync(join(ROOT, `notify-lang-${version}.vsix`))) return `notify-lang-${version}.vsix is missing (npm run package)`;
  return undefined;
}

const ms = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : `${Math.round(n)} ms`);
const mb = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : `${fmt(n)} MB`);
function med(values: (number | undefined)[]): number | undefined {
  const xs = values.filter((v): v is number => v !== undefined);
  return xs.length ? median(xs) : undefined;
}

async function printActivation(): Promise<void> {
  console.log(`\n## Activation in a real VS Code (code-server), ${SESSIONS} session(s)\n`);
  const why = whyNoEditor();
  if (why) {
    console.log(`NOT MEASURED: ${why}.`);
    return;
  }
  const { startEditor, defaultWorkspace, defaultVsix } = await import('../test/e2e/harness');
  console.log(`installed: ${defaultVsix().slice(ROOT.length + 1)} as packaged ${statSync(defaultVsix()).mtime.toISOString()}; ` +
    `logs and screenshots in test-artifacts/bench-extension-*/\n`);
  const { runSession } = await import('./extensionActivation');
  const sessions: SessionFigures[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let i = 0; i < SESSIONS; i++) {
    const load1 = loadavg()[0]!;
    const t0 = Date.now();
    try {
      const figures = await runSession(startEditor, defaultWorkspace, `bench-extension-${stamp}-${i + 1}`, load1);
      sessions.push(figures);
      console.log(`session ${i + 1}: ${Math.round((Date.now() - t0) / 1000)} s, load ${fmt(load1, 2)} — ` +
        `Notify ${ms(figures.activation[NOTIFY_ID])}, Markdown ${ms(figures.activation[MARKDOWN_ID])}, ` +
        `open→squiggle ${ms(figures.notifyColdDiagnosticsMs)}`);
    } catch (error) {
      console.log(`session ${i + 1} FAILED after ${Math.round((Date.now() - t0) / 1000)} s: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    }
  }
  if (sessions.length === 0) {
    console.log('\nNOT MEASURED: no session completed (see test-artifacts/bench-extension-*/ for the logs).');
    return;
  }
  const col = (pick: (s: SessionFigures) => number | undefined, show: (n: number | undefined) => string) => [
    ...sessions.map((s) => show(pick(s))),
    show(med(sessions.map(pick))),
  ];
  const header = ['', ...sessions.map((_, i) => `#${i + 1}`), 'median'];
  console.log('\nActivation time as VS Code records it (code loading + activate call; "Developer: Show Running Extensions"):\n');
  console.log(table([
    header,
    [`${NOTIFY_ID}`, ...col((s) => s.activation[NOTIFY_ID], ms)],
    [`${MARKDOWN_ID} (baseline)`, ...col((s) => s.activation[MARKDOWN_ID], ms)],
    [`${JSON_ID} (baseline, at startup)`, ...col((s) => s.activation[JSON_ID], ms)],
  ]));
  // Goal (issue 10): activation no slower than the built-in Markdown extension in the same run.
  const ratios = sessions.map((s) => (s.activation[NOTIFY_ID] ?? NaN) / (s.activation[MARKDOWN_ID] ?? NaN)).filter((r) => !Number.isNaN(r));
  const ratio = ratios.length ? median(ratios) : NaN;
  console.log(`\nverdict: Notify / Markdown activation ${fmt(ratio, 2)}x (median of the sessions' ratios: ${ratios.map((r) => fmt(r, 2)).join(', ')}) — goal ≤ 1: ${ratio <= 1 ? 'MET' : 'NOT MET'}`);
  const first = sessions[0]!;
  console.log(`\nactivation events: ${[NOTIFY_ID, MARKDOWN_ID, JSON_ID].map((id) => `${id}: ${first.activationEvent[id] ?? '—'}`).join('; ')}`);
  console.log('\nOpen a file with an error (click in Quick Open) → error squiggle drawn:\n');
  console.log(table([
    header,
    ['.notify, extension not yet active (activation + server start + check)', ...col((s) => s.notifyColdDiagnosticsMs, ms)],
    ['.notify, extension active', ...col((s) => s.notifyWarmDiagnosticsMs, ms)],
    ['.json, JSON language features active (baseline)', ...col((s) => s.jsonWarmDiagnosticsMs, ms)],
  ]));
  console.log('\nResident memory:\n');
  console.log(table([
    header,
    ['extension host before Notify activated', ...col((s) => s.extHostRssBeforeMb, mb)],
    ['extension host after (Notify active)', ...col((s) => s.extHostRssAfterMb, mb)],
    ['  difference', ...col((s) => (s.extHostRssAfterMb !== undefined && s.extHostRssBeforeMb !== undefined ? s.extHostRssAfterMb - s.extHostRssBeforeMb : undefined), mb)],
    ['Notify language server process', ...col((s) => s.notifyServerRssMb, mb)],
    ['JSON language server process (baseline)', ...col((s) => s.jsonServerRssMb, mb)],
  ]));
  console.log(`\nload average (1 min) at each session start: ${sessions.map((s) => fmt(s.load1, 2)).join(', ')}; ` +
    'latencies on a loaded machine are upper bounds, the Notify/baseline ratio in the same session is the steadier figure.');
}

async function main(): Promise<void> {
  const [l1, l5, l15] = loadavg();
  console.log(`Extension cost — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, load average ${fmt(l1!, 2)} ${fmt(l5!, 2)} ${fmt(l15!, 2)}`);
  await printSizes();
  await printActivation();
  const [e1, e5] = loadavg();
  console.log(`\nload average at the end: ${fmt(e1!, 2)} ${fmt(e5!, 2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
