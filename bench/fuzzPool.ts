/**
 * The fuzz run of bench/robustness.ts spread over worker threads, one per
 * core. The run is cut into batches; batch b is `fuzzInputs(seed + b, size)`,
 * so an input depends only on (seed, batch, index), never on which worker ran
 * it or in what order: every failure names the seed that makes it again
 * (`--replay <seed>#<index>`). Results are summed on the main thread; a worker
 * keeps only counts and the few slowest inputs, so memory stays flat at a
 * million inputs.
 *
 * A worker publishes the index of the input it is on in shared memory: when a
 * batch overstays its time (an input that hangs), the main thread terminates
 * that worker, names the exact input, and goes on with a fresh worker.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FAIL_MS, fuzzInputs, runFuzz, slowestStage, type InputKind, type InputReport, type Stage } from '../test/robustness/fuzz';

export const KINDS: readonly InputKind[] = ['random', 'soup', 'mutant', 'seed'];

/** One failing input, self-contained (it crosses the thread boundary). */
export interface Failure {
  readonly origin: string;
  readonly kind: InputKind;
  readonly text: string;
  readonly problems: string[];
}

export interface SlowInput {
  readonly origin: string;
  readonly stage: Stage;
  readonly ms: number;
  readonly chars: number;
}

export interface PoolSummary {
  inputs: number;
  tried: Record<InputKind, number>;
  failed: Record<InputKind, number>;
  crashes: number;
  meaningChanges: number;
  over5s: number;
  hangs: number;
  failures: Failure[];
  slowest: SlowInput[];
  formattedInputs: number;
  errorFreeInputs: number;
  /** Time spent in the pipeline, summed over workers. */
  cpuMs: number;
  /** Wall-clock time of the whole run. */
  wallMs: number;
  bytes: number;
  jsonMs: number;
  workers: number;
}

interface BatchJob {
  readonly batch: number;
  readonly seed: number;
  readonly size: number;
}

interface BatchResult {
  readonly batch: number;
  readonly inputs: number;
  readonly tried: Record<InputKind, number>;
  readonly failed: Record<InputKind, number>;
  readonly crashes: number;
  readonly meaningChanges: number;
  readonly over5s: number;
  readonly hangs: number;
  readonly failures: Failure[];
  readonly slowest: SlowInput[];
  readonly formattedInputs: number;
  readonly errorFreeInputs: number;
  readonly ms: number;
  readonly bytes: number;
  readonly jsonMs: number;
}

const zero = (): Record<InputKind, number> => ({ random: 0, soup: 0, mutant: 0, seed: 0 });

/** Runs one batch (in a worker, or inline with one worker). `at[0]` is the input being checked. */
function runBatch(job: BatchJob, at?: Int32Array): BatchResult {
  const inputs = fuzzInputs(job.seed, job.size);
  let index = 0;
  if (at) Atomics.store(at, 0, 0);
  const s = runFuzz(inputs, () => {
    index++;
    if (at) Atomics.store(at, 0, index);
  });
  // Baseline: JSON.parse over the very same texts (most are not JSON: it throws, as fast as it can).
  const jsonStart = performance.now();
  for (const input of inputs) {
    try {
      JSON.parse(input.text);
    } catch {
      // expected for almost every input
    }
  }
  const jsonMs = performance.now() - jsonStart;
  const bad = new Map<string, InputReport>();
  for (const r of [...s.crashes, ...s.meaningChanges, ...s.slowest.filter((r) => slowestStage(r).ms > FAIL_MS)]) bad.set(r.input.origin, r);
  const failed = zero();
  const failures: Failure[] = [];
  for (const r of bad.values()) {
    failed[r.input.kind]++;
    const slow = slowestStage(r);
    failures.push({
      origin: r.input.origin,
      kind: r.input.kind,
      text: r.input.text,
      problems: [...r.crashes, ...r.meaningChanges, ...(slow.ms > FAIL_MS ? [`${slow.ms.toFixed(0)} ms in ${slow.stage}`] : [])],
    });
  }
  return {
    batch: job.batch,
    inputs: s.inputs,
    tried: s.byKind,
    failed,
    crashes: s.crashes.length,
    meaningChanges: s.meaningChanges.length,
    over5s: s.slowest.filter((r) => slowestStage(r).ms > FAIL_MS).length,
    hangs: s.hangs.length,
    failures,
    slowest: s.slowest.map((r) => ({ origin: r.input.origin, ...slowestStage(r), chars: r.input.text.length })),
    formattedInputs: s.formattedInputs,
    errorFreeInputs: s.errorFreeInputs,
    ms: s.totalMs,
    bytes: s.bytes,
    jsonMs,
  };
}

