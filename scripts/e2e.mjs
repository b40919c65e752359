// `npm run test:e2e`: end-to-end tests in a real VS Code (code-server).
// Installs code-server and Chromium when missing, packages the extension
// (skip with --no-package when the .vsix is fresh), then runs
// test/e2e/*.e2e.ts one file at a time (each starts its own editor).
//   npm run test:e2e [-- --no-package] [-- test/e2e/language.e2e.ts]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages, ensureCodeServer } from './code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipPackage = args.includes('--no-package');
const files = args.filter((a) => !a.startsWith('--'));

const run = (command, commandArgs) => spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;

ensureCodeServer();
if (!existsSync(process.env.NOTIFY_E2E_CHROMIUM ?? '/usr/bin/chromium')) ensureAptPackages(['chromium']);
if (!skipPackage && run('npm', ['run', 'package']) !== 0) process.exit(1);

const tests = files.length
  ? files
  : readdirSync(join(root, 'test', 'e2e'))
      .filter((name) => name.endsWith('.e2e.ts'))
      .sort()
      .map((name) => join('test', 'e2e', name));
process.exit(
  run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...tests]),
);
