/**
 * test/run.mjs cannot hang: a file that leaves a handle open fails, naming
 * the file and what it left open; a file that never yields is killed by the
 * watchdog, named; a file that cleans up in a slow after() hook passes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join('test', 'support', 'fixtures', 'runner');

function runner(file: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  // Not as a child of this test run: NODE_TEST_CONTEXT would make the nested runs report to us instead.
  const { NODE_TEST_CONTEXT: _, ...outside } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['test/run.mjs', join(FIXTURES, file)], { cwd: ROOT, env: { ...outside, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('a file that leaves a server open fails with its name and the handle, long before the watchdog', async () => {
  const r = await runner('leaky.test.ts', { NOTIFY_TEST_LEAK_GRACE_MS: '1000', NOTIFY_TEST_FILE_TIMEOUT_MS: '100000' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /✖ test\/support\/fixtures\/runner\/leaky\.test\.ts \(left handles open after its last test\)/);
  assert.match(r.out, /open: .*TCPServerWrap/);
});

test('a file that never yields is ended by the file timeout, or else by the watchdog, and named', async () => {
  const timeout = await runner('spinning.test.ts', { NOTIFY_TEST_TIMEOUT_MS: '3000', NOTIFY_TEST_FILE_TIMEOUT_MS: '100000' });
  assert.equal(timeout.code, 1, timeout.out);
  assert.match(timeout.out, /✖ test\/support\/fixtures\/runner\/spinning\.test\.ts \(timed out after 3s \(--test-timeout\)\)/);
  const watchdog = await runner('spinning.test.ts', { NOTIFY_TEST_TIMEOUT_MS: '100000', NOTIFY_TEST_FILE_TIMEOUT_MS: '4000' });
  assert.equal(watchdog.code, 1, watchdog.out);
  assert.match(watchdog.out, /✖ test\/support\/fixtures\/runner\/spinning\.test\.ts \(killed by the watchdog: timed out\)/);
});

test('a file that closes everything, slowly, passes', async () => {
  const r = await runner('tidy.test.ts', { NOTIFY_TEST_LEAK_GRACE_MS: '5000' });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /1 files, 1 passed, 0 failed/);
});
