/**
 * Every fault of the matrix (./faults.ts) through source → render → dispatch
 * → history, plus the same faults seen through the `notify send` process.
 */
import { HistoryStore } from '../../client/dispatch/history';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../support/httpReceiver';
import { UntrustedTlsReceiver } from './faultServers';
import { FAULT_CASES, FaultLab, judge } from './faults';
import { runCli, scratch } from './pipeline';

describe('fault matrix through the dispatcher', () => {
  let lab: FaultLab;
  before(async () => (lab = await FaultLab.start()));
  after(() => lab.close());

  for (const c of FAULT_CASES) {
    it(`${c.name}: ${c.expect.ok ? 'delivered' : 'failed'} after ${c.expect.attempts} attempt(s), history true`, async () => {
      const outcome = await c.run(lab);
      assert.deepEqual(judge(c, outcome), [], JSON.stringify(outcome.result));
    });
  }
});

describe('faults through the notify send process', () => {
  let receiver: HttpReceiver;
  let tls: UntrustedTlsReceiver;
  const dirs: string[] = [];
  before(async () => {
    receiver = await HttpReceiver.start();
    tls = await UntrustedTlsReceiver.start();
  });
  after(async () => {
    await receiver.close();
    await tls.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const notifier = (name: string, url: string, transport: string) =>
    `notifier "${name}" {\n    on package.added;\n    webhook {\n        url = "${url}";\n        ${transport}\n    }\n}\n`;

  it('500 then 200, a 302, and an untrusted certificate: results, attempts, exit code and history agree', async () => {
    receiver.reset();
    receiver.reply((req) => (req.path === '/retry' ? { status: 500 } : { redirectTo: 'https://example.com/' }), { status: 200, body: 'ok' });
    const dir = scratch({
      'n.notify': [
        notifier('retried', receiver.url('/retry'), 'retries = 2; backoff = @(50ms);'),
        notifier('redirected', receiver.url('/moved'), 'retries = 2; backoff = @(50ms);'),
        notifier('bad cert', tls.url(), 'retries = 2; backoff = @(50ms);'),
      ].join('\n'),
    });
    dirs.push(dir);
    // The receiver answers in arrival order: /retry → 500, then /retry → 200 (the queue), then /moved → 302 (the default).
    receiver.replyByDefault({ redirectTo: 'https://example.com/' });
    const r = await runCli(['send', 'n.notify', '--allow-private'], dir);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { notifier: string; ok: boolean; status: number | null; attempts: number; error: string | null });
    const by = Object.fromEntries(lines.map((l) => [l.notifier, l]));
    assert.deepEqual([by.retried!.ok, by.retried!.status, by.retried!.attempts], [true, 200, 2]);
    assert.deepEqual([by.redirected!.ok, by.redirected!.status, by.redirected!.attempts], [false, 302, 1]);
    assert.deepEqual([by['bad cert']!.ok, by['bad cert']!.status, by['bad cert']!.attempts], [false, null, 1]);
    assert.match(by['bad cert']!.error!, /TLS|certificate/i);
    assert.equal(tls.requests, 0, 'no request got through the untrusted handshake');
    assert.deepEqual(receiver.requests.map((q) => q.path), ['/retry', '/retry', '/moved'], 'the redirect was not followed');
    assert.match(r.stderr, /\[retried\/webhook\] attempt 1\/3 → 500, retrying in/);

    const history = await new HistoryStore(join(dir, '.notify', 'history.jsonl')).load();
    for (const line of lines) {
      const [entry] = history.notifiers[line.notifier]!;
      assert.deepEqual([entry!.ok, entry!.status, entry!.attempts, entry!.error], [line.ok, line.status, line.attempts, line.error], line.notifier);
    }
  });

  it('a stalled receiver is cut off by the timeout of each attempt, and the process exits', async () => {
    receiver.reset();
    receiver.replyByDefault({ stallHeaders: true });
    const dir = scratch({ 'n.notify': notifier('stalled', receiver.url('/slow'), 'retries = 1; backoff = @(10ms); timeout = 500ms;') });
    dirs.push(dir);
    const r = await runCli(['send', 'n.notify', '--allow-private'], dir);
    assert.equal(r.code, 1);
    const line = JSON.parse(r.stdout.trim()) as { ok: boolean; attempts: number; error: string };
    assert.deepEqual([line.ok, line.attempts], [false, 2]);
    assert.match(line.error, /timed out after 500ms/);
    // Exit code 1, not a kill by runCli's own timeout: the process ended by itself
    // while the receiver still held both connections open.
  });
});
