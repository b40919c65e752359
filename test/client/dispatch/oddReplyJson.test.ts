import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { HistoryStore } from '../../../client/dispatch/history';
import { httpDelivery, loopbackOptions } from '../../support/deliveries';
import { RawHttpServer } from '../../support/rawHttpServer';

/**
 * A receiver answering JSON of a shape its service never sends made a
 * channel's reading of the reply throw (`error.message.slice is not a
 * function`): the delivery ended as `internal error: …`, a 503 was not
 * retried, and the history said 0 attempts — not sent — of a message that went.
 */
const json = (status: number, body: string) => `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test('googlechat: a 503 whose error message is an object is a 503 (retried), then delivered; history counts both attempts', async () => {
  const server = await RawHttpServer.start((socket, _h, n) => socket.end(n === 0 ? json(503, '{"error":{"code":503,"message":{}}}') : json(200, '{"name":"spaces/x/messages/y"}')));
  const dir = mkdtempSync(join(tmpdir(), 'notify-odd-'));
  try {
    const history = new HistoryStore(join(dir, 'history.jsonl'));
    const r = await dispatch(httpDelivery(server.url(), { channel: 'googlechat', transport: { retries: 2, backoffMs: [10] } }), { ...loopbackOptions(), history });
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(r.attempts, 2);
    assert.equal(server.requests, 2);
    const entries = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    assert.deepEqual(entries.map((e) => [e.ok, e.attempts]), [[true, 2]]);
  } finally {
    await server.close();
  }
});

for (const [channel, status, body, attempts] of [
  ['googlechat', 400, '{"error":{"message":{"x":1}}}', 1],
  ['pagerduty', 400, '{"status":"invalid event","errors":"routing_key missing"}', 1],
  ['pagerduty', 500, '{"errors":{"a":1}}', 2],
] as const) {
  test(`${channel}: ${status} ${body} is read by its status, never "internal error"`, async () => {
    const server = await RawHttpServer.start((socket) => socket.end(json(status, body)));
    try {
      const r = await dispatch(httpDelivery(server.url(), { channel, transport: { retries: 1, backoffMs: [10] } }), loopbackOptions());
      assert.equal(r.ok, false);
      assert.equal(r.attempts, attempts);
      assert.equal(r.status, status);
      assert.match(r.error ?? '', new RegExp(`^the receiver answered ${status}`));
    } finally {
      await server.close();
    }
  });
}

for (const [channel, status, body, attempts, error] of [
  // ntfy's own reading retried only 5xx: a 408 with its JSON error body was final.
  ['ntfy', 408, '{"code":40801,"http":408,"error":"request timeout"}', 2, /^ntfy answered 408: request timeout \(40801\)$/],
  ['ntfy', 503, '{"error":{"nested":true}}', 2, /^the receiver answered 503: \{"error":\{"nested":true\}\}$/],
  ['discord', 500, '{"message":[],"code":{}}', 2, /^the receiver answered 500: \{"message":\[\],"code":\{\}\}$/],
] as const) {
  test(`${channel}: ${status} ${body} — retried as its status says, no "[object Object]"`, async () => {
    const server = await RawHttpServer.start((socket) => socket.end(json(status, body)));
    try {
      const r = await dispatch(httpDelivery(server.url(), { channel, transport: { retries: 1, backoffMs: [10] } }), loopbackOptions());
      assert.equal(r.ok, false);
      assert.equal(r.attempts, attempts);
      assert.match(r.error ?? '', error);
      assert.doesNotMatch(r.error ?? '', /\[object Object\]/);
    } finally {
      await server.close();
    }
  });
}
