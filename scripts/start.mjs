// `npm start`: try the extension in a real editor.
// - With VS Code's `code` on the PATH: build, then open examples/ in an
//   Extension Development Host (code --extensionDevelopmentPath).
// - Otherwise: build and package the .vsix, install it into a fresh
//   extensions folder and serve VS Code (code-server, installed into .tools/
//   on first use) on 127.0.0.1; open the printed address in a browser.
//   Ctrl+C stops it.
//   npm start [-- FOLDER] [-- --port N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, launchCodeServer, toolsDir, writeUserSettings } from './code-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? Number(args[portIndex + 1]) : undefined;
const folderArg = args.find((a, i) => !a.startsWith('--') && i !== portIndex + 1);
const folder = resolve(root, folderArg ?? 'examples');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (onPath('code')) {
  run('npm', ['run', 'build']);
  run('code', [`--extensionDevelopmentPath=${root}`, folder]);
  process.exit(0);
}

run('npm', ['run', 'package']);
const { version, name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${name}-${version}.vsix`);
const runDir = join(toolsDir, 'run');
const extensionsDir = join(runDir, 'extensions');
// User data (settings, secrets, history) survives restarts; the extension is always fresh.
const userDataDir = join(runDir, 'user-data');
rmSync(extensionsDir, { recursive: true, force: true });
mkdirSync(userDataDir, { recursive: true });
installExtension({ vsix, extensionsDir, userDataDir });
// The user's own settings survive restarts; these few are set on every start.
// - The folder opened is this repository's own (examples/ by default): it is
//   trusted, so preview, sending and secrets work at once. Any other folder
//   keeps workspace trust on, as a cloned repository must.
// - No AI chat panel or secondary side bar taking a quarter of the screen
//   (the end-to-end tests hide them the same way).
const settingsFile = join(userDataDir, 'User', 'settings.json');
let settings = {
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
};
try {
  settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
} catch {
  // first start (or a settings file with comments: then ours replace it)
}
const ownFolder = !relative(root, folder).startsWith('..');
writeUserSettings(userDataDir, {
  ...settings,
  'security.workspace.trust.enabled': !ownFolder,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': true,
});

const server = await launchCodeServer({ extensionsDir, userDataDir, folder, port, logFile: join(runDir, 'code-server.log') });
console.log(`\nNotify is running in VS Code (code-server) at:\n\n    ${server.url}\n\nLogs: ${join(runDir, 'code-server.log')}, ${join(userDataDir, 'logs')}. Ctrl+C to stop.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => {
  console.error(`code-server exited (${code})`);
  process.exit(code ?? 1);
});
