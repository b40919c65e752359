/**
 * The guard, cross-layer: every blocked address class, by IP literal and by
 * a name that resolves to it, through source → render → dispatch, and
 * through the `notify send` process (IP literals and `localhost` via the
 * system resolver). Refused without the allowance, delivered with it where
 * reachable (loopback).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { refusalReason } from '../../client/dispatch/guard';
import { HistoryStore } from '../../client/dispatch/history';
import { ALLOWED_LOOPBACK, BLOCKED_CLASSES, judgeRefusal, LoopbackReceivers, PUBLIC_CONTROLS, tryAddress, urlHost } from './guardMatrix';
import { runCli, scratch } from './pipeline';

describe('guard matrix through the dispatcher', () => {
  let rx: LoopbackReceivers;
  before(async () => (rx = await LoopbackReceivers.start()));
  after(() => rx.close());

  for (const cls of BLOCKED_CLASSES) {
    it(`${cls.label}: refused by literal and by name without the allowance`, async () => {
      const problems: string[] = [];
      for (const address of cls.addresses) {
        for (const route of ['literal', 'name'] as const) {
          const t = await tryAddress(rx, address, route, false, cls.label);
          for (const p of judgeRefusal(t)) problems.push(`${address} (${route}): ${p}`);
          if (route === 'literal') assert.equal(t.result.attempts, 0, `${address}: refused before connecting`);
          else assert.match(t.result.error ?? '', new RegExp(`hook-.*\\.example\\.test \\(`), 'the refusal names the host and the address it resolved to');
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('with the allowance, loopback delivers by literal and by name (IPv4, IPv4-mapped and IPv6 loopback)', async () => {
    const addresses = ALLOWED_LOOPBACK(rx);
    assert.ok(addresses.length >= 2);
    for (const address of addresses) {
      for (const route of ['literal', 'name'] as const) {
        const t = await tryAddress(rx, address, route, true);
        assert.equal(t.result.ok, true, `${address} (${route}): ${t.result.error}`);
        assert.equal(t.reached, 1);
      }
    }
  });

  it('public addresses pass the address check (the guard does not refuse everything)', () => {
    for (const a of PUBLIC_CONTROLS) assert.equal(refusalReason(a), null, a);
  });
});

describe('guard through the notify send process', () => {
  const dirs: string[] = [];
  let rx: LoopbackReceivers;
  before(async () => (rx = await LoopbackReceivers.start()));
  after(async () => {
    await rx.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('every blocked literal and localhost are refused without --allow-private; nothing is reached', async () => {
    const targets = [...BLOCKED_CLASSES.flatMap((c) => c.addresses.map(urlHost)), 'localhost', 'metadata.google.internal'];
    const source = targets
      .map((host, i) => `notifier "t${i} ${host}" {\n    on package.added;\n    webhook { url = "https://${host}:${rx.port}/x"; retries = 3; backoff = @(10ms); }\n}\n`)
      .join('\n');
    const dir = scratch({ 'guard.notify': source });
    dirs.push(dir);
    const r = await runCli(['send', 'guard.notify'], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { notifier: string; ok: boolean; attempts: number; error: string });
    assert.equal(lines.length, targets.length);
    for (const line of lines) {
      assert.equal(line.ok, false, line.notifier);
      // `localhost` is refused in the socket's lookup, the literals before it: either way nothing left (docs/delivery.md).
      assert.equal(line.attempts, 0, `${line.notifier}: ${line.attempts} attempts`);
      assert.match(line.error, /refused to connect to .* are blocked unless allowed \(notify send --allow-private/, line.notifier);
    }
    assert.equal(rx.hits, 0, 'no request reached the loopback receiver');
    const local = lines.find((l) => l.notifier.endsWith(' localhost'))!;
    assert.match(r.stderr, new RegExp(`\\[${local.notifier}/webhook\\] not sent: refused to connect to localhost`));
    assert.doesNotMatch(r.stderr, /\[[^\]]* localhost\/webhook\] attempt/, 'no attempt line for a refusal');
    const recorded = await new HistoryStore(join(dir, '.notify', 'history.jsonl')).entries(local.notifier);
    assert.deepEqual(recorded.map((e) => [e.ok, e.attempts, e.status]), [[false, 0, null]], 'recorded as not sent');
  });

  it('with --allow-private the loopback receiver is reached by literal and by localhost', async () => {
    const hosts = ['127.0.0.1', 'localhost', ...(rx.hasIpv6 ? ['[::1]'] : [])];
    const source = hosts.map((h, i) => `notifier "a${i}" {\n    on package.added;\n    webhook { url = "http://${h}:${rx.port}/x"; retries = 0; }\n}\n`).join('\n');
    const dir = scratch({ 'allowed.notify': source });
    dirs.push(dir);
    const before = rx.hits;
    const r = await runCli(['send', 'allowed.notify', '--allow-private'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(rx.hits - before, hosts.length);
  });
});
