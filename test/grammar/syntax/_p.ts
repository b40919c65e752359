import { parse } from '../../../grammar/syntax/parser';
import { tokenize } from '../../../grammar/syntax/tokens';
import { format } from '../../../grammar/format/format';
import { readFileSync, readdirSync } from 'node:fs';
const all = readdirSync('examples').filter(f => f.endsWith('.notify')).map(f => readFileSync('examples/' + f, 'utf8')).join('\n');
console.log('size', all.length);
for (let i = 0; i < 40; i++) { let t = performance.now(); parse(all); const a = performance.now() - t; t = performance.now(); tokenize(all); const b = performance.now() - t; t = performance.now(); format(all); console.log('parse', a.toFixed(1), 'tokenize', b.toFixed(1), 'format', (performance.now() - t).toFixed(1)); }
