// Bundles the three programs with esbuild: the extension (runs in VS Code's
// extension host), the language server and the `notify` command line.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The sources are ES modules; the bundles are CommonJS (VS Code loads
  // extensions with require). import.meta.url is defined from __filename.
  define: { 'import.meta.url': '__import_meta_url' },
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; bundle its ES modules.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};
const importMetaUrl = 'var __import_meta_url = require("node:url").pathToFileURL(__filename).href;';

// `import('./features')` in extension.ts stays a require of the separate bundle dist/features.js.
const lazyFeatures = {
  name: 'lazy-features',
  setup(b) {
    b.onResolve({ filter: /^\.\/features$/ }, (args) =>
      args.importer.endsWith('extension.ts') && args.kind === 'dynamic-import' ? { path: './features.js', external: true } : undefined,
    );
  },
};

// `import('./lazy/send')` (and receive, test) in the CLI's main.ts stays a require of dist/cli-send.js:
// start-up compiles only what check, render and fmt use. Each lazy bundle reports its own failures
// (client/cli/failures.ts), since its error classes are its own copies.
const LAZY_COMMANDS = ['send', 'receive', 'test'];
const lazyCommands = {
  name: 'lazy-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/lazy\/[a-z]+$/ }, (args) =>
      args.importer.endsWith('main.ts') && args.kind === 'dynamic-import' && LAZY_COMMANDS.includes(args.path.slice(7))
        ? { path: `./cli-${args.path.slice(7)}.js`, external: true }
        : undefined,
    );
  },
};

const entries = [
  // extension.js starts the language server; the rest (grammar, dispatcher, preview) is
  // dist/features.js, required on first use (esbuild cannot split CommonJS bundles).
  { in: 'client/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'], plugins: [lazyFeatures], options: { supported: { 'dynamic-import': false } } },
  { in: 'client/extension/features.ts', out: 'dist/features.js', external: ['vscode'] },
  // dist/server.js is a small launcher that runs dist/serverMain.js from a V8 code cache (server/launcher.ts).
  // The server is minified (identifiers only for --production): without comments its text is ASCII, which V8
  // keeps in one byte per character instead of two (the source stays in memory for as long as the server runs).
  { in: 'server/launcher.ts', out: 'dist/server.js', banner: '#!/usr/bin/env node' },
  { in: 'server/main.ts', out: 'dist/serverMain.js', options: { minifyWhitespace: true, minifySyntax: true } },
  // dist/cli.js is a small launcher that runs dist/cliMain.js from a V8 code cache (client/cli/launcher.ts),
  // minified like the server's bundle: an ASCII text is read and compiled at one byte per character.
  { in: 'client/cli/launcher.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'client/cli/main.ts', out: 'dist/cliMain.js', plugins: [lazyCommands], options: { minifyWhitespace: true, minifySyntax: true, supported: { 'dynamic-import': false } } },
  ...LAZY_COMMANDS.map((c) => ({ in: `client/cli/lazy/${c}.ts`, out: `dist/cli-${c}.js` })),
  // The preview renders on a worker thread, off the extension host's event loop.
  { in: 'client/extension/preview/previewWorker.ts', out: 'dist/previewWorker.js' },
  // The preview panel's script runs in the webview (a browser); its CSS
  // (Adaptive Cards' styles) lands beside it as dist/webview.css.
  { in: 'client/extension/preview/webview/main.ts', out: 'dist/webview.js', options: { platform: 'browser', format: 'iife', target: 'es2020', define: {}, banner: undefined } },
];

for (const e of entries) {
  if (!existsSync(e.in)) {
    console.warn(`build: ${e.in} does not exist yet, skipped`);
    continue;
  }
  await build({
    ...common,
    entryPoints: [e.in],
    outfile: e.out,
    external: e.external ?? [],
    plugins: e.plugins ?? [],
    banner: { js: [e.banner, importMetaUrl].filter(Boolean).join('\n') },
    ...(e.options ?? {}),
  });
}
// The project is "type": "module"; this marks the bundles beside it as CommonJS.
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
// Both are package bins: `notify` and `notify-language-server`.
for (const bin of ['dist/cli.js', 'dist/server.js']) if (existsSync(bin)) chmodSync(bin, 0o755);
