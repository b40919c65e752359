/**
 * Large imported catalogs (LANGUAGE.md 7): a generated catalog of 200,000
 * events (12 MB, within the 20,000,000-character import budget), checked
 * (a) by `notify check` of one file importing it, (b) of ten files importing
 * it in one run, and (c) by the language server opening five documents that
 * import it (time to the fifth document's diagnostics). The reference,
 * measured in the same run: `JSON.parse` of the same text plus `notify check`
 * of a file that imports nothing (what any check costs) — the floor a
 * catalog's check could come down to.
 *   RUNS=3 node --import tsx --expose-gc bench/catalogs.ts [events]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchServer } from './serverClient';
import { fmt, median } from './stats';

const EVENTS = Number(process.argv[2] ?? 200_000);
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SERVER = join(ROOT, 'dist', 'server.js');

/** The catalog: every event one or two variables, every tenth a default text, every fifth a list. */
export function generateCatalog(events: number): string {
  const parts: string[] = [];
  for (let i = 0; i < events; i++) {
    const name = `svc${i % 100}.e${i}`;
    const vars = [`"Name":{"type":"string","example":"n${i}"}`];
    if (i % 5 === 0) vars.push(`"Hosts":{"type":"list<string>","example":["a","b"]}`);
    const defaults = i % 10 === 0 ? `,"defaults":{"text":"$Name done"}` : '';
    parts.push(`"${name}":{"variables":{${vars.join(',')}}${defaults}}`);
  }
  return `{"events":{\n${parts.join(',\n')}\n}}\n`;
}

function notifyFile(k: number, withImport: boolean): string {
  const event = withImport ? `svc${(k * 10) % 100}.e${k * 10}` : 'package.added';
  const variable = withImport ? '$Name' : '$PackageId';
  return `${withImport ? 'import "events/big.json";\n\n' : ''}notifier "n${k}" {\n    on ${event};\n\n    slack {\n        url  = "https://hooks.slack.com/services/T/B/X";\n        text = "${variable} ${k}";\n    }\n}\n`;
}

function cli(cwd: string, files: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'check', ...files], { cwd, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`notify check failed (${r.status}): ${r.stdout}${r.stderr}`);
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), 'notify-bench-catalogs-'));
try {
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'events'));
  const catalog = generateCatalog(EVENTS);
  writeFileSync(join(dir, 'events', 'big.json'), catalog);
  for (let k = 0; k < 10; k++) writeFileSync(join(dir, `f${k}.notify`), notifyFile(k, true));
  writeFileSync(join(dir, 'plain.notify'), notifyFile(0, false));
  const files = Array.from({ length: 10 }, (_, k) => `f${k}.notify`);
  console.log(`catalog: ${EVENTS} events, ${(catalog.length / 1e6).toFixed(1)} MB`);

  // each figure is the median of RUNS runs (default 1: a run of the slow case takes minutes before the fix)
  const runs = Number(process.env.RUNS ?? 1);
  const parse = median(Array.from({ length: runs }, () => {
    const t0 = performance.now();
    JSON.parse(readFileSync(join(dir, 'events', 'big.json'), 'utf8'));
    return performance.now() - t0;
  }));
  const plain = median(Array.from({ length: runs }, () => cli(dir, ['plain.notify'])));
  const one = median(Array.from({ length: runs }, () => cli(dir, ['f0.notify'])));
  const ten = median(Array.from({ length: runs }, () => cli(dir, files)));

  const serverRuns: number[] = [];
  for (let r = 0; r < runs; r++) {
    const server = await BenchServer.start('notify', [SERVER], dir);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 5 }, (_, k) => server.open(pathToFileURL(join(dir, `f${k}.notify`)).href, 'notify', notifyFile(k, true))));
    serverRuns.push(performance.now() - t0);
    await server.stop();
  }
  const five = median(serverRuns);

  const floor = parse + plain;
  console.log(`reference: JSON.parse of the catalog ${fmt(parse)} ms; notify check of a file with no import ${fmt(plain)} ms; floor ${fmt(floor)} ms`);
  console.log(`(a) notify check, 1 file importing it:     ${fmt(one).padStart(8)} ms  (${(one / floor).toFixed(1)}x the floor)`);
  console.log(`(b) notify check, 10 files importing it:   ${fmt(ten).padStart(8)} ms  (${(ten / floor).toFixed(1)}x the floor, ${(ten / one).toFixed(1)}x one file)`);
  console.log(`(c) server, 5 documents open, all checked: ${fmt(five).padStart(8)} ms  (${(five / floor).toFixed(1)}x the floor)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
