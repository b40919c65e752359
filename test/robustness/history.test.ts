/**
 * The dispatch history is keyed by notifier name, and a notifier's name is
 * whatever a (possibly untrusted) file says. Names that are also properties
 * of Object.prototype must be recorded like any other — before the fix in
 * client/dispatch/history.ts, `constructor`, `toString` and `__proto__` made
 * every history write fail (so those deliveries left no record).
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runSend } from '../../client/cli/send';
import { HistoryStore } from '../../client/dispatch/history';
import { HttpReceiver } from '../support/httpReceiver';
import { deliveriesOf, recordingSleep, runCli, scratch } from './pipeline';

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
  const historyPath = join(dir, '.notify', 'history.jsonl');
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

  const file = await new HistoryStore(historyPath).load();
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

test('20 `notify send` processes at once in one folder record 20 entries', async () => {
  receiver.replyByDefault({ status: 200, body: 'ok' });
  const folder = scratch({ 'n.notify': `notifier "concurrent" {\n    on package.added;\n    webhook { url = "${receiver.url('/c')}"; retries = 0; }\n}\n` });
  try {
    const runs = await Promise.all(Array.from({ length: 20 }, () => runCli(['send', 'n.notify', '--allow-private'], folder)));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    for (const r of runs) assert.doesNotMatch(r.stderr, /warning/, 'no process failed to record');
    const entries = await new HistoryStore(join(folder, '.notify', 'history.jsonl')).entries('concurrent');
    assert.equal(entries.length, 20, 'every delivery recorded');
    assert.ok(entries.every((e) => e.ok));
    assert.deepEqual(readdirSync(join(folder, '.notify')).sort(), ['.gitignore', 'history.jsonl'], 'no lock or temporary file left');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('NOTIFY_HISTORY=/dev/null or a symlinked history: the send goes out, /dev/null and the link target stay as they are', async () => {
  receiver.replyByDefault({ status: 200, body: 'ok' });
  const folder = scratch({ 'n.notify': `notifier "n" {\n    on package.added;\n    webhook { url = "${receiver.url('/d')}"; retries = 0; }\n}\n`, 'victim.txt': 'keep\n' });
  try {
    const r = await runCli(['send', 'n.notify', '--allow-private'], folder, { NOTIFY_HISTORY: '/dev/null' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /not a regular file/);
    assert.ok(statSync('/dev/null').isCharacterDevice());
    mkdirSync(join(folder, '.notify'));
    symlinkSync(join(folder, 'victim.txt'), join(folder, '.notify', 'history.jsonl'));
    const r2 = await runCli(['send', 'n.notify', '--allow-private'], folder);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stderr, /not a regular file/);
    assert.equal(readFileSync(join(folder, 'victim.txt'), 'utf8'), 'keep\n');
    assert.ok(lstatSync(join(folder, '.notify', 'history.jsonl')).isSymbolicLink());
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
