// CI step: a clean clone, then README's commands exactly as written — the
// install, then every `$ …` line of the command-line section — so README
// cannot promise what a new user's first try does not do.
// A line's expected exit code is 0, or the `(exit N` its comment names.
//   node scripts/readme-commands.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

// The install command of README's "Two commands" table, and the console block of "The command line".
const install = /`(npm install) && npx notify check examples\/`/.exec(readme)?.[1] ?? 'npm install';
const cliSection = readme.slice(readme.indexOf('## The command line'));
const block = /```console\n([\s\S]*?)```/.exec(cliSection)?.[1];
if (!block) throw new Error('README: no ```console block under "## The command line"');
const commands = block
  .split('\n')
  .filter((line) => line.startsWith('$ '))
  .map((line) => {
    const [command, comment = ''] = line.slice(2).split(/\s+#\s/, 2);
    return { command: command.trim(), expected: Number(/\(exit (\d+)/.exec(comment)?.[1] ?? 0) };
  });

const clone = mkdtempSync(join(tmpdir(), 'notify-readme-'));
const sh = (command, options = {}) => {
  console.log(`\n$ ${command}`);
  // A user's shell: no npm_* variables of an outer npm run, no inherited node_modules/.bin.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.PATH = (env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules/.bin')).join(':');
  return spawnSync('sh', ['-c', command], { cwd: clone, stdio: 'inherit', env, ...options }).status;
};

let failed = 0;
try {
  if (spawnSync('git', ['clone', '--quiet', root, clone], { stdio: 'inherit' }).status !== 0) throw new Error('git clone failed');
  if (sh(install) !== 0) throw new Error(`${install} failed`);
  for (const { command, expected } of commands) {
    const status = sh(command, { stdio: ['ignore', 'ignore', 'inherit'] });
    const ok = status === expected;
    if (!ok) failed++;
    console.log(`${ok ? 'ok' : 'FAILED'}: exit ${status}${expected ? ` (README says ${expected})` : ''}`);
  }
} finally {
  rmSync(clone, { recursive: true, force: true });
}
console.log(`\nreadme-commands: ${commands.length - failed}/${commands.length} of README's commands did what it says`);
process.exit(failed ? 1 : 0);
