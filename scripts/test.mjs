// `npm test`: the unit suite, then the real-editor suite — always both, so a
// red unit test never hides what the editor tests say. Exits non-zero when
// either failed, after a summary naming each suite's result.
//   npm test [-- --unit-only | --e2e-only]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const suites = [
  { name: 'unit (typecheck, build, test/**/*.test.ts)', script: 'test:unit', skip: args.includes('--e2e-only') },
  { name: 'end-to-end (code-server, test/e2e/*.e2e.ts)', script: 'test:e2e', skip: args.includes('--unit-only') },
];

const results = [];
for (const suite of suites) {
  if (suite.skip) continue;
  const started = Date.now();
  const status = spawnSync('npm', ['run', suite.script], { cwd: root, stdio: 'inherit' }).status ?? 1;
  results.push({ ...suite, status, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\nnpm test summary:');
for (const r of results) console.log(`  ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`}  ${r.name}, ${r.seconds} s`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
