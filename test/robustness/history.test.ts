/**
 * The dispatch history is keyed by notifier name, and a notifier's name is
 * whatever a (possibly untrusted) file says. Names that are also properties
 * of Object.prototype must be recorded like any other — before the fix in
 * client/dispatch/history.ts, `constructor`, `toString` and `__proto__` made
 * every history write fail (so those deliveries left no record).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runSend } from '../../client/cli/send';
import { HistoryStore } from '../../client/dispatch/history';
import { HttpReceiver } from '../support/httpReceiver';
import { deliveriesOf, recordingSleep, scratch } from './pipeline';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'plain'];

let receiver: HttpReceiver;
let dir: string;
before(async () => {
  receiver = await HttpReceiver.start();
  dir = scratch({});
});
after(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

function source(url: string): string {
  return NAMES.map((n) => `notifier "${n}" {\n    on package.added;\n    webhook { url = "${url}"; retries = 0; }\n}\n`).join('\n');
}

test('notifiers named like Object.prototype properties are recorded in the history, every send', async () => {
  receiver.replyByDefault({ status: 200, body: 'ok' });
  const historyPath = join(dir, '.notify', 'history.json');
  let stderr = '';
  const send = () =>
    runSend(deliveriesOf(source(receiver.url('/h'))), {
      allowPrivate: true,
      env: {},
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      historyPath,
      version: '0.0.0-test',
      sleep: recordingSleep().sleep,
    });
  assert.equal(await send(), 0);
  assert.equal(await send(), 0);
  assert.doesNotMatch(stderr, /warning/, 'no history write failed');

  const file = JSON.parse(readFileSync(historyPath, 'utf8')) as { notifiers: Record<string, { ok: boolean }[]> };
  assert.deepEqual(Object.keys(file.notifiers).sort(), [...NAMES].sort());
  for (const n of NAMES) {
    assert.ok(Object.hasOwn(file.notifiers, n), n);
    assert.equal(file.notifiers[n]!.length, 2, `${n}: two sends, two entries`);
    assert.ok(file.notifiers[n]!.every((e) => e.ok));
  }
  const store = new HistoryStore(historyPath);
  for (const n of NAMES) assert.equal((await store.entries(n)).length, 2, n);
  assert.deepEqual(await store.entries('isPrototypeOf'), [], 'an unknown name has no entries, not an inherited function');
  assert.equal(({} as Record<string, unknown>)['ok'], undefined, 'Object.prototype untouched');
});

test('a history file that is a device (a symlink in a cloned repository) is refused, not read', async () => {
  const at = join(dir, 'zero-history');
  mkdirSync(at, { recursive: true });
  symlinkSync('/dev/zero', join(at, 'history.json'));
  const store = new HistoryStore(join(at, 'history.json'));
  const started = Date.now();
  await assert.rejects(store.load(), /not a regular file/);
  assert.ok(Date.now() - started < 5000);
});
