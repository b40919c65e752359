import { format } from '../../../grammar/format/format';
import { readFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
  const c = readFileSync(f, 'utf8');
  const r = format(c);
  console.log('== ' + f + ' changed=' + r.changed + ' diags=' + JSON.stringify(r.diagnostics));
  process.stdout.write(r.text);
  const r2 = format(r.text);
  if (r2.text !== r.text) { console.log('!! NOT IDEMPOTENT'); process.stdout.write(r2.text); }
}
