import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { httpDelivery, loopbackOptions } from '../../support/deliveries';
import { runCli, scratch } from '../cli/runCli';

/**
 * `timeout` covers connecting (docs/delivery.md): a receiver that takes the
 * TCP connection and never answers the TLS handshake keeps undici connecting
 * until its own connect timeout (10 s), which the attempt's deadline must not wait for.
 */
let silent: Server;
const sockets = new Set<Socket>();
let bytes = 0;
before(async () => {
  silent = createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => (bytes += d.length));
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});
const url = () => `https://127.0.0.1:${(silent.address() as { port: number }).port}/hook`;

test('a TLS handshake that never completes ends each attempt at its timeout (retried), and the dispatch returns then', async () => {
  const t0 = performance.now();
  const r = await dispatch(httpDelivery(url(), { transport: { timeoutMs: 300, retries: 1, backoffMs: [10] } }), { ...loopbackOptions(), recordAttempts: true });
  const ms = performance.now() - t0;
  assert.equal(r.ok, false);
  assert.equal(r.attempts, 2, 'a timeout is retried');
  assert.equal(r.error, 'timed out after 300ms');
  for (const a of r.attemptRecords!) assert.ok(a.durationMs < 5000, `attempt ${a.attempt} took ${a.durationMs} ms with timeout = 300ms`);
  // Before: 2 × 10 s (undici's connect timeout), and as long again to close the agent.
  assert.ok(ms < 9000, `the dispatch took ${Math.round(ms)} ms`);
});

test('notify send: the same receiver costs the attempts\' timeouts, not undici\'s connect timeout (--format json prints at once)', async () => {
  const dir = scratch({
    'n.notify': `notifier "Hook" {
    on package.added;
    webhook {
        url = "${url()}";
        timeout = 300ms;
        retries = 1;
        backoff = @(10ms);
        body = "x";
    }
}
`,
  });
  const t0 = performance.now();
  const r = await runCli(['send', 'n.notify', '--allow-private', '--format', 'json'], { cwd: dir, env: { NOTIFY_HISTORY: 'h.jsonl' }, timeoutMs: 60_000 });
  const ms = performance.now() - t0;
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.ok, false);
  assert.equal(doc.deliveries[0].attempts.length, 2);
  assert.equal(doc.deliveries[0].error, 'timed out after 300ms');
  assert.ok(ms < 9000, `notify send took ${Math.round(ms)} ms (before: over 20 s)`);
});
