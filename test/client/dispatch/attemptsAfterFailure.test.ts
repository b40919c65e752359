import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { HistoryStore } from '../../../client/dispatch/history';
import { emailDelivery, httpDelivery, loopbackOptions } from '../../support/deliveries';
import { HttpReceiver } from '../../support/httpReceiver';
import { TestSmtpServer } from '../../support/smtpServer';

/**
 * Whatever ends a delivery with an internal error after requests went out (a
 * caller's progress hook that throws — the editor's output channel disposed
 * mid-send — or a bug), those requests went: the result and the history said
 * `attempts: 0`, which reads as "not sent" (docs/delivery.md, History), of a
 * message the receiver has.
 */
let receiver: HttpReceiver;
let smtp: TestSmtpServer;
before(async () => {
  receiver = await HttpReceiver.start();
  smtp = await TestSmtpServer.start();
});
after(async () => {
  await receiver.close();
  await smtp.close();
});

const throwing = () => {
  throw new Error('output channel disposed');
};

for (const kind of ['http', 'email'] as const) {
  test(`${kind}: a progress hook that throws after the first attempt: failed, but 1 attempt (not "not sent"), in the result and the history`, async () => {
    receiver.reply({ status: 200 });
    const dir = mkdtempSync(join(tmpdir(), 'notify-attempts-'));
    const history = new HistoryStore(join(dir, 'history.jsonl'));
    const delivery = kind === 'http' ? httpDelivery(receiver.url('/hook')) : emailDelivery({});
    const r = await dispatch(delivery, { ...loopbackOptions(), smtp: { host: '127.0.0.1', port: smtp.port }, history, onAttempt: throwing });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /^internal error: output channel disposed/);
    assert.equal(r.attempts, 1);
    const [entry] = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    assert.equal(entry.attempts, 1);
  });
}
