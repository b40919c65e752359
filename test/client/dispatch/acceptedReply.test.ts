// A 2xx whose body breaks off: the receiver had taken the message, so the
// delivery is delivered with a note, never retried (a retry would deliver it
// twice). docs/delivery.md, "Attempts, retries and backoff"; LANGUAGE.md 9.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { httpDelivery, loopbackOptions } from '../../support/deliveries';
import { BrokenReplyServer } from '../../support/brokenReplyServer';
import { runCli, scratch } from '../cli/runCli';

type BrokenReply = Parameters<typeof BrokenReplyServer.start>[0];
const CUT_200: BrokenReply = { head: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\n', body: '0123456789', then: 'destroy' };

async function withServer<T>(reply: BrokenReply, run: (s: BrokenReplyServer) => Promise<T>): Promise<T> {
  const server = await BrokenReplyServer.start(reply);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

describe('a 2xx reply whose body cannot be read', () => {
  it('connection reset mid-body: delivered once, with a note; not retried', async () => {
    await withServer(CUT_200, async (server) => {
      const r = await dispatch(httpDelivery(server.url(), { transport: { retries: 3, backoffMs: [1] } }), loopbackOptions());
      assert.equal(server.requests, 1);
      assert.equal(r.ok, true);
      assert.equal(r.status, 200);
      assert.equal(r.attempts, 1);
      assert.equal(r.error, null);
      assert.match(r.note ?? '', /^the reply body could not be read \(connection (closed|reset) by the receiver\); the receiver had answered 200, so the message counts as delivered and is not sent again$/);
      assert.equal(r.reply, '0123456789');
    });
  });

  it('a timeout while reading the body: delivered once, the note says so', async () => {
    await withServer({ ...CUT_200, then: 'stall' }, async (server) => {
      const r = await dispatch(httpDelivery(server.url(), { transport: { retries: 2, backoffMs: [1], timeoutMs: 300 } }), loopbackOptions());
      assert.equal(server.requests, 1);
      assert.equal(r.ok, true);
      assert.equal(r.attempts, 1);
      assert.match(r.note ?? '', /\(timed out after 300ms reading the reply body\)/);
    });
  });

  it("a channel that reads its body (Slack's `ok`) is delivered too: the body never came, the status did", async () => {
    await withServer({ ...CUT_200, head: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n', body: 'o' }, async (server) => {
      const r = await dispatch(httpDelivery(server.url(), { channel: 'slack', transport: { retries: 3, backoffMs: [1] } }), loopbackOptions());
      assert.equal(server.requests, 1);
      assert.equal(r.ok, true);
      assert.match(r.note ?? '', /could not be read/);
    });
  });

  it('a body over the cap is read to the cap: delivered once, no note', async () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n';
    await withServer({ head, body: 'x'.repeat(5000), then: 'stall' }, async (server) => {
      const r = await dispatch(httpDelivery(server.url(), { transport: { retries: 3, backoffMs: [1] } }), { ...loopbackOptions(), maxReplyBytes: 64 });
      assert.equal(server.requests, 1);
      assert.equal(r.ok, true);
      assert.equal(r.note, undefined);
      assert.equal(r.reply, 'x'.repeat(64));
    });
  });

  it('not a 2xx: a broken body is a network error, retried as before', async () => {
    await withServer({ ...CUT_200, head: 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\n' }, async (server) => {
      const r = await dispatch(httpDelivery(server.url(), { transport: { retries: 1, backoffMs: [1] } }), loopbackOptions());
      assert.equal(server.requests, 2);
      assert.equal(r.ok, false);
      assert.equal(r.status, null);
      assert.equal(r.note, undefined);
    });
  });

  it('notify send: exit 0, the note on stderr and in the JSON line, one request', async () => {
    await withServer(CUT_200, async (server) => {
      const dir = scratch({
        'n.notify': `notifier "Hook" {
    on package.added;
    webhook {
        url = "${server.url('/in')}";
        retries = 3;
        backoff = @(100ms);
        body = $ToJson(%(id: $PackageId));
    }
}
sample "one" for package.added { $PackageId = "A.B"; }
`,
      });
      const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.requests, 1);
      const line = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
      assert.equal(line.ok, true);
      assert.equal(line.attempts, 1);
      assert.deepEqual(Object.keys(line), ['notifier', 'channel', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error', 'note']);
      assert.match(String(line.note), /could not be read/);
      assert.match(r.stderr, /notify: \[Hook\/webhook\] attempt 1\/4 → 200, reply body unread, delivered/);
      assert.match(r.stderr, /notify: \[Hook\/webhook\] note: the reply body could not be read \(/);
      assert.match(r.stderr, /1 sent, 0 failed/);
    });
  });
});