export interface PoolOptions {
  readonly seed: number;
  readonly inputs: number;
  readonly batch: number;
  readonly workers?: number;
  /** A batch running longer than this is a hang: its worker is ended and the input it was on reported. */
  readonly batchTimeoutMs?: number;
  readonly onProgress?: (done: number, wallMs: number) => void;
}

/** The fuzz run: `inputs` inputs in batches, over `workers` threads (default: one per core). */
export async function fuzzInParallel(o: PoolOptions): Promise<PoolSummary> {
  const batches: BatchJob[] = [];
  for (let b = 0, left = o.inputs; left > 0; b++, left -= o.batch) batches.push({ batch: b, seed: o.seed + b, size: Math.min(o.batch, left) });
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), batches.length));
  const total: PoolSummary = {
    inputs: 0, tried: zero(), failed: zero(), crashes: 0, meaningChanges: 0, over5s: 0, hangs: 0, failures: [], slowest: [],
    formattedInputs: 0, errorFreeInputs: 0, cpuMs: 0, wallMs: 0, bytes: 0, jsonMs: 0, workers,
  };
  const started = performance.now();
  const add = (r: BatchResult) => {
    total.inputs += r.inputs;
    for (const k of KINDS) {
      total.tried[k] += r.tried[k];
      total.failed[k] += r.failed[k];
    }
    total.crashes += r.crashes;
    total.meaningChanges += r.meaningChanges;
    total.over5s += r.over5s;
    total.hangs += r.hangs;
    // Every failure is kept whole up to 200 (each is printed with its seed); beyond that they are counted.
    total.failures.push(...r.failures.slice(0, Math.max(0, 200 - total.failures.length)));
    total.slowest = [...total.slowest, ...r.slowest].sort((a, b) => b.ms - a.ms).slice(0, 5);
    total.formattedInputs += r.formattedInputs;
    total.errorFreeInputs += r.errorFreeInputs;
    total.cpuMs += r.ms;
    total.bytes += r.bytes;
    total.jsonMs += r.jsonMs;
    o.onProgress?.(total.inputs, performance.now() - started);
  };

  if (workers === 1) {
    for (const job of batches) add(runBatch(job));
    total.wallMs = performance.now() - started;
    return total;
  }

  const queue = [...batches];
  const timeoutMs = o.batchTimeoutMs ?? 10 * 60_000;
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const lane = () =>
    new Promise<void>((resolve, reject) => {
      const at = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(code, { eval: true, workerData: { fuzzPool: true, at } });
      let current: BatchJob | undefined;
      let timer: NodeJS.Timeout | undefined;
      const next = () => {
        clearTimeout(timer);
        current = queue.shift();
        if (!current) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const job = current;
        timer = setTimeout(() => {
          // A hang: name the input, end the worker, carry on in a new one.
          const index = Atomics.load(at, 0);
          const [input] = fuzzInputs(job.seed, index + 1).slice(index);
          const failure: Failure = {
            origin: input?.origin ?? `seed ${job.seed} #${index}`,
            kind: input?.kind ?? 'random',
            text: input?.text ?? '',
            problems: [`still running after ${timeoutMs} ms (the rest of batch ${job.batch} was not run)`],
          };
          add({ batch: job.batch, inputs: 1, tried: { ...zero(), [failure.kind]: 1 }, failed: { ...zero(), [failure.kind]: 1 }, crashes: 0, meaningChanges: 0, over5s: 1, hangs: 1, failures: [failure], slowest: [], formattedInputs: 0, errorFreeInputs: 0, ms: timeoutMs, bytes: 0, jsonMs: 0 });
          current = undefined;
          worker.removeAllListeners();
          void worker.terminate().then(() => lane().then(resolve, reject));
        }, timeoutMs);
        worker.postMessage(job);
      };
      worker.on('message', (r: BatchResult | 'ready') => {
        if (r !== 'ready') add(r);
        next();
      });
      worker.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`fuzz worker failed${current ? ` in batch ${current.batch} (seed ${current.seed}, input #${Atomics.load(at, 0)})` : ''}: ${e instanceof Error ? e.stack : String(e)}`));
      });
    });
  await Promise.all(Array.from({ length: workers }, lane));
  total.wallMs = performance.now() - started;
  return total;
}

if (!isMainThread && (workerData as { fuzzPool?: boolean } | undefined)?.fuzzPool) {
  const { at } = workerData as { at: Int32Array };
  parentPort!.on('message', (job: BatchJob) => parentPort!.postMessage(runBatch(job, at)));
  parentPort!.postMessage('ready');
}
