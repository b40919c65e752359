/**
 * Robustness and security, as figures (issue 6): the fuzz corpus through the
 * whole language pipeline, the fault matrix, the guard matrix and the
 * end-to-end secret scan — the same code the tests in test/robustness run.
 *
 *   node --import tsx bench/robustness.ts [--inputs 2000] [--seed 20261123] [--save]
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
import { fmt, table } from './stats';

const { values } = parseArgs({
  options: { inputs: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20261123' }, save: { type: 'boolean', default: false } },
});
const INPUTS = Number(values.inputs);
const SEED = Number(values.seed);

async function main(): Promise<number> {
  const problems: string[] = [];

  // ---- fuzz
  const inputs = fuzzInputs(SEED, INPUTS);
  const fuzz = runFuzz(inputs);
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
  problems.push(...secrets.findings.map((f) => `secret ${f.secret} found in ${f.where} (as ${JSON.stringify(f.form)})`));
  if (secrets.revealFindings === 0) problems.push('secret scan control: render --reveal-secrets showed nothing');

  const perSec = (n: number, ms: number) => fmt((n / ms) * 1000, 0);
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
