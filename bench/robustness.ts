/**
 * Robustness and security, as figures (issue 6): the fuzz corpus through the
 * whole language pipeline, the fault matrix, the guard matrix and the
 * end-to-end secret scan — the same code the tests in test/robustness run.
 *
 *   node --import tsx bench/robustness.ts [--inputs 2000] [--seed 20261123] [--save]
 *   NOTIFY_FUZZ_INPUTS=1000000 node --import tsx bench/robustness.ts   (the full run; CI uses the default)
 *
 * Every class prints inputs tried, held and failed. Fuzz inputs are made and
 * checked in batches (memory stays flat at a million inputs); each goes
 * through lexer, parser, imports, checker, formatter (and re-analysis) and
 * renderer.
 *
 * `--save` keeps every failing fuzz input under
 * test/robustness/fixtures/regressions/ (replayed by the tests). Exits 1 if
 * anything is wrong: a crash, a meaning change, an input over 5 s, a fault
 * not survived, an address not refused, or any secret found.
 */
import { parseArgs } from 'node:util';
import { FAULT_CASES, FaultLab, judge } from '../test/robustness/faults';
import { checkInput, describeSlow, FAIL_MS, fuzzInputs, HANG_MS, pathologicalInputs, saveRegression, slowestStage, type FuzzInput } from '../test/robustness/fuzz';
import { runGuardMatrix } from '../test/robustness/guardMatrix';
import { runSecretScan } from '../test/robustness/secretScan';
import { runEchoScan } from '../test/robustness/echoScan';
import { echoForms, HOSTILE_SECRETS, WHOLE_VALUE } from '../test/robustness/secretEchoes';
import { Redactor, Untrusted } from '../client/dispatch/redact';
import { fuzzInParallel, KINDS } from './fuzzPool';
import { fmt, table } from './stats';

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: process.env.NOTIFY_FUZZ_INPUTS ?? '2000' },
    seed: { type: 'string', default: '20261123' },
    save: { type: 'boolean', default: false },
    batch: { type: 'string', default: '2000' },
    /** Worker threads for the fuzz run (default: one per core). */
    workers: { type: 'string' },
    /** `<seed>#<index>`, as a failure prints it: runs that one input and prints what it found. */
    replay: { type: 'string' },
    /** Only the fuzz classes (fuzz and pathological inputs): the long run. */
    'fuzz-only': { type: 'boolean', default: false },
  },
});
const BATCH = Number(values.batch);

/** The redactor alone: every hostile secret in every echo form, whole and cut in half by a limit. */
function redactorEchoes(): { tried: number; held: number; failures: string[] } {
  let tried = 0;
  const failures: string[] = [];
  for (const secret of HOSTILE_SECRETS) {
    const r = new Redactor();
    r.add(secret.value, '‹secret:x›');
    if (secret.user) r.add(`${secret.user}:${secret.value}`, '‹basic›');
    for (const [how, text] of echoForms(secret.value, secret.user)) {
      tried++;
      const shown = r.reveal(Untrusted.of(`before ${text} after`));
      if (shown.includes(text)) failures.push(`${secret.label} as ${how}`);
      if (!WHOLE_VALUE(how) || text.length < 16) continue;
      tried++;
      const half = text.slice(0, Math.floor(text.length / 2));
      if (r.reveal(Untrusted.of(`reply: ${half}`, { truncated: true })).includes(half)) failures.push(`${secret.label} as ${how}, cut in half`);
    }
  }
  return { tried, held: tried - failures.length, failures };
}
const INPUTS = Number(values.inputs);
const SEED = Number(values.seed);

/** `--replay 20261140#17`: the one input a failure names, through the pipeline check again. */
function replay(spec: string): number {
  const m = /^(-?\d+)#(\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`--replay takes <seed>#<index>, as a failure prints it (got ${spec})`);
  const [seed, index] = [Number(m[1]), Number(m[2])];
  const input = fuzzInputs(seed, index + 1)[index]!;
  const r = checkInput(input);
  console.log(`${input.origin}, ${input.text.length} chars: ${JSON.stringify(input.text.length > 2000 ? `${input.text.slice(0, 2000)}…` : input.text)}`);
  console.log(`stages (ms): ${JSON.stringify(Object.fromEntries(Object.entries(r.ms).map(([k, v]) => [k, Math.round(v!)])))}`);
  for (const p of [...r.crashes, ...r.meaningChanges]) console.log(`  ${p}`);
  if (values.save && (r.crashes.length || r.meaningChanges.length)) console.log(`kept as ${saveRegression(input)}`);
  return r.crashes.length || r.meaningChanges.length ? 1 : 0;
}

/** Runs one class and times it. */
async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

