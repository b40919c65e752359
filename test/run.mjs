// Runs every *.test.ts under test/ with Node's own test runner (TypeScript
// through tsx). Pass folder or file names to run a subset:
//   node test/run.mjs test/grammar
//
// No test file can hang the run: each file has a timeout (--test-timeout,
// which Node 20 applies to a file as a whole when files are named, so it is
// set just under the watchdog's: a file long on a loaded machine must not
// fail by chance), and each file runs in its own process under a watchdog
// that kills it (and its children) when it overstays, naming the file — a timer re-armed by a
// dead connection fails that file instead of eating CI's 90 minutes. Before
// that, test/support/leaks.mjs (preloaded in every file) fails a file that
// is still alive NOTIFY_TEST_LEAK_GRACE_MS after its last test, naming the
// handles it left open.
//   NOTIFY_TEST_FILE_TIMEOUT_MS  per file, the watchdog (default 600000)
//   NOTIFY_TEST_TIMEOUT_MS       Node's own --test-timeout (default: the watchdog's less 60 s)
//   NOTIFY_TEST_JOBS             files run at once (default 2)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const leaks = fileURLToPath(new URL('./support/leaks.mjs', import.meta.url));

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === 'fixtures') continue;
      collect(join(path, name), out);
    }
  } else if (path.endsWith('.test.ts')) {
    out.push(path);
  }
  return out;
}

const fileTimeout = Number(process.env.NOTIFY_TEST_FILE_TIMEOUT_MS ?? 600_000);
const testTimeout = Number(process.env.NOTIFY_TEST_TIMEOUT_MS ?? Math.max(1000, fileTimeout - 60_000));
const jobs = Math.max(1, Number(process.env.NOTIFY_TEST_JOBS ?? 2));

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('test/run: no test files found');
  process.exit(1);
}

/** Runs one file; resolves with its outcome. Output is printed whole when the file ends, so files do not interleave. */
function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', leaks, '--test', `--test-timeout=${testTimeout}`, '--test-reporter=spec', file],
      // Its own process group: the watchdog kills the file's children (servers it started) with it.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, fileTimeout);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      // Whatever the file started and left behind (a server orphaned by a timeout) goes with it.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
      resolve({ file, code, signal, timedOut, output, ms: Date.now() - started });
    });
  });
}

const queue = [...files];
const results = [];
async function worker() {
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const r = await runFile(file);
    process.stdout.write(`\n▶ ${r.file} (${(r.ms / 1000).toFixed(1)}s)\n${r.output}`);
    if (r.timedOut) process.stdout.write(`\n✖ ${r.file}: still running after ${fileTimeout / 1000}s; killed (a hang: a timer or socket kept it alive)\n`);
    results.push(r);
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));

const failed = results.filter((r) => r.code !== 0);
console.log(`\ntest/run: ${results.length} files, ${results.length - failed.length} passed, ${failed.length} failed`);
// As test/support/leaks.mjs prints it (importing that file here would start a test run in this process).
const LEAK_MARKER = 'still running after its last test ended';
const why = (r) =>
  r.timedOut
    ? 'killed by the watchdog: timed out'
    : r.output.includes(LEAK_MARKER)
      ? 'left handles open after its last test'
      : /test timed out after \d+ms/.test(r.output)
        ? `timed out after ${testTimeout / 1000}s (--test-timeout)`
        : `exit ${r.code ?? r.signal}`;
for (const r of failed) console.log(`✖ ${r.file} (${why(r)})`);
process.exit(failed.length ? 1 : 0);
