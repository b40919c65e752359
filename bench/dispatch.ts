/**
 * Dispatcher overhead: 1,000 webhook deliveries to a local receiver through
 * `dispatch()` (placeholders, signing, guard, deadline, reply reading,
 * redaction, reply interpretation) versus a bare `undici.request` loop
 * sending the same requests (same headers, body and signature) over an agent
 * with the same options. Goal (issue 10): the dispatcher within 1.1x, on the
 * median batch, in CPU and in wall time, once both senders are warm (the
 * figures of a fresh process's first thousand are printed too: see `compare`).
 *
 * What keeps the comparison fair:
 * - Each side runs in a process of its own (the parent only coordinates):
 *   in one process the two would share undici's and Node's stream code, and
 *   V8 would compile, deoptimise and recompile that code for both callers,
 *   charging the work to whichever side happened to run at the time. A
 *   process that sends deliveries runs one of them, not both. The batches
 *   still alternate between the two, so a burst of load on a shared machine
 *   hits both sides alike, and both get the same warm-up.
 * - The dispatcher is loaded as the build ships it (esbuild bundle, the
 *   options of build.mjs), not through tsx, whose transform wraps every
 *   function in `__name` and every imported binding in a getter; undici stays
 *   one module shared by both sides.
 * - The receiver runs in a child process, so the CPU figures are the
 *   sender's alone (a receiver in this process would add the same CPU to both
 *   sides and shrink the ratio).
 * - The dispatcher still does more, as it must: it looks the two secrets up,
 *   keeps a per-attempt deadline (the bare loop has no timeout), checks the
 *   URL against the guard, masks the reply's headers and body, interprets the
 *   reply and builds the result. Both read the whole (empty) reply.
 *
 *   node --import tsx bench/dispatch.ts [count] [--interpreter]
 *
 * `--interpreter` runs both senders with `--max-opt=0` (no optimizing
 * compiler): what each side's own work costs, apart from when V8 compiles
 * it. A diagnostic, not the goal's figure.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { Agent, request } from 'undici';
import type { RenderedDelivery } from '../grammar/render/delivery';
import type * as DispatchModule from '../client/dispatch/index';
import { fmt, median, table } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const COUNT = process.argv.includes('--side') ? 0 : Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);
/** Senders without V8's optimizing tiers (see the header). */
const INTERPRETER = process.argv.includes('--interpreter');
const TARGET_RATIO = 1.1;
const TOKEN = 'bench-token-0123456789';
const SIGNING = 'bench-signing-secret';

setFlagsFromString('--expose-gc');
const gc = (globalThis as { gc?: () => void }).gc ?? (runInNewContext('gc') as () => void);

