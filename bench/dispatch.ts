/**
 * Dispatcher overhead: 1,000 webhook deliveries to a local receiver through
 * `dispatch()` (placeholders, signing, guard agent, reply reading,
 * redaction) versus a bare `undici.request` loop sending the same requests
 * over the same kind of agent. Goal (issue 10): the dispatcher within 1.1x,
 * on the median batch and on CPU.
 *
 *   node --import tsx bench/dispatch.ts [count]
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';
import type { RenderedDelivery } from '../grammar/render/delivery';
import { dispatch } from '../client/dispatch/dispatcher';
import { createHttpAgent } from '../client/dispatch/http';
import { envSecretSource } from '../client/dispatch/secrets';
import { fmt, median, table } from './stats';

const COUNT = Number(process.argv[2] ?? 1000);
const TARGET_RATIO = 1.1;
const TOKEN = 'bench-token-0123456789';
const SIGNING = 'bench-signing-secret';

setFlagsFromString('--expose-gc');
const gc = (globalThis as { gc?: () => void }).gc ?? (runInNewContext('gc') as () => void);

async function main(): Promise<void> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  const body = (i: number) => JSON.stringify({ event: 'package.added', packageId: 'Newtonsoft.Json', version: `13.0.${i}`, feed: 'internal-nuget' });
  const delivery = (i: number): RenderedDelivery => ({
    notifier: 'Bench',
    event: 'package.added',
    sample: null,
    channel: 'webhook',
    request: { method: 'POST', url, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ‹secret:token›' }, body: body(i) },
    transport: { timeoutMs: 10_000, retries: 0, backoffMs: [10_000], eventId: `evt_${i}`, signing: { scheme: 'hmac-sha256', secret: '‹secret:signing›', header: 'X-Notify-Signature' } },
  });

  const secrets = envSecretSource({ NOTIFY_SECRET_TOKEN: TOKEN, NOTIFY_SECRET_SIGNING: SIGNING });

  async function viaDispatcher(n: number): Promise<void> {
    const agent = createHttpAgent({ allowPrivate: true });
    for (let i = 0; i < n; i++) {
      const r = await dispatch(delivery(i), { secrets, env: {}, allowPrivate: true, allowEnv: false, version: '0.1.0', agent });
      if (!r.ok) throw new Error(`dispatch failed: ${r.error}`);
    }
    await agent.close();
  }

  async function viaUndici(n: number): Promise<void> {
    const agent = new Agent({ connections: 16 });
    for (let i = 0; i < n; i++) {
      const b = body(i);
      const res = await request(url, {
        dispatcher: agent,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${TOKEN}`,
          'User-Agent': 'notify/0.1.0',
          'X-Notify-Event': 'package.added',
          'X-Notify-Event-Id': `evt_${i}`,
          'X-Notify-Signature': 'sha256=' + createHmac('sha256', SIGNING).update(b).digest('hex'),
        },
        body: b,
      });
      await res.body.text();
      if (res.statusCode !== 204) throw new Error(`status ${res.statusCode}`);
    }
    await agent.close();
  }

  /** Memory growth over one full run of `count` deliveries. */
  async function memoryOf(run: (n: number) => Promise<void>) {
    gc();
    const before = process.memoryUsage();
    await run(COUNT);
    const after = process.memoryUsage();
    return { rss: (after.rss - before.rss) / 2 ** 20, heap: (after.heapUsed - before.heapUsed) / 2 ** 20 };
  }

  const cpuUs = { undici: 0, dispatcher: 0 };
  async function timed(run: (n: number) => Promise<void>, n: number): Promise<number> {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run(n);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuUs[run === viaUndici ? 'undici' : 'dispatcher'] += c.user + c.system;
    return ms;
  }

  // Warm both paths (JIT, sockets). Then time them in interleaved batches, so
  // a burst of load on a shared machine hits both sides alike.
  await viaUndici(200);
  await viaDispatcher(200);
  const BATCHES = 10;
  const batch = Math.ceil(COUNT / BATCHES);
  let undiciMs = 0;
  let dispatcherMs = 0;
  const ratios: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const first = b % 2 === 0;
    const u1 = first ? await timed(viaUndici, batch) : 0;
    const d = await timed(viaDispatcher, batch);
    const u = first ? u1 : await timed(viaUndici, batch);
    undiciMs += u;
    dispatcherMs += d;
    ratios.push(d / u);
  }
  const mu = await memoryOf(viaUndici);
  const md = await memoryOf(viaDispatcher);
  const total = batch * BATCHES;
  const ratio = dispatcherMs / undiciMs;
  const medianRatio = median(ratios);

  console.log(`${total} webhook deliveries each way to 127.0.0.1, sequential, in ${BATCHES} interleaved batches (receiver counted ${received} requests)`);
  console.log(
    table([
      ['', 'time ms', 'deliveries/s', 'CPU µs/delivery', `RSS Δ MiB (${COUNT})`, `heap Δ MiB (${COUNT})`],
      ['bare undici.request', fmt(undiciMs), fmt((total / undiciMs) * 1000, 0), fmt(cpuUs.undici / total, 0), fmt(mu.rss), fmt(mu.heap)],
      ['dispatch()', fmt(dispatcherMs), fmt((total / dispatcherMs) * 1000, 0), fmt(cpuUs.dispatcher / total, 0), fmt(md.rss), fmt(md.heap)],
    ]),
  );
  console.log(
    `ratio dispatcher / bare: ${fmt(ratio, 2)}x overall, ${fmt(medianRatio, 2)}x median batch, ` +
      `${fmt(cpuUs.dispatcher / cpuUs.undici, 2)}x CPU`,
  );
  const cpuRatio = cpuUs.dispatcher / cpuUs.undici;
  console.log(`verdict: goal ≤ ${TARGET_RATIO}x on the median batch and CPU — ${medianRatio <= TARGET_RATIO && cpuRatio <= TARGET_RATIO ? 'MET' : 'NOT MET'}`);
  server.close();
}

void main();
