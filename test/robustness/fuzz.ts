/**
 * The fuzz corpus and the pipeline check shared by test/robustness and
 * bench/robustness.ts. Every input is reproducible from (seed, index):
 * `fuzzInputs(seed, count)` always yields the same texts.
 *
 * One input goes through what an editor and the CLI do with a file — parse,
 * import resolution, check, format (and the formatted text analysed again),
 * render — and the check reports what went wrong instead of throwing:
 * crashes (an exception escaping a public entry point, or an internal error
 * surfacing as a diagnostic or render error), slow stages, and formatter
 * results that change meaning.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { BUILTIN_CATALOG } from '../../grammar/catalog/builtin';
import { resolveImports, type ImportHost } from '../../grammar/catalog/imports';
import { checkImportedDefaults } from '../../grammar/check/catalogDefaults';
import { check } from '../../grammar/check/checker';
import { CHANNELS } from '../../grammar/channels/registry';
import { cursorContext } from '../../grammar/complete/cursorContext';
import type { Diagnostic } from '../../grammar/diagnostics';
import { format, treeShape } from '../../grammar/format/format';
import { FUNCTIONS } from '../../grammar/functions/builtins';
import { render, type RenderResult } from '../../grammar/render/render';
import { parse } from '../../grammar/syntax/parser';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** An input the per-stage time may not exceed without being reported (spec: interactive use). */
export const HANG_MS = 250;
/** An input this slow fails the test outright, even on a loaded machine. */
export const FAIL_MS = 5000;

// ------------------------------------------------------------------ corpus

export interface Seed {
  readonly name: string;
  readonly text: string;
}

function notifyFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? notifyFilesUnder(p) : n.endsWith('.notify') ? [p] : [];
    });
}

/** Every `examples/**\/*.notify`, and every ```notify block of the docs (the spec's example among them). */
export function seedCorpus(): Seed[] {
  const seeds: Seed[] = notifyFilesUnder(join(ROOT, 'examples')).map((p) => ({ name: p.slice(ROOT.length + 1), text: readFileSync(p, 'utf8') }));
  const docs = join(ROOT, 'docs');
  for (const name of readdirSync(docs).sort()) {
    if (!name.endsWith('.md')) continue;
    const md = readFileSync(join(docs, name), 'utf8');
    let i = 0;
    for (const m of md.matchAll(/```notify[^\n]*\n([\s\S]*?)```/g)) seeds.push({ name: `docs/${name}#${++i}`, text: m[1]! });
  }
  return seeds;
}

/** The language's words and punctuation, so random token soup reaches deep into parser and checker. */
export function vocabulary(): string[] {
  const words = new Set<string>([
    'import', 'notifier', 'on', 'when', 'sample', 'for', 'true', 'false',
    '{', '}', '(', ')', '[', ']', ';', ',', '.', ':', '=', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '!',
    '@(', '%(', '$(', '${', '"', "'", '`', '``', '`$', '`n', '>>', '>EOF>', '<%', '%>', '<% if ', '<% foreach ', ' in ', '<% } %>', '<% } else { %>',
    '#', '//', '/*', '*/', '\n', '\r\n', ' ', '\t', '7', '-3', '7.5', '1e3', '250ms', '10s', '1m', '2h', '1d', '0',
    '"https://example.com/hook"', '"ops@example.com"', '"#ff0000"', '"bearer"', '"hmac-sha256"', '"standard"',
    'é', '😀', '\u0000', '\u2028', '\uFEFF', '\uD800', '\r', '\r\r\n',
    // Bidirectional controls (Trojan Source): embeddings, overrides, isolates and marks.
    '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C',
  ]);
  for (const kind of Object.keys(CHANNELS)) {
    words.add(kind);
    for (const prop of CHANNELS[kind as keyof typeof CHANNELS].properties.keys()) words.add(prop);
  }
  for (const fn of FUNCTIONS) for (const sigil of fn.sigils) words.add(`${sigil}${fn.name}(`);
  for (const [name, event] of BUILTIN_CATALOG.events) {
    words.add(name);
    for (const v of event.variables.values()) for (const sigil of ['$', '@', '%']) words.add(sigil + v.name);
  }
  return [...words];
}

