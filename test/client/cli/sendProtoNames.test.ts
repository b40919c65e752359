import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { httpDelivery, loopbackOptions } from '../../support/deliveries';
import { RawHttpServer } from '../../support/rawHttpServer';
import { runCli, scratch } from './runCli';

/**
 * Names a receiver chooses — a `Content-Encoding`, a Slack error code — were
 * looked up in plain objects, where `constructor`, `toString` and
 * `__proto__` are inherited members: `Content-Encoding: constructor` threw
 * inside undici's handler and ended `notify send` with an uncaught
 * TypeError (no result line, no history entry), and a Slack 503 whose body
 * was `toString` was taken for a known, final Slack error and not retried.
 */
const reply = (status: number, headers: string, body: string) => `HTTP/1.1 ${status} X\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

for (const coding of ['constructor', 'toString', '__proto__']) {
  test(`notify send: a 500 with Content-Encoding: ${coding} is a reply like any other (described, retried), recorded, no crash`, async () => {
    const server = await RawHttpServer.start((socket) => socket.end(reply(500, `Content-Encoding: ${coding}\r\n`, 'boom')));
    try {
      const dir = scratch({
        'n.notify': `notifier "Hook" {
    on package.added;
    webhook {
        url = "${server.url()}";
        retries = 1;
        backoff = @(10ms);
        body = "x";
    }
}
`,
      });
      const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_HISTORY: 'h.jsonl' }, timeoutMs: 60_000 });
      assert.doesNotMatch(r.stderr, /TypeError|at .*\.ts:\d+/, r.stderr);
      assert.equal(r.code, 1, r.stderr);
      const line = JSON.parse(r.stdout.trim());
      assert.deepEqual([line.ok, line.status, line.attempts], [false, 500, 2]);
      assert.equal(line.error, `the receiver answered 500: ‹4 bytes, ${coding}-encoded, not shown›`);
      assert.equal(server.requests, 2);
      const history = readFileSync(join(dir, 'h.jsonl'), 'utf8').trim().split('\n');
      assert.equal(history.length, 2, 'the header and one entry');
      assert.equal(JSON.parse(history[1]!).error, line.error);
    } finally {
      await server.close();
    }
  });
}

for (const body of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
  test(`slack: a 503 whose body is "${body}" is a 503 (retried), not a Slack error code`, async () => {
    const server = await RawHttpServer.start((socket, _head, n) => socket.end(n === 0 ? reply(503, '', body) : reply(200, '', 'ok')));
    try {
      const r = await dispatch(httpDelivery(server.url(), { channel: 'slack', transport: { retries: 1, backoffMs: [10] } }), loopbackOptions());
      assert.equal(r.ok, true, r.error ?? '');
      assert.equal(r.attempts, 2);
    } finally {
      await server.close();
    }
  });
}
