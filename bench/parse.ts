/**
 * Parse + check throughput of the language core on a generated 10,000-line
 * file, beside `JSON.parse` of a JSON document of the same size, in one run.
 * Times are CPU user time (`process.cpuUsage`), not wall time, so that other
 * work on a loaded machine does not blur the figures; each phase of the
 * pipeline (lex, CST with each item turned into the tree as it is read,
 * check) is also timed on its own.
 *   node --import tsx bench/parse.ts
 */
import { analyze } from '../grammar/analyze';
import { parse } from '../grammar/syntax/parser';
import { lex } from '../grammar/syntax/lexer';
import { parseFileTokens } from '../grammar/syntax/cstParser';
import { AstBuilder } from '../grammar/syntax/toAst';
import { check } from '../grammar/check/checker';
import { resolveImports } from '../grammar/catalog/imports';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsonDocument, generateNotifyFile } from './generate';
import { fmt, median, percentile, table } from './stats';

const LINES = 10_000;
const RUNS = 15;

const text = generateNotifyFile(LINES);
const json = generateJsonDocument(text.length);
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
const mb = (ms: number, size: number) => fmt(size / 1e6 / (ms / 1000));
for (const [name, size, fn] of [
  ['  lex', text.length, () => lex(text)],
  ['  CST → tree (+ strings)', text.length, () => {
    const builder = new AstBuilder(text);
    parseFileTokens(lexed.tokens, (item) => builder.item(item));
  }],
  ['  check', text.length, () => check(file, catalog, { text })],
  ['notify parse', text.length, () => parse(text)],
  ['notify parse + check', text.length, () => analyze(text, host)],
  ['JSON.parse (baseline)', json.length, () => JSON.parse(json)],
] as const) {
  const times = cpuRuns(fn, RUNS);
  rows.push([name, `${(size / 1e6).toFixed(2)} MB`, fmt(median(times), 2), fmt(percentile(times, 95), 2), mb(median(times), size)]);
}

console.log(`Parse and check: ${LINES} lines (${text.length} chars) vs JSON.parse of ${json.length} chars, ${RUNS} runs each, CPU user time\n`);
console.log(table(rows));
const exact = typeof (globalThis as { gc?: unknown }).gc === 'function' ? '' : ' (run with --expose-gc for exact figures)';
console.log(`\nheap held by one analysis: ${fmt(heldBy(() => analyze(text, host)) / 1e6)} MB${exact}`);
console.log(`heap held by one parse:    ${fmt(heldBy(() => parse(text)) / 1e6)} MB`);