// ------------------------------------------------------------------ generators

export type InputKind = 'random' | 'soup' | 'mutant' | 'seed';

export interface FuzzInput {
  readonly kind: InputKind;
  /** Where it came from: `seed 42 #17 (mutant of examples/packages.notify)`. */
  readonly origin: string;
  readonly text: string;
}

type Op = 'delete' | 'insert' | 'duplicate' | 'swap' | 'truncate' | 'splice' | 'repeat' | 'nest' | 'crlf' | 'space' | 'bidi';

/** Bidirectional controls a Trojan Source edit hides in names, strings and comments. */
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'] as const;

/** One edit of `text`; `r` are random numbers in [0, 1). */
function mutate(text: string, op: Op, r: readonly number[], word: string, other: string): string {
  const at = (x: number) => Math.floor(x * (text.length + 1));
  const i = at(r[0]!);
  const j = Math.min(text.length, i + Math.floor(r[1]! * 40));
  switch (op) {
    case 'delete':
      return text.slice(0, i) + text.slice(j);
    case 'insert':
      return text.slice(0, i) + word + text.slice(i);
    case 'duplicate':
      return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    case 'swap': {
      const k = at(r[2]!);
      const [a, b] = i < k ? [i, k] : [k, i];
      const len = Math.min(Math.floor(r[1]! * 20), b - a);
      return text.slice(0, a) + text.slice(b, b + len) + text.slice(a + len, b) + text.slice(a, a + len) + text.slice(b + len);
    }
    case 'truncate':
      return text.slice(0, i);
    case 'splice':
      return text.slice(0, i) + other.slice(Math.floor(r[2]! * other.length));
    case 'repeat':
      // A block repeated many times: large (but realistic) files.
      return text.slice(0, j) + text.slice(i, j).repeat(1 + Math.floor(r[2]! * 200)) + text.slice(j);
    case 'nest': {
      // Deep nesting at one point: parentheses, lists, maps, calls, templates; closed, or (one time in
      // three) left unclosed and deeper, past the language's nesting limit.
      const shapes = [
        ['(', ')'],
        ['@(', ')'],
        ['%(k: ', ')'],
        ['"$(', ')"'],
        ['$ToUpper(', ')'],
        ['<% if true { %>', '<% } %>'],
      ] as const;
      const [open, close] = shapes[Math.floor(r[1]! * shapes.length)]!;
      const unclosed = r[2]! < 1 / 3;
      const depth = unclosed ? 1 + Math.floor(r[2]! * 3 * 1200) : 1 + Math.floor(r[2]! * 300);
      return text.slice(0, i) + open.repeat(depth) + word + (unclosed ? '' : close.repeat(depth)) + text.slice(i);
    }
    case 'crlf':
      // CRLF, lone CR, or a mix per line break (with stray CRs before some).
      switch (Math.floor(r[1]! * 4)) {
        case 0:
          return text.replace(/\n/g, '\r\n');
        case 1:
          return text.replace(/\n/g, '\r');
        case 2:
          // One lone CR (or CR CR LF) at a random point: inside a comment, a string, a swim string's opener.
          return text.slice(0, i) + (r[2]! < 0.5 ? '\r' : '\r\r\n') + text.slice(i);
        default: {
          let k = 0;
          return text.replace(/\n/g, () => ['\n', '\r\n', '\r', '\r\r\n'][k++ % 4]!);
        }
      }
    case 'space': {
      // Layout only, at an existing gap: mostly still a valid file, so the formatter round trip is exercised.
      const gap = text.slice(i).search(/[ \n]/);
      const k = gap < 0 ? text.length : i + gap;
      const layout = [' ', '\n', '\n\n\n', '\t', '  # note\n', ' // n\n', ' /* c */ ', '\n/* a\n b */\n'][Math.floor(r[1]! * 8)]!;
      return text.slice(0, k) + layout + text.slice(k);
    }
    case 'bidi': {
      // An override (or isolate) opened inside the text, often left unterminated, as an attacker would hide it.
      const open = BIDI[Math.floor(r[1]! * BIDI.length)]!;
      const close = r[2]! < 0.5 ? '' : r[2]! < 0.75 ? '\u202C' : '\u2069';
      return text.slice(0, i) + open + text.slice(i, j) + close + text.slice(j);
    }
  }
}

