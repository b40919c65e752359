// A folder's walk (LANGUAGE.md 10): a name that is not UTF-8 is said as what it is.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, scratch } from './runCli';

const NOTIFIER = 'notifier "n" {\n    on package.added;\n    slack { url = "https://hooks.slack.com/services/x"; text = "x"; }\n}\n';

test('a .notify file or folder whose name is not valid UTF-8 is refused as such (exit 2); the others are checked; a real U+FFFD name is kept', async () => {
  const dir = scratch({ 'ok.notify': NOTIFIER, 'bad\uFFFDreal.notify': NOTIFIER });
  mkdirSync(join(dir, 'sub'));
  writeFileSync(Buffer.concat([Buffer.from(join(dir, 'sub') + '/'), Buffer.from([0x62, 0xff, 0x2e]), Buffer.from('notify')]), NOTIFIER);
  mkdirSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xfe, 0x64])]));
  const r = await runCli(['check', '.'], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /notify check: sub\/b\uFFFD\.notify: its name is not valid UTF-8 \(Notify reads names as UTF-8\); rename it\n/);
  assert.match(r.stderr, /notify check: \uFFFDd: its name is not valid UTF-8/);
  assert.doesNotMatch(r.stderr, /no such file|bad\uFFFDreal/);
  assert.equal(r.stdout, '');
});
