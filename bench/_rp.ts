import { readFileSync } from 'node:fs';
const s = readFileSync('bench/render.ts','utf8'); const src = s.slice(s.indexOf('const src = `')+13, s.indexOf('`;\n'));
import { analyze } from '../grammar/analyze'; import { render } from '../grammar/render/render';
const a = analyze(src, { readImport: () => undefined as never });
for (let i=0;i<20000;i++) render(a.file, a.catalog, {});
