import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

/**
 * LANGUAGE.md 10.3: a snapshot that differs from the render everywhere (one
 * a repository committed: 30,000 lines against 30,000 others) is reported
 * in bounded time — Myers' diff over it ran for hours — by where the two
 * first part instead of a diff.
 */
describe('notify test: a snapshot that differs on every line', () => {
  it('fails at once with the first difference, no diff', async () => {
    const body = Array.from({ length: 30_000 }, (_, i) => `r${i}`).join('`n');
    const dir = scratch({ 'a.notify': `notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/x"; body = "${body}"; }\n}\n` });
    const update = await runCli(['test', 'a.notify', '--update'], { cwd: dir, timeoutMs: 30_000 });
    assert.equal(update.code, 0, update.stderr);
    const snap = join(dir, 'a.notify.snap');
    writeFileSync(snap, readFileSync(snap, 'utf8').replace(/^r(\d+)$/gm, 'x$1'));
    const started = Date.now();
    const r = await runCli(['test', 'a.notify'], { cwd: dir, timeoutMs: 30_000 });
    assert.equal(r.code, 1, `exit ${r.code} after ${Date.now() - started} ms`);
    assert.match(r.stdout, /FAIL a\.notify: "n" × example package\.added\n {4}the render differs from the snapshot \(run `notify test --update` to accept\):\n {4}more than 1000 lines differ; no diff is shown\. The first difference is at line \d+:\n {4}- x0\n {4}\+ r0\n/);
  });

  it('a small difference is still a unified diff', async () => {
    const dir = scratch({ 'a.notify': 'notifier "n" {\n    on package.added;\n    webhook { url = "https://example.com/x"; body = "one`ntwo`nthree"; }\n}\n' });
    await runCli(['test', 'a.notify', '--update'], { cwd: dir, timeoutMs: 30_000 });
    const snap = join(dir, 'a.notify.snap');
    writeFileSync(snap, readFileSync(snap, 'utf8').replace(/^two$/m, 'TWO'));
    const r = await runCli(['test', 'a.notify'], { cwd: dir, timeoutMs: 30_000 });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /--- snapshot\n {4}\+\+\+ rendered\n {4}@@ [^\n]+\n(.|\n)* {4}-TWO\n {4}\+two\n/);
  });
});