async function main(): Promise<number> {
  if (values.replay) return replay(values.replay);
  const problems: string[] = [];
  const seconds = (ms: number) => `${fmt(ms / 1000, ms < 10_000 ? 1 : 0)} s`;

  // ---- fuzz
  let lastReport = 0;
  const fuzzRun = await timed(() =>
    fuzzInParallel({
      seed: SEED,
      inputs: INPUTS,
      batch: BATCH,
      workers: values.workers ? Number(values.workers) : undefined,
      onProgress: (done, ms) => {
        if (ms - lastReport > 30_000) {
          lastReport = ms;
          console.error(`fuzz: ${done.toLocaleString('en')} / ${INPUTS.toLocaleString('en')} inputs, ${fmt(ms / 1000, 0)} s, ${fmt((done / ms) * 1000, 0)} inputs/s`);
        }
      },
    }),
  );
  const fuzz = fuzzRun.value;
  for (const f of fuzz.failures) {
    const [, seed, index] = /seed (-?\d+) #(\d+)/.exec(f.origin) ?? [];
    const kept = values.save ? ` (kept as ${saveRegression({ kind: f.kind, origin: f.origin, text: f.text } satisfies FuzzInput)})` : '';
    problems.push(`fuzz: ${f.origin}: ${f.problems.join('; ')}${kept}\n    reproduce: node --import tsx bench/robustness.ts --replay ${seed}#${index}\n    text: ${JSON.stringify(f.text.length > 400 ? `${f.text.slice(0, 400)}…` : f.text)}`);
  }
  const fuzzFailedTotal = KINDS.reduce((n, k) => n + fuzz.failed[k], 0);
  if (fuzzFailedTotal > fuzz.failures.length) problems.push(`fuzz: ${fuzzFailedTotal - fuzz.failures.length} more failing inputs not listed`);

  // ---- pathological inputs (large and deep): timed, and held to the same rules
  const pathoRun = await timed(() => pathologicalInputs().map((input) => checkInput(input)));
  const patho = pathoRun.value;
  for (const r of patho) {
    if (r.crashes.length || r.meaningChanges.length) problems.push(`pathological "${r.input.origin}": ${[...r.crashes, ...r.meaningChanges].join('; ')}`);
  }
  const slowPatho = [...patho].sort((a, b) => slowestStage(b).ms - slowestStage(a).ms);
  const pathoFailed = patho.filter((r) => r.crashes.length || r.meaningChanges.length).length;

  const perSec = (n: number, ms: number) => fmt((n / ms) * 1000, 0);
  const rows: string[][] = [['class', 'tried', 'held', 'failed', 'elapsed', 'what']];
  for (const k of KINDS) {
    rows.push([`fuzz (${k}): lexer → parser → imports → checker → formatter → renderer`, String(fuzz.tried[k]), String(fuzz.tried[k] - fuzz.failed[k]), String(fuzz.failed[k]), '', 'no crash, no meaning change by fmt, fmt idempotent']);
  }
  rows.push(['fuzz, all kinds', String(fuzz.inputs), String(fuzz.inputs - fuzzFailedTotal), String(fuzzFailedTotal), seconds(fuzzRun.ms), `${fuzz.workers} worker thread(s); none over ${FAIL_MS} ms`]);
  rows.push(['pathological inputs (deep, huge)', String(patho.length), String(patho.length - pathoFailed), String(pathoFailed), seconds(pathoRun.ms), 'same rules']);

  const figures: string[][] = [
    ['figure', 'value', 'baseline / note'],
    ['inputs fuzzed', String(fuzz.inputs), Object.entries(fuzz.tried).map(([k, n]) => `${k} ${n}`).join(', ')],
    ['  of which error-free / reformatted', `${fuzz.errorFreeInputs} / ${fuzz.formattedInputs}`, 'render and format round trip exercised'],
    ['fuzz throughput, wall clock (inputs/s)', perSec(fuzz.inputs, fuzz.wallMs), `${fuzz.workers} worker thread(s), ${seconds(fuzz.wallMs)} for the run`],
    ['fuzz throughput per thread (inputs/s)', perSec(fuzz.inputs, fuzz.cpuMs), `JSON.parse on the same texts: ${perSec(fuzz.inputs, fuzz.jsonMs)}/s (parse only, no check/format/render)`],
    ['fuzz throughput per thread (KiB/s)', fmt(fuzz.bytes / 1024 / (fuzz.cpuMs / 1000), 0), `JSON.parse: ${fmt(fuzz.bytes / 1024 / (fuzz.jsonMs / 1000), 0)} KiB/s`],
    ['crashes', String(fuzz.crashes), 'must be 0'],
    [`hangs (a stage > ${HANG_MS} ms)`, String(fuzz.hangs), `recorded, not failed (loaded machines); > ${FAIL_MS} ms fails: ${fuzz.over5s}`],
    ['slowest input (ms)', fuzz.slowest[0] ? fmt(fuzz.slowest[0].ms, 0) : '-', fuzz.slowest[0] ? `${fuzz.slowest[0].stage} — ${fuzz.slowest[0].origin}, ${fuzz.slowest[0].chars} chars` : ''],
    ['formatter meaning changes', String(fuzz.meaningChanges), 'tree, diagnostics or rendered deliveries changed, or fmt not idempotent; must be 0'],
    ['pathological inputs: crashes', `${patho.filter((r) => r.crashes.length).length} / ${patho.length}`, 'deep nesting, huge files, 1 MB strings and comments'],
    ['  slowest pathological input (ms)', fmt(slowestStage(slowPatho[0]!).ms, 0), describeSlow(slowPatho[0]!)],
  ];

  if (!values['fuzz-only']) {
    // ---- faults
    const faultRun = await timed(async () => {
      const lab = await FaultLab.start();
      let survived = 0;
      try {
        for (const c of FAULT_CASES) {
          const bad = judge(c, await c.run(lab));
          if (bad.length) problems.push(`fault "${c.name}": ${bad.join('; ')}`);
          else survived++;
        }
      } finally {
        await lab.close();
      }
      return survived;
    });
    const survived = faultRun.value;

    // ---- guard
    const guardRun = await timed(() => runGuardMatrix());
    const guard = guardRun.value;
    problems.push(...guard.failures.map((f) => `guard: ${f}`));

    // ---- secrets
    const secretRun = await timed(() => runSecretScan());
    const secrets = secretRun.value;
    const echoRun = await timed(() => redactorEchoes());
    const echoes = echoRun.value;
    problems.push(...echoes.failures.map((f) => `redactor: ${f}`));
    const echoScanRun = await timed(() => runEchoScan());
    const echoScan = echoScanRun.value;
    problems.push(...echoScan.findings.map((f) => `echo scan: ${f}`));
    problems.push(...secrets.findings.map((f) => `secret ${f.secret} found in ${f.where} (as ${JSON.stringify(f.form)})`));
    if (secrets.revealFindings === 0) problems.push('secret scan control: render --reveal-secrets showed nothing');

    const leakyPlaces = new Set(secrets.findings.map((f) => f.where)).size;
    rows.push(
      ['delivery faults', String(FAULT_CASES.length), String(survived), String(FAULT_CASES.length - survived), seconds(faultRun.ms), 'result, attempts, waits, history'],
      ['blocked destinations', String(guard.total), String(guard.refused), String(guard.total - guard.refused), seconds(guardRun.ms), 'by literal and by resolved name'],
      ['secret scan (CLI, editor path, files)', String(secrets.places), String(secrets.places - leakyPlaces), String(leakyPlaces), seconds(secretRun.ms), 'outputs and files searched'],
      ['redactor: hostile secrets × echo encodings (+ cut)', String(echoes.tried), String(echoes.held), String(echoes.tried - echoes.held), seconds(echoRun.ms), '/ + = # non-ASCII HTML; JSON, HTML, percent, base64, Basic, AUTH PLAIN'],
      ['echoing receivers (path, headers, body × encodings)', String(echoScan.tried), String(echoScan.held), String(echoScan.failed), seconds(echoScanRun.ms), `deliveries through dispatch + history; receiver saw the secret in ${echoScan.receiverSawSecret}`],
    );
    figures.push(
      ['faults survived / total', `${survived} / ${FAULT_CASES.length}`, 'right result, attempts, waits and a true history entry'],
      ['addresses refused / total', `${guard.refused} / ${guard.total}`, 'every blocked class, by literal and by resolved name'],
      ['loopback delivered when allowed', `${guard.allowedDelivered} / ${guard.allowedTotal}`, `public controls passing the check: ${guard.publicPassed} / ${guard.publicTotal}`],
      ['secrets found', String(secrets.findings.length), `must be 0; searched ${secrets.places} outputs/files (${fmt(secrets.bytes / 1024, 0)} KiB) after ${secrets.deliveries} deliveries`],
      ['  secret scan controls', `${secrets.secretsSeenByReceiver} used, ${secrets.revealFindings} revealed`, 'values the receiver really got; found by the same scan in render --reveal-secrets'],
    );
  }

  console.log(table(rows));
  console.log('');
  console.log(table(figures));
  console.log('\npathological inputs, slowest stage each:');
  for (const r of slowPatho) console.log(`  ${describeSlow(r)}`);
  if (fuzz.slowest.length) {
    console.log(`\nslowest fuzz inputs (seed ${SEED}, batches of ${BATCH}; batch b uses seed ${SEED} + b):`);
    for (const r of fuzz.slowest) console.log(`  ${fmt(r.ms, 0)} ms ${r.stage} — ${r.origin}, ${r.chars} chars`);
  }
  if (problems.length) {
    console.log(`\n${problems.length} problem(s):`);
    for (const p of problems) console.log(`  ${p}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
