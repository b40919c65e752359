import { BUILTIN_CATALOG } from './catalog/builtin';
import type { Catalog } from './catalog/catalog';
import { resolveImports, type ImportHost } from './catalog/imports';
import { checkImportedDefaults } from './check/catalogDefaults';
import { check } from './check/checker';
import { ModelBuilder, type SemanticModel } from './check/model';
import type { Diagnostic } from './diagnostics';
import type { NotifyFile, Span } from './syntax/ast';
import { parse } from './syntax/parser';

export type { ImportHost } from './catalog/imports';

/** Everything the language server, the CLI and the renderer need to know about one file. */
export interface Analysis {
  readonly text: string;
  readonly file: NotifyFile;
  /** The built-in catalog plus the file's imports. */
  readonly catalog: Catalog;
  /** Parse, import and check diagnostics, sorted by offset, without duplicates. */
  readonly diagnostics: readonly Diagnostic[];
  readonly model: SemanticModel;
}

/**
 * Parses, resolves imports and type-checks a file. Never throws: a failure
 * in one stage leaves that stage's results out (an editor must keep working
 * on any text), the stages before it stay.
 */
export interface AnalyzeOptions {
  /** Variables `$Env` may read besides `NOTIFY_ENV_*` (NTF211). */
  readonly allowedEnv?: readonly string[];
}

export function analyze(text: string, host: ImportHost, options: AnalyzeOptions = {}): Analysis {
  const empty: NotifyFile = { kind: 'File', span: { start: 0, end: text.length }, items: [], comments: [] };
  let file = empty;
  let catalog: Catalog = BUILTIN_CATALOG;
  let model: SemanticModel = new ModelBuilder();
  const all: Diagnostic[] = [];
  try {
    const parsed = parse(text);
    file = parsed.file;
    all.push(...parsed.diagnostics);
  } catch {
    // a parser bug: nothing to check
  }
  try {
    const imported = resolveImports(file, host);
    catalog = imported.catalog;
    all.push(...imported.diagnostics);
  } catch {
    // an import bug: check against the built-in catalog
  }
  try {
    const checked = check(file, catalog, { text, allowedEnv: options.allowedEnv });
    model = checked.model;
    all.push(...checked.diagnostics);
  } catch {
    // check() guards each node; this is the last line of defence
  }
  try {
    all.push(...checkImportedDefaults(file, catalog));
  } catch {
    // as above
  }
  return { text, file, catalog, diagnostics: sortAndDedupe(oneReportPerMistake(withoutCascades(file, all))), model };
}

/**
 * "No `on`", "no channel" and "required property missing" are what a syntax
 * error inside a notifier or channel usually looks like to the checker (the
 * rest of the block was not parsed), so they are left out for a block that
 * has one: one mistake, one report.
 */
export function withoutCascades(file: NotifyFile, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const syntax = diagnostics.filter((d) => d.code === 'NTF001' || d.code === 'NTF002');
  if (syntax.length === 0) return [...diagnostics];
  const hasSyntaxError = (span: Span) => syntax.some((d) => d.span.start >= span.start && d.span.start <= span.end);
  const within = (d: Diagnostic, span: Span) => d.span.start >= span.start && d.span.start <= span.end;
  const brokenNotifiers = file.items.filter((item) => item.kind === 'Notifier' && hasSyntaxError(item.span));
  const brokenChannels = file.items
    .flatMap((item) => (item.kind === 'Notifier' ? item.clauses : []))
    .filter((c) => c.kind === 'Channel' && hasSyntaxError(c.span));
  return diagnostics.filter((d) => {
    if (d.code === 'NTF301' || d.code === 'NTF302') return !brokenNotifiers.some((n) => within(d, n.span));
    if (d.code === 'NTF202') return !brokenChannels.some((c) => within(d, c.span));
    return true;
  });
}

const SYNTAX_CODES = new Set(['NTF001', 'NTF002', 'NTF003', 'NTF004']);

/**
 * One mistake, one diagnostic (docs/diagnostics.md):
 * - where the parser reports a problem, the checker's diagnostics at the
 *   same text are left out (`timeout = 1.5s` is a malformed duration, not
 *   also a number where a duration belongs);
 * - except for an event name: the checker's NTF101 knows the catalog and
 *   names the event meant, so it replaces the parser's note on the spelling;
 * - while an import fails (NTF401), events without a close known match are
 *   taken to come from that catalog and are not reported again per `on`.
 */
export function oneReportPerMistake(diagnostics: readonly Diagnostic[], failedImport = diagnostics.some((d) => d.code === 'NTF401')): Diagnostic[] {
  const unknownEvents = new Set(diagnostics.filter((d) => d.code === 'NTF101' && !(failedImport && hiddenByFailedImport(d))));
  const eventSpans = new Set([...unknownEvents].map((d) => `${d.span.start}:${d.span.end}`));
  const syntax = new Set(diagnostics.filter((d) => SYNTAX_CODES.has(d.code) && !(d.code === 'NTF001' && eventSpans.has(`${d.span.start}:${d.span.end}`))));
  const overlapsSyntax = spanIndex([...syntax].map((d) => d.span));
  return diagnostics.filter((d) => {
    if (SYNTAX_CODES.has(d.code)) return syntax.has(d);
    if (d.code === 'NTF101') return unknownEvents.has(d);
    return !overlapsSyntax(d.span);
  });
}

/** Whether a span overlaps any of `spans`, in O(log n) per question (a file can have 100,000 syntax errors). */
function spanIndex(spans: readonly Span[]): (span: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  for (const s of sorted) maxEnd.push(Math.max(s.end, maxEnd[maxEnd.length - 1] ?? -Infinity));
  return (span) => {
    // the last syntax span starting before `span` ends; any before it that ends after `span` starts overlaps
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < span.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1]! > span.start && span.start < span.end;
  };
}

/** An unknown event with no close known match, while an import fails: that import's, not reported again. */
export function hiddenByFailedImport(d: Diagnostic): boolean {
  return d.code === 'NTF101' && (d.fixes ?? []).length === 0;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** By start, then end, then severity; the same code, span and message only once. */
export function sortAndDedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.code}:${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
