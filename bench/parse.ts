/**
 * Parse + check throughput of the language core on a generated 10,000-line
 * file, beside `JSON.parse` of a JSON document of the same size, in one run.
 *   node --import tsx bench/parse.ts
 */
import { analyze } from '../grammar/analyze';
import { parse } from '../grammar/syntax/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsonDocument, generateNotifyFile } from './generate';
import { fmt, median, percentile, table, timeRuns } from './stats';

const LINES = 10_000;
const RUNS = 15;

const text = generateNotifyFile(LINES);
const json = generateJsonDocument(text.length);
const catalogText = readFileSync(join(__dirname, '../examples/events/deploy.json'), 'utf8');
const host = { readImport: () => ({ text: catalogText, resolvedPath: '/bench/events/deploy.json' }) };

const first = analyze(text, host);
const errors = first.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) throw new Error(`benchmark input has errors: ${errors[0]!.code} ${errors[0]!.message}`);

const heapBefore = process.memoryUsage().heapUsed;
const keep = analyze(text, host);
const heapAnalysis = process.memoryUsage().heapUsed - heapBefore;

const rows: string[][] = [['what', 'input', 'median ms', 'p95 ms', 'MB/s (median)']];
const mb = (ms: number, size: number) => fmt(size / 1e6 / (ms / 1000));
for (const [name, size, fn] of [
  ['notify parse', text.length, () => parse(text)],
  ['notify parse + check', text.length, () => analyze(text, host)],
  ['JSON.parse (baseline)', json.length, () => JSON.parse(json)],
] as const) {
  const times = timeRuns(fn, RUNS);
  rows.push([name, `${(size / 1e6).toFixed(2)} MB`, fmt(median(times)), fmt(percentile(times, 95)), mb(median(times), size)]);
}

console.log(`Parse and check: ${LINES} lines (${text.length} chars) vs JSON.parse of ${json.length} chars, ${RUNS} runs each\n`);
console.log(table(rows));
console.log(`\nheap held by one analysis: ${fmt(heapAnalysis / 1e6)} MB (${keep.diagnostics.length} diagnostics)`);
