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
import { checkInput, describeSlow, FAIL_MS, fuzzInputs, HANG_MS, pathologicalInputs, runFuzz, saveRegression, slowestStage } from '../test/robustness/fuzz';
import { runGuardMatrix } from '../test/robustness/guardMatrix';
import { runSecretScan } from '../test/robustness/secretScan';
import { runEchoScan } from '../test/robustness/echoScan';
import { echoForms, HOSTILE_SECRETS, WHOLE_VALUE } from '../test/robustness/secretEchoes';
import { Redactor, Untrusted } from '../client/dispatch/redact';
import type { FuzzSummary, InputReport } from '../test/robustness/fuzz';
import { fmt, table } from './stats';

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: process.env.NOTIFY_FUZZ_INPUTS ?? '2000' },
    seed: { type: 'string', default: '20261123' },
    save: { type: 'boolean', default: false },
    batch: { type: 'string', default: '2000' },
  },
});
const BATCH = Number(values.batch);

/** Fuzzes `count` inputs in batches of BATCH (batch b uses seed + b), keeping counts and the slowest few. */
function fuzzInBatches(seed: number, count: number, onBatch: (done: number, ms: number) => void): FuzzSummary & { jsonMs: number } {
  const total: FuzzSummary & { jsonMs: number } = {
    inputs: 0, byKind: { random: 0, soup: 0, mutant: 0, seed: 0 }, crashes: [], hangs: [], meaningChanges: [], slowest: [],
    formattedInputs: 0, errorFreeInputs: 0, totalMs: 0, bytes: 0, jsonMs: 0,
  };
  let slowest: InputReport[] = [];
  const started = performance.now();
  for (let b = 0; total.inputs < count; b++) {
    const inputs = fuzzInputs(seed + b, Math.min(BATCH, count - total.inputs));
    const s = runFuzz(inputs);
    const jsonStart = performance.now();
    for (const input of inputs) {
      try {
        JSON.parse(input.text);
      } catch {
        // expected for almost every input
      }
    }
    total.jsonMs += performance.now() - jsonStart;
    Object.assign(total, {
      inputs: total.inputs + s.inputs,
      formattedInputs: total.formattedInputs + s.formattedInputs,
      errorFreeInputs: total.errorFreeInputs + s.errorFreeInputs,
      totalMs: total.totalMs + s.totalMs,
      bytes: total.bytes + s.bytes,
    });
    for (const k of Object.keys(s.byKind) as (keyof typeof s.byKind)[]) total.byKind[k] += s.byKind[k];
    total.crashes.push(...s.crashes);
    total.meaningChanges.push(...s.meaningChanges);
    // Hangs are counted; only the slowest few are kept (a million reports would not fit).
    total.hangs.push(...s.hangs.slice(0, 50 - Math.min(50, total.hangs.length)));
    slowest = [...slowest, ...s.slowest].sort((a, z) => slowestStage(z).ms - slowestStage(a).ms).slice(0, 5);
    onBatch(total.inputs, performance.now() - started);
  }
  return { ...total, slowest };
}

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

