import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LEGACY_SLACK } from '../../support/notifiers';
import { runCli, scratch } from './runCli';

/**
 * LANGUAGE.md 10, `notify convert`: a file with thousands of blocks to
 * convert (8,000 here, 72,000 lines) is converted in time proportional to it.
 * Applying the edits copied the whole text once per edit, and the patch's
 * diff cost lines × changed lines: minutes either way.
 */
describe('notify convert: a file of 8,000 convertible blocks', () => {
  const many = Array.from({ length: 8000 }, (_, i) => LEGACY_SLACK.replace('"n"', `"n${i}"`)).join('');

  it('prints one hunk replacing the file, which patch applies to what --write writes', async () => {
    const dir = scratch({ 'a.notify': many });
    const r = await runCli(['convert', 'a.notify'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr.slice(0, 300)}`);
    const lines = many.split('\n').length - 1;
    const head = r.stdout.split('\n').slice(0, 4);
    assert.equal(head[0], '--- a.notify');
    assert.equal(head[1], '+++ a.notify');
    assert.match(head[2]!, new RegExp(`^@@ -1,${lines} \\+1,\\d+ @@$`));
    const added = r.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));

    const w = await runCli(['convert', '--write', 'a.notify'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(w.code, 0, w.stderr.slice(0, 300));
    assert.equal(w.stdout, 'converted a.notify (slack-blocks ×8000)\n');
    const written = readFileSync(join(dir, 'a.notify'), 'utf8');
    assert.equal(added.join('\n') + '\n', written);
    assert.equal((await runCli(['check', 'a.notify'], { cwd: dir, timeoutMs: 60_000 })).code, 0);
  });
});
