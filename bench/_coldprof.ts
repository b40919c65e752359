import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { BenchServer } from './serverClient';
import { SERVER_EXEC_ARGV } from '../client/extension/server/execArgv';
import { generateNotifyFile } from './generate';
const ROOT = join(import.meta.dirname, '..');
void (async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coldprof-'));
  mkdirSync(join(dir, 'events'));
  cpSync(join(ROOT, 'examples', 'events', 'deploy.json'), join(dir, 'events', 'deploy.json'));
  const rows = generateNotifyFile(2060).split('\n');
  let end = 2000; while (end < rows.length && !(rows[end] === '' && rows[end - 1] === '}')) end++;
  const text = rows.slice(0, end + 1).join('\n');
  const p = join(dir, 'cold.notify'); writeFileSync(p, text);
  const pdir = join(dir, 'prof');
  const args = [...SERVER_EXEC_ARGV, ...(process.env.NOPROF ? [] : ['--cpu-prof', '--cpu-prof-interval=50', `--cpu-prof-dir=${pdir}`]), join(ROOT, 'dist', 'server.js')];
  for (let i = 0; i < 2; i++) {
    const s = await BenchServer.start('notify', args, dir, {});
    const c0 = s.cpuMs();
    const t0 = process.hrtime.bigint();
    await s.open(pathToFileURL(p).href, 'notify', text);
    const t1 = process.hrtime.bigint();
    console.log('first check cpu', s.cpuMs() - c0);
    await s.stop();
    if (i === 1 && !process.env.NOPROF) {
      const f = readdirSync(pdir).sort().map((x) => join(pdir, x)).at(-1)!;
      console.log(f, Number(t0 / 1000n), Number(t1 / 1000n));
      writeFileSync('/tmp/prof/win.json', JSON.stringify({ f, t0: Number(t0 / 1000n), t1: Number(t1 / 1000n) }));
    }
  }
})();