async function main(): Promise<number> {
  const problems: string[] = [];

  // ---- fuzz
  let lastReport = 0;
  const fuzz = fuzzInBatches(SEED, INPUTS, (done, ms) => {
    if (ms - lastReport > 30_000) {
      lastReport = ms;
      console.error(`fuzz: ${done.toLocaleString('en')} / ${INPUTS.toLocaleString('en')} inputs, ${fmt(ms / 1000, 0)} s`);
    }
  });
  // Baseline: JSON.parse over the very same texts (most are not JSON: it throws, as fast as it can).
  const jsonMs = fuzz.jsonMs;
  const inputs = { length: fuzz.inputs };
  const slowest = fuzz.slowest[0];
  const over5s = fuzz.slowest.filter((r) => slowestStage(r).ms > FAIL_MS);
  for (const r of [...fuzz.crashes, ...fuzz.meaningChanges, ...over5s]) {
    problems.push(`fuzz: ${r.input.origin}: ${[...r.crashes, ...r.meaningChanges].join('; ') || describeSlow(r)}${values.save ? ` (kept as ${saveRegression(r.input)})` : ''}`);
  }

  // ---- pathological inputs (large and deep): timed, and held to the same rules
  const patho = pathologicalInputs().map((input) => checkInput(input));
  for (const r of patho) {
    if (r.crashes.length || r.meaningChanges.length) problems.push(`pathological "${r.input.origin}": ${[...r.crashes, ...r.meaningChanges].join('; ')}`);
  }
  const slowPatho = [...patho].sort((a, b) => slowestStage(b).ms - slowestStage(a).ms);

  // ---- faults
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

  // ---- guard
  const guard = await runGuardMatrix();
  problems.push(...guard.failures.map((f) => `guard: ${f}`));

  // ---- secrets
  const secrets = await runSecretScan();
  const echoes = redactorEchoes();
  problems.push(...echoes.failures.map((f) => `redactor: ${f}`));
  const echoScan = await runEchoScan();
  problems.push(...echoScan.findings.map((f) => `echo scan: ${f}`));
  problems.push(...secrets.findings.map((f) => `secret ${f.secret} found in ${f.where} (as ${JSON.stringify(f.form)})`));
  if (secrets.revealFindings === 0) problems.push('secret scan control: render --reveal-secrets showed nothing');

  const perSec = (n: number, ms: number) => fmt((n / ms) * 1000, 0);
  const fuzzFailed = new Set([...fuzz.crashes, ...fuzz.meaningChanges, ...over5s].map((r) => r.input.origin)).size;
  const pathoFailed = patho.filter((r) => r.crashes.length || r.meaningChanges.length).length;
  console.log(
    table([
      ['class', 'tried', 'held', 'failed', 'what'],
      ['fuzz: lexer → parser → imports → checker → formatter → renderer', String(fuzz.inputs), String(fuzz.inputs - fuzzFailed), String(fuzzFailed), `${fmt(fuzz.totalMs / 1000, 1)} s; no crash, no meaning change by fmt, none over ${FAIL_MS} ms`],
      ['pathological inputs (deep, huge)', String(patho.length), String(patho.length - pathoFailed), String(pathoFailed), 'same rules'],
      ['delivery faults', String(FAULT_CASES.length), String(survived), String(FAULT_CASES.length - survived), 'result, attempts, waits, history'],
      ['blocked destinations', String(guard.total), String(guard.refused), String(guard.total - guard.refused), 'by literal and by resolved name'],
      ['secret scan (CLI, editor path, files)', String(secrets.places), String(secrets.places - new Set(secrets.findings.map((f) => f.where)).size), String(new Set(secrets.findings.map((f) => f.where)).size), 'outputs and files searched'],
      ['redactor: hostile secrets × echo encodings (+ cut)', String(echoes.tried), String(echoes.held), String(echoes.tried - echoes.held), '/ + = # non-ASCII HTML; JSON, HTML, percent, base64, Basic, AUTH PLAIN'],
      ['echoing receivers (path, headers, body × encodings)', String(echoScan.tried), String(echoScan.held), String(echoScan.failed), `deliveries through dispatch + history; receiver saw the secret in ${echoScan.receiverSawSecret}`],
    ]),
  );
  console.log('');
  console.log(
    table([
      ['figure', 'value', 'baseline / note'],
      ['inputs fuzzed', String(fuzz.inputs), Object.entries(fuzz.byKind).map(([k, n]) => `${k} ${n}`).join(', ')],
      ['  of which error-free / reformatted', `${fuzz.errorFreeInputs} / ${fuzz.formattedInputs}`, 'render and format round trip exercised'],
      ['fuzz throughput (inputs/s)', perSec(fuzz.inputs, fuzz.totalMs), `JSON.parse on the same texts: ${perSec(inputs.length, jsonMs)}/s (parse only, no check/format/render)`],
      ['fuzz throughput (KiB/s)', fmt(fuzz.bytes / 1024 / (fuzz.totalMs / 1000), 0), `JSON.parse: ${fmt(fuzz.bytes / 1024 / (jsonMs / 1000), 0)} KiB/s`],
      ['crashes', String(fuzz.crashes.length), 'must be 0'],
      [`hangs (a stage > ${HANG_MS} ms)`, String(fuzz.hangs.length), `recorded, not failed (loaded machines); > ${FAIL_MS} ms fails: ${over5s.length}`],
      ['slowest input (ms)', slowest ? fmt(slowestStage(slowest).ms, 0) : '-', slowest ? describeSlow(slowest) : ''],
      ['formatter meaning changes', String(fuzz.meaningChanges.length), 'tree, diagnostics or rendered deliveries changed; must be 0'],
      ['pathological inputs: crashes', `${patho.filter((r) => r.crashes.length).length} / ${patho.length}`, 'deep nesting, huge files, 1 MB strings and comments'],
      ['  slowest pathological input (ms)', fmt(slowestStage(slowPatho[0]!).ms, 0), describeSlow(slowPatho[0]!)],
      ['faults survived / total', `${survived} / ${FAULT_CASES.length}`, 'right result, attempts, waits and a true history entry'],
      ['addresses refused / total', `${guard.refused} / ${guard.total}`, 'every blocked class, by literal and by resolved name'],
      ['loopback delivered when allowed', `${guard.allowedDelivered} / ${guard.allowedTotal}`, `public controls passing the check: ${guard.publicPassed} / ${guard.publicTotal}`],
      ['secrets found', String(secrets.findings.length), `must be 0; searched ${secrets.places} outputs/files (${fmt(secrets.bytes / 1024, 0)} KiB) after ${secrets.deliveries} deliveries`],
      ['  secret scan controls', `${secrets.secretsSeenByReceiver} used, ${secrets.revealFindings} revealed`, 'values the receiver really got; found by the same scan in render --reveal-secrets'],
    ]),
  );
  console.log('\npathological inputs, slowest stage each:');
  for (const r of slowPatho) console.log(`  ${describeSlow(r)}`);
  if (fuzz.hangs.length) {
    console.log(`\nslowest inputs (seed ${SEED}):`);
    for (const r of fuzz.slowest) console.log(`  ${describeSlow(r)}`);
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