const OPS: readonly Op[] = ['delete', 'delete', 'insert', 'insert', 'insert', 'duplicate', 'swap', 'truncate', 'splice', 'repeat', 'nest', 'nest', 'crlf', 'crlf', 'space', 'space', 'space', 'space', 'bidi'];

/** Any code point, lone surrogates included (fast-check's own `binary` unit takes seconds to build). */
const anyCodePoint = fc.nat(0x10ffff).map((cp) => String.fromCodePoint(cp));

/** The arbitrary behind `fuzzInputs`: a mix of random text, token soup, mutants and untouched seeds. */
export function fuzzArbitrary(seeds: readonly Seed[] = seedCorpus(), words: readonly string[] = vocabulary()): fc.Arbitrary<Omit<FuzzInput, 'origin'> & { from: string }> {
  const word = fc.constantFrom(...words);
  const random = fc
    .oneof(fc.string({ maxLength: 300 }), fc.string({ unit: anyCodePoint, maxLength: 300 }))
    .map((text) => ({ kind: 'random' as const, text, from: '' }));
  const soup = fc.array(word, { maxLength: 150 }).map((ws) => ({ kind: 'soup' as const, text: ws.join(' '), from: '' }));
  const soupTight = fc.array(word, { maxLength: 150 }).map((ws) => ({ kind: 'soup' as const, text: ws.join(''), from: '' }));
  const edit = fc.tuple(fc.constantFrom(...OPS), fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 3, maxLength: 3 }), word);
  const mutant = fc
    .tuple(fc.nat(seeds.length - 1), fc.nat(seeds.length - 1), fc.array(edit, { minLength: 1, maxLength: 5 }))
    .map(([s, o, edits]) => {
      let text = seeds[s]!.text;
      for (const [op, r, w] of edits) text = mutate(text, op, r, w, seeds[o]!.text);
      return { kind: 'mutant' as const, text, from: seeds[s]!.name };
    });
  const seed = fc.nat(seeds.length - 1).map((s) => ({ kind: 'seed' as const, text: seeds[s]!.text, from: seeds[s]!.name }));
  return fc.oneof(
    { weight: 2, arbitrary: random },
    { weight: 2, arbitrary: soup },
    { weight: 1, arbitrary: soupTight },
    { weight: 6, arbitrary: mutant },
    { weight: 1, arbitrary: seed },
  );
}

let defaultArbitrary: ReturnType<typeof fuzzArbitrary> | undefined;

/** `count` inputs, the same for the same seed (the corpus is read and the arbitrary built once per process). */
export function fuzzInputs(seed: number, count: number): FuzzInput[] {
  defaultArbitrary ??= fuzzArbitrary();
  const samples = fc.sample(defaultArbitrary, { seed, numRuns: count });
  return samples.map((s, i) => ({ kind: s.kind, text: s.text, origin: `seed ${seed} #${i}${s.from ? ` (${s.kind} of ${s.from})` : ` (${s.kind})`}` }));
}

// ------------------------------------------------------------------ the pipeline check

/** Imports resolve against examples/events (so `import "events/deploy.json"` works), nothing else. */
export const EXAMPLES_HOST: ImportHost = {
  readImport(importPath) {
    const path = resolve(ROOT, 'examples', importPath);
    if (!path.startsWith(join(ROOT, 'examples'))) return { error: 'outside the examples folder' };
    try {
      return { text: readFileSync(path, 'utf8'), resolvedPath: path };
    } catch {
      return { error: `file not found (${importPath})` };
    }
  },
};

/** Milliseconds from some origin: the wall clock (the bench's worker threads), or this process's CPU time (the tests, on loaded machines). */
export type Clock = () => number;
export const wallClock: Clock = () => performance.now();
export const cpuClock: Clock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export type Stage = 'parse' | 'imports' | 'check' | 'format' | 'reanalyze' | 'render' | 'complete';

export interface InputReport {
  readonly input: FuzzInput;
  /** Milliseconds per stage. */
  readonly ms: Partial<Record<Stage, number>>;
  readonly totalMs: number;
  /** What crashed, with the stage: `check: TypeError: …`. */
  readonly crashes: string[];
  /** How formatting changed the file's meaning, if it did. */
  readonly meaningChanges: string[];
  readonly formatted: boolean;
  readonly errors: number;
}

