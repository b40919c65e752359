/** Prints the diagnostics of analyze() for every hostile input (run by limits.test.ts under different stack sizes). */
import { analyze } from '../../../grammar/analyze';
import { hostile } from './hostileInputs';

const host = { readImport: () => ({ error: 'no imports here' }) };
const out: Record<string, string[]> = {};
for (const [name, make] of Object.entries(hostile)) {
  for (const n of [63, 64, 65, 200, 1000]) {
    const r = analyze(make(n), host);
    out[`${name}(${n})`] = r.diagnostics.map((d) => `${d.code} ${d.span.start}-${d.span.end} ${d.message}`);
  }
}
process.stdout.write(JSON.stringify(out));
