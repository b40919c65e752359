import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { historyPathForFile, historyRootFor } from '../../../client/dispatch/historyLocation';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli } from '../cli/runCli';

function tree(paths: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'notify-history-root-'));
  for (const p of paths) {
    if (p.endsWith('/')) mkdirSync(join(root, p), { recursive: true });
    else {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), '');
    }
  }
  return root;
}

test('the root is the nearest folder at or above the file holding .git or .notify', () => {
  const t = tree(['repo/.git/', 'repo/ops/alerts/a.notify', 'repo/tools/.notify/', 'repo/tools/b.notify', 'repo/c.notify']);
  assert.equal(historyRootFor(join(t, 'repo/ops/alerts/a.notify')), join(t, 'repo'));
  assert.equal(historyRootFor(join(t, 'repo/c.notify')), join(t, 'repo'));
  assert.equal(historyRootFor(join(t, 'repo/tools/b.notify')), join(t, 'repo/tools'), 'a .notify folder nearer than .git wins');
  assert.equal(historyPathForFile(join(t, 'repo/ops/alerts/a.notify')), join(t, 'repo/.notify/history.jsonl'));
});

test('a .git file (a worktree) counts; a file named .notify does not; without either, beside the file', () => {
  const t = tree(['wt/.git', 'wt/x/a.notify', 'loose/.notify', 'loose/deep/b.notify']);
  assert.equal(historyRootFor(join(t, 'wt/x/a.notify')), join(t, 'wt'));
  assert.equal(historyRootFor(join(t, 'loose/deep/b.notify')), join(t, 'loose/deep'));
});

test('notify send records at the root of the file, wherever it is run from', async () => {
  const receiver = await HttpReceiver.start();
  try {
    const t = tree(['repo/.git/', 'elsewhere/']);
    mkdirSync(join(t, 'repo/alerts'));
    writeFileSync(
      join(t, 'repo/alerts/n.notify'),
      `notifier "N" {\n    on package.added;\n    webhook { url = "${receiver.url('/in')}"; retries = 0; }\n}\n`,
    );
    const r = await runCli(['send', '../repo/alerts/n.notify', '--allow-private'], { cwd: join(t, 'elsewhere') });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(t, 'repo/.notify/history.jsonl')));
    assert.equal(existsSync(join(t, 'elsewhere/.notify')), false);
    assert.equal(existsSync(join(t, 'repo/alerts/.notify')), false);
  } finally {
    await receiver.close();
  }
});
