/**
 * `npm run bench`: every benchmark in turn, each in its own process so one
 * cannot warm or load the heap of the next. Each prints its figures beside
 * its baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const BENCHMARKS = ['parse.ts', 'bigfile.ts', 'documents.ts', 'render.ts', 'server.ts', 'dispatch.ts', 'extension.ts', 'robustness.ts'];
const only = process.argv.slice(2);
let failed = 0;
for (const file of BENCHMARKS) {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path) || (only.length && !only.some((o) => file.startsWith(o)))) continue;
  console.log(`\n=== bench/${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