/** What one analysis found. Shape and rendered meaning are computed only when a formatted text is compared with it. */
interface Analysed {
  readonly shape: () => string;
  readonly codes: string;
  readonly errors: number;
  readonly render: () => string;
}

/**
 * Runs `input` through the pipeline, stage by stage, outside the guards
 * `analyze` puts around them (so a bug shows here instead of being
 * swallowed), and reports instead of throwing.
 */
export function checkInput(input: FuzzInput, clock: Clock = wallClock): InputReport {
  const ms: Partial<Record<Stage, number>> = {};
  const crashes: string[] = [];
  const meaningChanges: string[] = [];
  const timed = <T>(stage: Stage, run: () => T): T | undefined => {
    const t = clock();
    try {
      return run();
    } catch (e) {
      crashes.push(`${stage}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      return undefined;
    } finally {
      ms[stage] = (ms[stage] ?? 0) + clock() - t;
    }
  };
  const started = clock();
  const original = analyseText(input.text, timed, crashes, '');
  // what completion, hover and signature help work out before answering: the cursor at the end sees every bracket left open
  timed('complete', () => cursorContext(input.text, input.text.length));
  let formatted = false;
  const f = timed('format', () => format(input.text));
  if (f && original) {
    if (f.changed) {
      formatted = true;
      const again = analyseText(f.text, (stage, run) => timed(stage === 'parse' || stage === 'imports' || stage === 'check' ? 'reanalyze' : stage, run), crashes, 'formatted: ');
      // One rule for line breaks (LANGUAGE.md section 1): the formatter writes LF, and a swim string's
      // line breaks are `\n` whatever the file's, so the formatted text must mean exactly what the input does.
      if (again) compareMeaning(original, again, meaningChanges);
      const twice = timed('format', () => format(f.text));
      if (twice && twice.text !== f.text) meaningChanges.push('format is not idempotent: formatting the formatted text changes it again');
    } else if (f.text !== input.text) {
      meaningChanges.push('format reported no change but returned different text');
    }
  }
  return { input, ms, totalMs: clock() - started, crashes, meaningChanges, formatted, errors: original?.errors ?? 0 };
}

function analyseText(
  text: string,
  timed: <T>(stage: Stage, run: () => T) => T | undefined,
  crashes: string[],
  prefix: string,
): Analysed | undefined {
  const parsed = timed('parse', () => parse(text));
  if (!parsed) return undefined;
  const internal = (ds: readonly Diagnostic[]) => ds.filter((d) => /internal/i.test(d.message)).map((d) => `${prefix}${d.code}: ${d.message}`);
  crashes.push(...internal(parsed.diagnostics));
  for (const d of parsed.diagnostics) {
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) crashes.push(`${prefix}${d.code} has a span outside the text`);
  }
  if (!prefix) crashes.push(...bidiContract(text, parsed.diagnostics));
  const imported = timed('imports', () => resolveImports(parsed.file, EXAMPLES_HOST));
  const catalog = imported?.catalog ?? BUILTIN_CATALOG;
  const checked = timed('check', () => check(parsed.file, catalog, { text }));
  const defaults = timed('check', () => checkImportedDefaults(parsed.file, catalog)) ?? [];
  const all = [...parsed.diagnostics, ...(imported?.diagnostics ?? []), ...(checked?.diagnostics ?? []), ...defaults];
  crashes.push(...internal(all.slice(parsed.diagnostics.length)));
  const errors = all.filter((d) => d.severity === 'error').length;
  // The preview renders half-typed files too, so every input is rendered; the CLI only renders error-free ones.
  const rendered = timed('render', () => render(parsed.file, catalog, {}));
  if (rendered) {
    for (const e of rendered.errors) if (/internal error/i.test(e.message)) crashes.push(`${prefix}render: ${e.message}`);
  }
  return {
    shape: () => shapeOf(parsed.file),
    codes: all
      .map((d) => `${d.severity} ${d.code}`)
      .sort()
      .join(', '),
    errors,
    render: () => (rendered ? renderedMeaning(rendered) : ''),
  };
}

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;

/** LANGUAGE.md section 1: every bidirectional control character anywhere in a file is one NTF006, at that character. */
function bidiContract(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const at = new Set(diagnostics.filter((d) => d.code === 'NTF006').map((d) => d.span.start));
  const missed = [...text.matchAll(BIDI_CONTROL)].filter((m) => !at.has(m.index)).map((m) => m.index);
  return missed.length ? [`contract: no NTF006 for the bidirectional control character at offset ${missed.slice(0, 5).join(', ')}`] : [];
}

/** The tree's shape for comparison; a tree too deep for JSON.stringify is compared by its text instead (the formatter leaves those alone). */
function shapeOf(file: Parameters<typeof treeShape>[0]): string {
  try {
    return treeShape(file);
  } catch {
    return 'too deep to compare';
  }
}

/** What a render means to a user: deliveries, error messages and skips, without positions. */
function renderedMeaning(r: RenderResult): string {
  return JSON.stringify({ deliveries: r.deliveries, errors: r.errors.map((e) => e.message), skipped: r.skipped.map((s) => s.reason) });
}

function compareMeaning(before: Analysed, after: Analysed, out: string[]): void {
  if (before.shape() !== after.shape()) out.push('the syntax tree changed');
  if (before.codes !== after.codes) out.push(`the diagnostics changed: [${before.codes}] → [${after.codes}]`);
  if (before.render() !== after.render()) out.push('the rendered deliveries changed');
}

// ------------------------------------------------------------------ a run

export interface FuzzSummary {
  readonly inputs: number;
  readonly byKind: Record<InputKind, number>;
  readonly crashes: InputReport[];
  /** Inputs with a stage slower than HANG_MS. */
  readonly hangs: InputReport[];
  readonly meaningChanges: InputReport[];
  /** The slowest inputs, slowest first. */
  readonly slowest: InputReport[];
  readonly formattedInputs: number;
  readonly errorFreeInputs: number;
  readonly totalMs: number;
  readonly bytes: number;
}

export function slowestStage(r: InputReport): { stage: Stage; ms: number } {
  let best: { stage: Stage; ms: number } = { stage: 'parse', ms: 0 };
  for (const [stage, ms] of Object.entries(r.ms) as [Stage, number][]) if (ms > best.ms) best = { stage, ms };
  return best;
}

export function runFuzz(inputs: readonly FuzzInput[], onReport?: (r: InputReport) => void, clock: Clock = wallClock): FuzzSummary {
  const byKind: Record<InputKind, number> = { random: 0, soup: 0, mutant: 0, seed: 0 };
  const crashes: InputReport[] = [];
  const hangs: InputReport[] = [];
  const meaningChanges: InputReport[] = [];
  // The slowest few only: a batch's reports are not all kept (a million would not fit).
  let slowest: InputReport[] = [];
  let fifthSlowest = -1;
  let formattedInputs = 0;
  let errorFreeInputs = 0;
  let bytes = 0;
  const started = performance.now();
  for (const input of inputs) {
    const r = checkInput(input, clock);
    onReport?.(r);
    byKind[input.kind]++;
    bytes += input.text.length;
    if (r.crashes.length) crashes.push(r);
    if (r.meaningChanges.length) meaningChanges.push(r);
    const worst = slowestStage(r).ms;
    if (worst > HANG_MS) hangs.push(r);
    if (r.formatted) formattedInputs++;
    if (r.errors === 0) errorFreeInputs++;
    if (worst > fifthSlowest) {
      slowest = [...slowest, r].sort((a, b) => slowestStage(b).ms - slowestStage(a).ms).slice(0, 5);
      if (slowest.length === 5) fifthSlowest = slowestStage(slowest[4]!).ms;
    }
  }
  return { inputs: inputs.length, byKind, crashes, hangs, meaningChanges, slowest, formattedInputs, errorFreeInputs, totalMs: performance.now() - started, bytes };
}

/** One line per slow input, for logs: `312 ms check — seed 42 #17 (mutant of …), 5123 chars`. */
export function describeSlow(r: InputReport): string {
  const s = slowestStage(r);
  return `${s.ms.toFixed(0)} ms ${s.stage} — ${r.input.origin}, ${r.input.text.length} chars`;
}

// ------------------------------------------------------------------ regressions

export const REGRESSIONS_DIR = join(ROOT, 'test', 'robustness', 'fixtures', 'regressions');

/** Every kept failing input, replayed by test/robustness/fuzz.test.ts. */
export function regressionInputs(): FuzzInput[] {
  return readdirSync(REGRESSIONS_DIR)
    .filter((n) => n.endsWith('.notify'))
    .sort()
    .map((n) => ({ kind: 'seed' as const, origin: `regression ${n}`, text: readFileSync(join(REGRESSIONS_DIR, n), 'utf8') }));
}

/** Keeps a failing input as a regression case (named by its content, so saving twice is harmless). */
export function saveRegression(input: FuzzInput): string {
  const name = `found-${createHash('sha256').update(input.text).digest('hex').slice(0, 12)}.notify`;
  const path = join(REGRESSIONS_DIR, name);
  mkdirSync(REGRESSIONS_DIR, { recursive: true });
  if (!existsSync(path)) writeFileSync(path, input.text);
  return path;
}

// ------------------------------------------------------------------ pathological inputs

/** Large and deep inputs no mutation reaches: how the pipeline scales (the bench times each). */
export function pathologicalInputs(): FuzzInput[] {
  const hook = (body: string) => `notifier "d" { on package.added; webhook { url = "https://x.com"; body = ${body}; } }`;
  const cases: Record<string, string> = {
    '20,000 nested parentheses': `notifier "d" { on package.added; when ${'('.repeat(20_000)}true${')'.repeat(20_000)}; }`,
    '10,000 nested lists': hook(`$ToJson(${'@('.repeat(10_000)}1${')'.repeat(10_000)})`),
    '10,000 nested $( ) in a string': hook(`"${'$('.repeat(10_000)}1${')'.repeat(10_000)}"`),
    '2,000 nested if tags': hook(`"${'<% if true { %>'.repeat(2000)}x${'<% } %>'.repeat(2000)}"`),
    '50,000 ! in a row': `notifier "d" { on package.added; when ${'!'.repeat(50_000)}true; }`,
    '5,000 && in a row': `notifier "d" { on package.added; when ${Array(5000).fill('true').join(' && ')}; }`,
    '5,000 .member in a row': `notifier "d" { on package.added; when %m${'.a'.repeat(5000)} == 1; }`,
    '2,000 notifiers': Array.from({ length: 2000 }, (_, i) => `notifier "n${i}" { on package.added; webhook { url = "https://x.com/${i}"; } }`).join('\n'),
    '2,000 samples': Array.from({ length: 2000 }, (_, i) => `sample "s${i}" for package.added { $PackageId = "p${i}"; }`).join('\n') + '\nnotifier "n" { on package.added; webhook { url = "https://x.com"; } }',
    'a 1 MB string': hook(`"${'a'.repeat(1_000_000)}"`),
    'a 1 MB comment': `/*${'*'.repeat(1_000_000)}`,
    'a 1 MB unterminated string': `notifier "d" { on package.added; webhook { url = "https://x.com"; body = "${'b'.repeat(1_000_000)}`,
    '10,000 call arguments': hook(`$Coalesce(${Array(10_000).fill('"a"').join(', ')})`),
    'a 10,000-entry map': hook(`$ToJson(%(${Array.from({ length: 10_000 }, (_, i) => `k${i}: ${i}`).join(', ')}))`),
    '100,000 stray $': hook(`"${'$'.repeat(100_000)}"`),
    '50,000 lines of garbage tokens': Array(50_000).fill('} ) ; = $ @ % "').join('\n'),
    // every line opens brackets and a string it never closes (the cursor at the end is inside all of them)
    '8,000 lines of unclosed brackets': Array.from({ length: 8000 }, (_, i) => `{(["<%$@%${i}`).join('\n'),
    '8,000 nested unclosed channel blocks': `notifier "d" {\n  on package.added;\n${'  slack {\n'.repeat(8000)}`,
  };
  return Object.entries(cases).map(([origin, text]) => ({ kind: 'seed' as const, origin, text }));
}
