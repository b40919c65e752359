/**
 * `notify check` of a 10 MB file (issue 10: under 2 s and under 10× its size
 * in heap), beside TypeScript's `createSourceFile` on 10 MB of JavaScript in
 * the same run.
 *   node --import tsx --expose-gc bench/bigfile.ts
 * 1. The command itself: `node dist/cli.js check` (built first by build.mjs)
 *    in a child process on a generated file in a scratch folder; its CPU time
 *    (user + system, from the kernel, so a loaded machine does not inflate it)
 *    and peak RSS, median of 3.
 * 2. In this process: the heap one analysis of the same text holds, and the
 *    CPU of that analysis beside createSourceFile's on JavaScript of the same size.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { analyze } from '../grammar/analyze';
import { generateNotifyFile } from './generate';
import { fmt, median } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const SIZE = 10 * 1024 * 1024;
const GOAL_MS = 2000;
const GOAL_HEAP = 10;

const sample = generateNotifyFile(1000);
const text = generateNotifyFile(Math.ceil((SIZE / sample.length) * 1000));
const dir = mkdtempSync(join(tmpdir(), 'notify-bench-big-'));
try {
  mkdirSync(join(dir, 'events'));
  copyFileSync(join(ROOT, 'examples/events/deploy.json'), join(dir, 'events/deploy.json'));
  writeFileSync(join(dir, 'big.notify'), text);
  const b = spawnSync(process.execPath, ['build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`node build.mjs failed: ${b.stderr}`);

  // CPU and peak RSS of the child, read from the kernel through a preloaded script that prints them at exit.
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, `process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeSync(2, '\\nPROBE ' + JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1000, rss: u.maxRSS * 1024 }) + '\\n'); });`);
  const runs: { cpu: number; rss: number; wall: number; status: number | null }[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', probe, join(ROOT, 'dist/cli.js'), 'check', 'big.notify'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const wall = performance.now() - t0;
    const m = /PROBE (\{.*\})/.exec(r.stderr);
    if (!m) throw new Error(`notify check printed no figures (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    runs.push({ ...JSON.parse(m[1]!), wall, status: r.status });
  }
  const cpu = median(runs.map((r) => r.cpu));
  const rss = median(runs.map((r) => r.rss));

  // The heap one analysis holds, and its CPU beside createSourceFile's.
  const gc = (globalThis as { gc?: () => void }).gc;
  const catalogText = readFileSync(join(ROOT, 'examples/events/deploy.json'), 'utf8');
  const host = { readImport: () => ({ text: catalogText, resolvedPath: join(dir, 'events/deploy.json') }) };
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const kept = [analyze(text, host)];
  const analyzeMs = process.cpuUsage(c0).user / 1000;
  gc?.();
  const held = process.memoryUsage().heapUsed - heapBefore;
  kept.length = 0;
  gc?.();
  const js = javascriptOfSize(text.length);
  const t0 = process.cpuUsage();
  ts.createSourceFile('bench.js', js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const tsMs = process.cpuUsage(t0).user / 1000;

  const mbs = (n: number) => `${fmt(n / 1e6)} MB`;
  console.log(`notify check of a ${mbs(text.length)} file (${text.split('\n').length} lines), 3 runs, ${cpus().length} cores, load ${loadavg().map((l) => fmt(l, 2)).join(' ')}\n`);
  console.log(`  notify check (child process): CPU ${fmt(cpu, 0)} ms median (${runs.map((r) => fmt(r.cpu, 0)).join(', ')}), wall ${runs.map((r) => fmt(r.wall, 0)).join(', ')} ms, peak RSS ${mbs(rss)}, exit ${runs[0]!.status}`);
  console.log(`  analyze in process: CPU ${fmt(analyzeMs, 0)} ms, heap held ${mbs(held)} (${fmt(held / text.length, 1)}x the file)${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`);
  console.log(`  reference, same run: TypeScript createSourceFile on ${mbs(js.length)} of JavaScript: CPU ${fmt(tsMs, 0)} ms (analyze / createSourceFile ${fmt(analyzeMs / tsMs, 2)}x)`);
  const timeOk = cpu < GOAL_MS;
  const heapOk = held < GOAL_HEAP * text.length;
  console.log(`\nverdict: CPU ${fmt(cpu, 0)} ms vs goal < ${GOAL_MS} ms (${fmt(cpu / GOAL_MS, 2)}x) — ${timeOk ? 'MET' : 'NOT MET'}; ` +
    `heap ${fmt(held / text.length, 1)}x the file vs goal < ${GOAL_HEAP}x — ${heapOk ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Real JavaScript (undici's sources, in a fixed order) until it is as long as `size` (as bench/parse.ts). */
function javascriptOfSize(size: number): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(ROOT, 'node_modules/undici/lib'));
  let out = '';
  for (let i = 0; out.length < size; i++) out += readFileSync(files[i % files.length]!, 'utf8') + '\n';
  return out.slice(0, out.lastIndexOf('\n', size) + 1);
}
