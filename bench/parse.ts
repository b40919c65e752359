/**
 * Parse + check throughput of the language core on a generated 10,000-line
 * file, beside TypeScript's `createSourceFile` on JavaScript of the same size
 * (the goal of issue 10: at least its throughput) and `JSON.parse` of a JSON
 * document of the same size, in one run.
 * Times are CPU user time (`process.cpuUsage`), not wall time, so that other
 * work on a loaded machine does not blur the figures; each phase of the
 * pipeline (lex, parse, check) is also timed on its own.
 *   node --import tsx bench/parse.ts
 */
import { analyze } from '../grammar/analyze';
import { parse } from '../grammar/syntax/parser';
import { lex } from '../grammar/syntax/lexer';
import { check } from '../grammar/check/checker';
import { resolveImports } from '../grammar/catalog/imports';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { generateJsonDocument, generateNotifyFile } from './generate';
import { fmt, median, percentile, table } from './stats';

const LINES = 10_000;
const RUNS = 15;

const text = generateNotifyFile(LINES);
const json = generateJsonDocument(text.length);

/** Real, readable JavaScript (undici's sources, in a fixed order) until it is as long as `size`. */
function javascriptOfSize(size: number): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(import.meta.dirname, '../node_modules/undici/lib'));
  let out = '';
  for (let i = 0; out.length < size; i++) out += readFileSync(files[i % files.length]!, 'utf8') + '\n';
  // Cut at a line break near the size: the cost of a few unclosed constructs at the end is nothing.
  return out.slice(0, out.lastIndexOf('\n', size) + 1);
}
const javascript = javascriptOfSize(text.length);
const catalogText = readFileSync(join(import.meta.dirname, '../examples/events/deploy.json'), 'utf8');
const host = { readImport: () => ({ text: catalogText, resolvedPath: '/bench/events/deploy.json' }) };

const first = analyze(text, host);
const errors = first.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) throw new Error(`benchmark input has errors: ${errors[0]!.code} ${errors[0]!.message}`);

/**
 * CPU user milliseconds per call, `runs` samples after 2 untimed calls. The
 * CPU clock ticks coarsely, so a fast call (JSON.parse: under a millisecond)
 * is repeated within a sample until the sample lasts about 20 ms.
 */
function cpuRuns(fn: () => void, runs: number): number[] {
  for (let i = 0; i < 2; i++) fn();
  const t0 = process.hrtime.bigint();
  fn();
  const oneMs = Math.max(Number(process.hrtime.bigint() - t0) / 1e6, 0.001);
  const reps = Math.max(1, Math.ceil(20 / oneMs));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    for (let r = 0; r < reps; r++) fn();
    times.push(process.cpuUsage(before).user / 1000 / reps);
  }
  return times;
}

function heldBy(fn: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = [fn()];
  gc?.();
  const held = process.memoryUsage().heapUsed - before;
  kept.length = 0; // (read after the measure, so the result is not collected before it)
  return held;
}

// Inputs of the later phases, made once.
const lexed = lex(text);
const file = first.file;
const catalog = resolveImports(file, host).catalog;

const rows: string[][] = [['what', 'input', 'median ms', 'p95 ms', 'MB/s (median)']];
const speed = new Map<string, number>();
const mb = (ms: number, size: number) => fmt(size / 1e6 / (ms / 1000));
for (const [name, size, fn] of [
  ['  lex', text.length, () => lex(text)],
  ['  check', text.length, () => check(file, catalog, { text })],
  ['notify parse (lex + tree)', text.length, () => parse(text)],
  ['notify parse + check', text.length, () => analyze(text, host)],
  ['TypeScript createSourceFile (JS)', javascript.length, () => ts.createSourceFile('bench.js', javascript, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)],
  ['JSON.parse (baseline)', json.length, () => JSON.parse(json)],
] as const) {
  const times = cpuRuns(fn, RUNS);
  speed.set(name, size / median(times));
  rows.push([name, `${(size / 1e6).toFixed(2)} MB`, fmt(median(times), 2), fmt(percentile(times, 95), 2), mb(median(times), size)]);
}

console.log(`Parse and check: ${LINES} lines (${text.length} chars) vs JSON.parse of ${json.length} chars, ${RUNS} runs each, CPU user time\n`);
console.log(table(rows));
// The verdict from alternating samples of the two, each pair's ratio of throughputs, median: the phases above
// run one after the other, and the load of other processes on a shared machine changes between them (a
// sample's p95 is often twice its median), while a pair sees the same load. CPU user + system: the kernel's
// split between the two is tick-sampled; their sum is not.
const cpuMs = (fn: () => void): number => {
  const before = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
};
const analyzeOnce = () => void analyze(text, host);
const typescriptOnce = () => void ts.createSourceFile('bench.js', javascript, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
const PAIRS = 31;
const pairRatios: number[] = [];
for (let i = 0; i < PAIRS; i++) {
  const notifyMs = cpuMs(analyzeOnce);
  const typescriptMs = cpuMs(typescriptOnce);
  pairRatios.push(text.length / notifyMs / (javascript.length / typescriptMs));
}
const ratio = median(pairRatios);
console.log(
  `\nnotify parse + check / TypeScript createSourceFile: ${fmt(ratio, 2)}x the throughput (median of ${PAIRS} alternating pairs) — ${
    ratio >= 1 ? 'goal met (at least TypeScript\'s)' : 'goal NOT met (issue 10: at least TypeScript\'s)'
  }`,
);
const exact = typeof (globalThis as { gc?: unknown }).gc === 'function' ? '' : ' (run with --expose-gc for exact figures)';
console.log(`\nheap held by one analysis: ${fmt(heldBy(() => analyze(text, host)) / 1e6)} MB${exact}`);
console.log(`heap held by one parse:    ${fmt(heldBy(() => parse(text)) / 1e6)} MB`);