/** client/dispatch bundled as build.mjs bundles it into dist/, with `undici` left to the very module the bare loop uses. */
async function bundleDispatcher(outfile: string): Promise<void> {
  const undici = createRequire(import.meta.url).resolve('undici');
  await build({
    entryPoints: [join(ROOT, 'client/dispatch/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: 'var __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    alias: { 'jsonc-parser': join(ROOT, 'node_modules/jsonc-parser/lib/esm/main.js') },
    plugins: [{ name: 'same-undici', setup: (b) => b.onResolve({ filter: /^undici$/ }, () => ({ path: undici, external: true })) }],
  });
}

/** A receiver in its own process: answers 204 to every request, and the number it took to `GET /count`. */
async function startReceiver(): Promise<{ url: string; count(): Promise<number>; close(): void }> {
  const code = `
    let received = 0;
    const server = require('node:http').createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/count') return res.end(String(received));
      req.resume();
      req.on('end', () => { received++; res.writeHead(204).end(); });
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
    process.stdin.on('end', () => process.exit(0)).resume();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<string>((ok, fail) => {
    child.once('error', fail);
    child.stdout.once('data', (d: Buffer) => ok(String(d).trim()));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/hook`,
    count: async () => Number(await (await request(`${origin}/count`)).body.text()),
    close: () => child.stdin.end(),
  };
}

type Side = 'undici' | 'dispatcher';
/** One batch: wall milliseconds and CPU microseconds (user + system, every thread) of the sending process. */
interface Timing {
  readonly ms: number;
  readonly cpuUs: number;
}
interface Growth {
  readonly rss: number;
  readonly heap: number;
}
/** What the parent asks a sending process to do: send a batch and time it, or send `count` and measure memory. */
type Ask = { readonly run: number } | { readonly memory: number };

const body = (i: number) => JSON.stringify({ event: 'package.added', packageId: 'Newtonsoft.Json', version: `13.0.${i}`, feed: 'internal-nuget' });

/** The sending loop of one side: `n` deliveries, one after another, over an agent made for the batch. */
function senderOf(side: Side, url: string, bundle: string): (n: number) => Promise<void> {
  if (side === 'undici') {
    return async (n) => {
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
    };
  }
  const { dispatch, createHttpAgent, envSecretSource } = createRequire(import.meta.url)(bundle) as typeof DispatchModule;
  const secrets = envSecretSource({ NOTIFY_SECRET_TOKEN: TOKEN, NOTIFY_SECRET_SIGNING: SIGNING });
  const delivery = (i: number): RenderedDelivery => ({
    notifier: 'Bench',
    event: 'package.added',
    sample: null,
    channel: 'webhook',
    request: { method: 'POST', url, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ‹secret:token›' }, body: body(i) },
    transport: { timeoutMs: 10_000, retries: 0, backoffMs: [10_000], eventId: `evt_${i}`, signing: { scheme: 'hmac-sha256', secret: '‹secret:signing›', header: 'X-Notify-Signature' } },
  });
  return async (n) => {
    const agent = createHttpAgent({ allowPrivate: true });
    for (let i = 0; i < n; i++) {
      const r = await dispatch(delivery(i), { secrets, env: {}, allowPrivate: true, allowEnv: false, version: '0.1.0', agent });
      if (!r.ok) throw new Error(`dispatch failed: ${r.error}`);
    }
    await agent.close();
  };
}

/** A sending process: does what the parent asks, one thing at a time, and answers with the figures. */
function serve(side: Side, url: string, bundle: string): void {
  const run = senderOf(side, url, bundle);
  process.on('message', (ask: Ask) => {
    const answer = 'run' in ask ? timed(run, ask.run) : memoryOf(run, ask.memory);
    answer.then(
      (figures) => process.send!(figures),
      (e: Error) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
  process.on('disconnect', () => process.exit(0));
}

async function timed(run: (n: number) => Promise<void>, n: number): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run(n);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuUs: c.user + c.system };
}

/** Memory growth over one run of `n` deliveries. */
async function memoryOf(run: (n: number) => Promise<void>, n: number): Promise<Growth> {
  gc();
  const before = process.memoryUsage();
  await run(n);
  const after = process.memoryUsage();
  return { rss: (after.rss - before.rss) / 2 ** 20, heap: (after.heapUsed - before.heapUsed) / 2 ** 20 };
}

/** The parent's handle on a sending process. */
class Sender {
  private readonly child: ChildProcess;
  private readonly exited: Promise<never>;

  constructor(side: Side, url: string, bundle: string) {
    const execArgv = INTERPRETER ? [...process.execArgv, '--max-opt=0'] : process.execArgv;
    this.child = fork(fileURLToPath(import.meta.url), ['--side', side, url, bundle], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((_, fail) => this.child.once('exit', (code) => fail(new Error(`the ${side} sender exited (${code})`))));
    this.exited.catch(() => {});
  }

  ask<T>(ask: Ask): Promise<T> {
    const answer = new Promise<T>((ok) => this.child.once('message', (m) => ok(m as T)));
    this.child.send(ask);
    return Promise.race([answer, this.exited]);
  }

  close(): void {
    this.child.disconnect();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'notify-bench-dispatch-'));
  const bundle = join(dir, 'dispatch.cjs');
  const receiver = await startReceiver();
  try {
    await bundleDispatcher(bundle);
    await compare(new Sender('undici', receiver.url, bundle), new Sender('dispatcher', receiver.url, bundle), receiver);
  } finally {
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deliveries each side sends, after the first 200, before the steady-state batches (see `compare`). */
const WARM_UP = 3000;
const BATCHES = 10;

/** Wall and CPU of `batches` interleaved batches of each side, with the median batch's ratios. */
async function batches(undici: Sender, dispatcher: Sender, batch: number): Promise<{ undici: Timing; dispatcher: Timing; wallRatio: number; cpuRatio: number }> {
  const sum = { undici: { ms: 0, cpuUs: 0 }, dispatcher: { ms: 0, cpuUs: 0 } };
  const wallRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    // Alternating which side goes first, so a burst of load on a shared machine hits both alike.
    const undiciFirst = b % 2 === 0;
    const u1 = undiciFirst ? await undici.ask<Timing>({ run: batch }) : null;
    const d = await dispatcher.ask<Timing>({ run: batch });
    const u = u1 ?? (await undici.ask<Timing>({ run: batch }));
    sum.undici.ms += u.ms;
    sum.undici.cpuUs += u.cpuUs;
    sum.dispatcher.ms += d.ms;
    sum.dispatcher.cpuUs += d.cpuUs;
    wallRatios.push(d.ms / u.ms);
    cpuRatios.push(d.cpuUs / u.cpuUs);
  }
  return { ...sum, wallRatio: median(wallRatios), cpuRatio: median(cpuRatios) };
}

/**
 * Two phases, both printed. Measured per batch of 100, a fresh sender's cost
 * per delivery falls about tenfold over its first ~3,000 deliveries (both
 * sides: V8 interprets, then compiles, undici's code and ours), so figures
 * taken there say more about when V8 tiered up a function than about either
 * side's work:
 * - warming: deliveries 200–1,200 of a fresh process, the phase a short
 *   `notify send` lives in — shown with its ratio, not judged;
 * - steady: 1,000 deliveries after each side has sent WARM_UP more — the
 *   dispatcher's own cost against the bare loop's, the goal's figure.
 */
async function compare(undici: Sender, dispatcher: Sender, receiver: Awaited<ReturnType<typeof startReceiver>>): Promise<void> {
  await undici.ask<Timing>({ run: 200 });
  await dispatcher.ask<Timing>({ run: 200 });
  const batch = Math.ceil(COUNT / BATCHES);
  const warming = await batches(undici, dispatcher, batch);
  await undici.ask<Timing>({ run: WARM_UP });
  await dispatcher.ask<Timing>({ run: WARM_UP });
  const steady = await batches(undici, dispatcher, batch);
  const mu = await undici.ask<Growth>({ memory: COUNT });
  const md = await dispatcher.ask<Growth>({ memory: COUNT });
  undici.close();
  dispatcher.close();
  const received = await receiver.count();
  const total = batch * BATCHES;

  console.log(`${total} webhook deliveries each way per phase to a receiver in another process on 127.0.0.1, sequential, in ${BATCHES} interleaved batches (receiver counted ${received} requests, warm-ups and memory runs included)`);
  console.log('each side sends from a process of its own; dispatcher loaded as esbuild bundles it for dist/; CPU is the sending process only');
  console.log(`warming: deliveries 200–${200 + total} of a fresh process; steady: after ${WARM_UP} more (per-delivery cost falls ~10x over a fresh process's first ~3,000, both sides)`);
  if (INTERPRETER) console.log("both senders run with --max-opt=0 (no optimizing compiler): a diagnostic of each side's own work, not the goal's figure");
  const row = (name: string, t: Timing, m: Growth | null) =>
    [name, fmt(t.ms), fmt((total / t.ms) * 1000, 0), fmt(t.cpuUs / total, 0), m ? fmt(m.rss) : '', m ? fmt(m.heap) : ''];
  console.log(
    table([
      ['', 'time ms', 'deliveries/s', 'CPU µs/delivery', `RSS Δ MiB (${COUNT})`, `heap Δ MiB (${COUNT})`],
      row('warming: bare undici.request', warming.undici, null),
      row('warming: dispatch()', warming.dispatcher, null),
      row('steady: bare undici.request', steady.undici, mu),
      row('steady: dispatch()', steady.dispatcher, md),
    ]),
  );
  const ratios = (name: string, r: typeof steady) =>
    `ratio dispatcher / bare, ${name}, median batch: ${fmt(r.wallRatio, 2)}x wall, ${fmt(r.cpuRatio, 2)}x CPU ` +
    `(overall ${fmt(r.dispatcher.ms / r.undici.ms, 2)}x wall, ${fmt(r.dispatcher.cpuUs / r.undici.cpuUs, 2)}x CPU)`;
  console.log(ratios('warming', warming));
  console.log(ratios('steady', steady));
  const met = steady.wallRatio <= TARGET_RATIO && steady.cpuRatio <= TARGET_RATIO ? 'MET' : 'NOT MET';
  console.log(INTERPRETER ? `(no verdict with --interpreter: the goal is judged with every tier; here ${met})` : `verdict: goal ≤ ${TARGET_RATIO}x on the steady median batch, wall and CPU — ${met}`);
}

const sideAt = process.argv.indexOf('--side');
if (sideAt >= 0) serve(process.argv[sideAt + 1] as Side, process.argv[sideAt + 2]!, process.argv[sideAt + 3]!);
else void main();
