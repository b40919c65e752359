import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { httpDelivery, loopbackOptions } from '../../support/deliveries';
import { RawHttpServer } from '../../support/rawHttpServer';

/**
 * A reply whose length is ambiguous is a reply the parser refuses: the
 * receiver answered, so it has the request, and a retry could deliver it
 * twice (docs/delivery.md, "Attempts, retries and backoff"). undici reports
 * these as a length mismatch rather than a parser error; they were retried.
 */
for (const [what, reply] of [
  ['two Content-Length headers that differ', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nok'],
  ['two equal Content-Length headers', 'HTTP/1.1 500 Oops\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nno'],
  ['Content-Length with Transfer-Encoding: chunked', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'],
] as const) {
  test(`${what}: failed at once as not valid HTTP/1.1, not retried`, async () => {
    const server = await RawHttpServer.start((socket) => socket.end(reply));
    try {
      const r = await dispatch(httpDelivery(server.url(), { transport: { retries: 3, backoffMs: [10] } }), loopbackOptions());
      assert.equal(r.ok, false);
      assert.equal(r.attempts, 1);
      assert.equal(server.requests, 1, 'sent once');
      assert.equal(r.status, null);
      assert.match(r.error ?? '', /^the reply is not valid HTTP\/1\.1 \(its length is ambiguous: .*\); not retried/);
    } finally {
      await server.close();
    }
  });
}

test('controls: a 500 whose body is shorter than its one Content-Length, or a reply cut inside its headers, is still a network error (retried)', async () => {
  for (const reply of ['HTTP/1.1 500 x\r\nContent-Length: 10\r\n\r\nab', 'HTTP/1.1 500 x\r\nContent-Length: 5\r\n']) {
    const server = await RawHttpServer.start((socket) => socket.end(reply));
    try {
      const r = await dispatch(httpDelivery(server.url(), { transport: { retries: 1, backoffMs: [10] } }), loopbackOptions());
      assert.equal(r.ok, false);
      assert.equal(r.attempts, 2, JSON.stringify(reply));
      assert.match(r.error ?? '', /connection closed by the receiver/);
    } finally {
      await server.close();
    }
  }
});
