import { HistoryStore } from '../../../client/dispatch/history';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { runSend } from '../../../client/cli/send';
import { historyFileIn } from '../../../client/dispatch/historyLocation';
import { HttpReceiver } from '../../support/httpReceiver';
import { httpDelivery, recordingSleep } from '../../support/deliveries';

let receiver: HttpReceiver;
let dir: string;
before(async () => {
  receiver = await HttpReceiver.start();
  dir = await mkdtemp(join(tmpdir(), 'notify-send-'));
});
after(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.reset());

async function send(deliveries: Parameters<typeof runSend>[0], extra: Partial<Parameters<typeof runSend>[1]> = {}) {
  let stdout = '';
  let stderr = '';
  const { sleep, waits } = recordingSleep();
  const code = await runSend(deliveries, {
    allowPrivate: true,
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: { write: (t: string) => void (stderr += t) },
    historyPath: historyFileIn(dir),
    version: '0.1.0',
    sleep,
    random: () => 0.5,
    ...extra,
  });
  return { code, stdout, stderr, waits, lines: stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('one JSON line per delivery with exactly the spec keys in order; exit 0 when all delivered', async () => {
  receiver.reply({ status: 200, body: 'ok' }, { status: 204 });
  const out = await send([
    httpDelivery(receiver.url('/slack'), { notifier: 'Critical vulnerabilities', channel: 'slack' }),
    httpDelivery(receiver.url('/hook'), { notifier: 'Critical vulnerabilities' }),
  ]);
  assert.equal(out.code, 0);
  assert.equal(out.lines.length, 2);
  for (const line of out.lines) {
    assert.deepEqual(Object.keys(line), ['notifier', 'channel', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']);
  }
  assert.deepEqual({ ...out.lines[0], durationMs: 0 }, {
    notifier: 'Critical vulnerabilities', channel: 'slack', target: receiver.url('/slack'), ok: true, status: 200, attempts: 1, durationMs: 0, error: null,
  });
  assert.equal(typeof out.lines[1]!.durationMs, 'number');
  assert.equal(out.stderr, 'notify: [Critical vulnerabilities/slack] attempt 1/4 → 200, delivered\nnotify: [Critical vulnerabilities/webhook] attempt 1/4 → 204, delivered\n');
});

test('progress lines per attempt on stderr, exit 1 when any delivery failed, order kept', async () => {
  receiver.reply({ status: 503 }, { status: 503 }, { status: 200, body: 'ok' }, { status: 404, body: 'no such hook' });
  const out = await send([
    httpDelivery(receiver.url('/a'), { notifier: 'Critical vulnerabilities', channel: 'slack', transport: { retries: 3, backoffMs: [12_000, 60_000] } }),
    httpDelivery(receiver.url('/b'), { notifier: 'Second' }),
  ]);
  assert.equal(out.code, 1);
  assert.deepEqual(out.stderr.trim().split('\n'), [
    'notify: [Critical vulnerabilities/slack] attempt 1/4 → 503, retrying in 12s',
    'notify: [Critical vulnerabilities/slack] attempt 2/4 → 503, retrying in 1m',
    'notify: [Critical vulnerabilities/slack] attempt 3/4 → 200, delivered',
    'notify: [Second/webhook] attempt 1/4 → 404, not retried',
  ]);
  assert.deepEqual(out.waits, [12_000, 60_000]);
  assert.deepEqual(out.lines.map((l) => [l.notifier, l.ok, l.status, l.attempts]), [
    ['Critical vulnerabilities', true, 200, 3],
    ['Second', false, 404, 1],
  ]);
  assert.match(String(out.lines[1]!.error), /404 \(check the URL.*\): no such hook/);
});

test('giving up after the last attempt is said so; a delivery that cannot start is reported on stderr', async () => {
  receiver.replyByDefault({ status: 500 });
  const out = await send([
    httpDelivery(receiver.url(), { notifier: 'N', transport: { retries: 1, backoffMs: [500] } }),
    httpDelivery(receiver.url(), { notifier: 'M', request: { body: '‹secret:absent›' } }),
  ]);
  assert.equal(out.code, 1);
  const lines = out.stderr.trim().split('\n');
  assert.equal(lines[0], 'notify: [N/webhook] attempt 1/2 → 500, retrying in 500ms');
  assert.equal(lines[1], 'notify: [N/webhook] attempt 2/2 → 500, giving up');
  assert.match(lines[2]!, /^notify: \[M\/webhook\] not sent: secret "absent" is not set/);
  assert.equal(out.lines[1]!.attempts, 0);
  assert.equal(out.lines[1]!.status, null);
});

test('history goes to .notify/history.jsonl with a .gitignore, and without allowPrivate the guard holds', async () => {
  const out = await send([httpDelivery(receiver.url(), { notifier: 'Guarded' })], { allowPrivate: false, allowInsecureHttp: true });
  assert.equal(out.code, 1);
  assert.match(String(out.lines[0]!.error), /refused to connect to 127\.0\.0\.1/);
  assert.equal(receiver.requests.length, 0);
  const entries = (await new HistoryStore(join(dir, '.notify', 'history.jsonl')).load()).notifiers['Guarded']!;
  assert.equal(entries.length, 1);
  assert.equal(entries[0].ok, false);
  assert.equal(await readFile(join(dir, '.notify', '.gitignore'), 'utf8'), '*\n');
});
