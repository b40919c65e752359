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
  return { text, file, catalog, diagnostics: sortAndDedupe(withoutCascades(file, all)), model };
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
