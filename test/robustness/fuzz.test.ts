/**
 * Cross-layer fuzzing: seeded inputs (random text, token soup from the
 * language's vocabulary, mutants of every example and docs snippet) through
 * parse, imports, check, format (+ re-analysis of the formatted text) and
 * render. Replay a run with NOTIFY_FUZZ_SEED / NOTIFY_FUZZ_RUNS; a failing
 * input is kept under fixtures/regressions/ and replayed by the last test.
 *
 * Timing is recorded, not asserted at the 250 ms interactive bound (this
 * runs on a loaded 2-core CI machine), but an input taking over 5 s fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format } from '../../grammar/format/format';
import { runCli, scratch } from './pipeline';
import { rmSync } from 'node:fs';
import {
  checkInput,
  cpuClock,
  describeSlow,
  FAIL_MS,
  fuzzInputs,
  HANG_MS,
  regressionInputs,
  runFuzz,
  saveRegression,
  seedCorpus,
  slowestStage,
  type InputReport,
} from './fuzz';

const SEED = Number(process.env.NOTIFY_FUZZ_SEED ?? 20261123);
const RUNS = Number(process.env.NOTIFY_FUZZ_RUNS ?? 500);

function problems(reports: readonly InputReport[]): string[] {
  return reports.map((r) => `${r.input.origin}: ${[...r.crashes, ...r.meaningChanges].join('; ')}\n  kept as ${saveRegression(r.input)}`);
}

test('the corpus holds every example and the spec example', () => {
  const names = seedCorpus().map((s) => s.name);
  assert.ok(names.filter((n) => n.startsWith('examples/')).length >= 5, names.join(', '));
  const spec = seedCorpus().find((s) => s.name.startsWith('docs/LANGUAGE.md'));
  assert.ok(spec && spec.text.includes('notifier "Critical vulnerabilities"'), 'the spec example is a seed');
});

test('the same seed gives the same inputs (a failure can be replayed)', () => {
  const a = fuzzInputs(SEED, 40).map((i) => i.text);
  const b = fuzzInputs(SEED, 40).map((i) => i.text);
  assert.deepEqual(a, b);
  assert.notDeepEqual(fuzzInputs(SEED + 1, 40).map((i) => i.text), a);
});

test(`fuzz: ${RUNS} inputs (seed ${SEED}) through parse, check, format and render`, (t) => {
  // Stage times in CPU time: on a loaded CI machine the wall clock would decide the 5 s bound.
  const summary = runFuzz(fuzzInputs(SEED, RUNS), undefined, cpuClock);
  t.diagnostic(
    `inputs ${summary.inputs} (${Object.entries(summary.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
      `${summary.errorFreeInputs} error-free, ${summary.formattedInputs} reformatted, ${(summary.bytes / 1024).toFixed(0)} KiB, ${summary.totalMs.toFixed(0)} ms`,
  );
  t.diagnostic(`inputs with a stage over ${HANG_MS} ms: ${summary.hangs.length}`);
  for (const r of summary.slowest) t.diagnostic(`slow: ${describeSlow(r)}`);

  // Enough of every kind, and the mutants still reach the checker and renderer.
  assert.ok(summary.byKind.mutant > RUNS / 4 && summary.byKind.soup > RUNS / 10 && summary.byKind.random > RUNS / 20);
  assert.ok(summary.errorFreeInputs > RUNS / 20, 'some inputs are valid files that render');
  assert.ok(summary.formattedInputs > RUNS / 50, 'some inputs exercise the formatter round trip');

  assert.deepEqual(problems(summary.crashes), [], 'crashes');
  assert.deepEqual(problems(summary.meaningChanges), [], 'formatting changed meaning');
  const tooSlow = summary.slowest.filter((r) => slowestStage(r).ms > FAIL_MS);
  assert.deepEqual(tooSlow.map((r) => `${describeSlow(r)} — kept as ${saveRegression(r.input)}`), [], `inputs over ${FAIL_MS} ms`);
});

test('every kept regression input passes the pipeline check', () => {
  const inputs = regressionInputs();
  assert.ok(inputs.length > 0, 'fixtures/regressions/ has cases');
  for (const input of inputs) {
    const r = checkInput(input, cpuClock);
    assert.deepEqual([...r.crashes, ...r.meaningChanges], [], input.origin);
    assert.ok(slowestStage(r).ms < FAIL_MS, describeSlow(r));
  }
});

test('regression: a stray CR before CRLF is a line break of its own, and format is idempotent', () => {
  const text = 'notifier "a" { on package.added; /* x\r\r\n */ }\r\r\nnotifier "b" { on package.added; webhook { url = "https://x.com"; body = >>\r\r\nq\r\r\n>>; } }\r\r\n';
  const once = format(text);
  assert.equal(once.changed, true);
  assert.equal(once.text.includes('\r'), false, JSON.stringify(once.text));
  assert.equal(format(once.text).text, once.text);
});

test('regression: format never throws on very deep expressions (it leaves them as written)', async () => {
  const deep = [
    `notifier "d" { on package.added; when ${Array(5000).fill('true').join(' && ')}; }`,
    `notifier "d" { on package.added; when %m${'.a'.repeat(5000)} == 1; }`,
    `notifier "d" { on package.added; when @l${'[0]'.repeat(5000)} == 1; }`,
  ];
  for (const text of deep) {
    const r = format(text);
    assert.equal(typeof r.text, 'string');
  }
  // and `notify fmt` (a process) neither crashes nor corrupts the file
  const dir = scratch({ 'deep.notify': deep[0]! });
  try {
    const r = await runCli(['fmt', 'deep.notify'], dir);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /RangeError|at .*\.js:\d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('regression: one very long line (a 24,000-entry map) formats in bounded time, not minutes', () => {
  // Before the printer stopped re-reading its line buffer, every token cost the length of its line:
  // this input took over a minute (and grew quadratically); it now takes a few seconds even on a loaded machine.
  const text = `notifier "d" { on package.added; webhook { url = "https://x.com"; body = $ToJson(%(${Array.from({ length: 24_000 }, (_, i) => `k${i}: ${i}`).join(', ')})); } }`;
  const started = cpuClock();
  const r = format(text);
  const ms = cpuClock() - started;
  assert.equal(r.changed, true);
  assert.ok(ms < 8 * FAIL_MS, `${ms.toFixed(0)} ms`);
});

test('the bench spreads the fuzz run over worker threads without changing it: the same inputs, counts and verdicts as one thread', async () => {
  const { fuzzInParallel } = await import('../../bench/fuzzPool');
  const options = { seed: SEED + 7, inputs: 300, batch: 50 };
  const one = await fuzzInParallel({ ...options, workers: 1 });
  const two = await fuzzInParallel({ ...options, workers: 2 });
  assert.equal(two.workers, 2);
  assert.equal(two.inputs, 300);
  for (const k of ['inputs', 'tried', 'failed', 'crashes', 'meaningChanges', 'formattedInputs', 'errorFreeInputs', 'bytes'] as const) assert.deepEqual(two[k], one[k], k);
  assert.deepEqual(two.failures.map((f) => f.origin).sort(), one.failures.map((f) => f.origin).sort());
  // Batch b is seed + b: what a failure names is what --replay makes again.
  const inputs = fuzzInputs(SEED + 7 + 5, 50);
  assert.equal(fuzzInputs(SEED + 7 + 5, 18)[17]!.text, inputs[17]!.text, 'a prefix of a batch is the same inputs');
});
