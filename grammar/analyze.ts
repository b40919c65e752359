import { BUILTIN_CATALOG } from './catalog/builtin';
import type { Catalog } from './catalog/catalog';
import { boundedImportReads, importPathText, resolveImports, type CatalogParser, type ImportHost } from './catalog/imports';
import { parsedCatalogs } from './catalog/parsedCatalogs';
import type { RecipientsRead } from './catalog/recipients';
import { checkImportedDefaults } from './check/catalogDefaults';
import { check, duplicateNames, type DeclaredName } from './check/checker';
import { constantText } from './check/expressions';
import { ModelBuilder, type SemanticModel } from './check/model';
import type { Diagnostic } from './diagnostics';
import type { ImportDecl, Item, NotifyFile, Span } from './syntax/ast';
import { guessedItemStarts, topLevelItemStarts } from './syntax/items';
import { OffsetSet, SpanCover } from './syntax/spanIndex';
import { parse, type LexEnds, type ParseResult } from './syntax/parser';

export type { ImportHost } from './catalog/imports';

/**
 * One top-level piece of a file (an item with the comments and blank lines
 * after it; see ./syntax/items), parsed and checked on its own, in its own
 * offsets: offset 0 is the piece's first character.
 */
export interface PieceAnalysis {
  readonly text: string;
  readonly file: NotifyFile;
  readonly catalog: Catalog;
  /** Parse and check diagnostics of the piece, sorted, without cascades. */
  readonly diagnostics: readonly Diagnostic[];
  readonly model: SemanticModel;
}

export interface Piece {
  /** Where the piece starts in the file. */
  readonly base: number;
  readonly analysis: PieceAnalysis;
}

/** Everything the language server, the CLI and the renderer need to know about one file. */
export interface Analysis {
  readonly text: string;
  /** The built-in catalog plus the file's imports. */
  readonly catalog: Catalog;
  /** The file's top-level pieces in order; they cover the text without gaps. */
  readonly pieces: readonly Piece[];
  /** What only the whole file shows (imports, names used twice), in file offsets. */
  readonly fileDiagnostics: readonly Diagnostic[];
  /** All diagnostics in file offsets, sorted by offset, without duplicates. */
  readonly diagnostics: readonly Diagnostic[];
  /** The tree of the whole file (the pieces' trees, moved to file offsets). */
  readonly file: NotifyFile;
  /** The checker's model of the whole file, for callers that do not work piece by piece. */
  readonly model: SemanticModel;
  /** The `$Env` names it was checked with (AnalyzeOptions.allowedEnv): rendering it allows the same. */
  readonly allowedEnv: readonly string[];
}

/**
 * Parses, resolves imports and type-checks a file. Never throws: a failure
 * in one stage leaves that stage's results out (an editor must keep working
 * on any text), the stages before it stay.
 *
 * Each top-level piece is parsed and checked on its own, then the rules
 * over the whole file run (imports, unique names). A `cache` kept between
 * calls (the language server keeps one per document) makes that
 * incremental: a piece whose text and catalog are unchanged is not parsed
 * or checked again. The result does not depend on the cache: the CLI, the
 * editor and a fresh open of the same text report the same, by construction.
 */
export interface AnalyzeOptions {
  /** Variables `$Env` may read besides `NOTIFY_ENV_*` (NTF211). */
  readonly allowedEnv?: readonly string[];
  /** Kept between calls on versions of one file (the language server keeps one per document): makes analysis incremental. */
  readonly cache?: AnalysisCache;
  /** Above this many characters each piece keeps only its diagnostics; its tree and model are built again when asked for (default 2,000,000). */
  readonly keepTreesUpTo?: number;
  /**
   * How imported catalogs are read: by default through the process's memo
   * (grammar/catalog/parsedCatalogs.ts), so a catalog text is read once however
   * many files and documents import it. The result is the same either way.
   */
  readonly catalogs?: CatalogParser;
}

export function analyze(text: string, host: ImportHost, options: AnalyzeOptions = {}): Analysis {
  const cache = options.cache ?? new AnalysisCache({ kept: false });
  const allowedEnv = options.allowedEnv ?? [];
  // A large text's trees and models are let go once checked (parsed again if a caller asks): held, they are ~30x the text.
  const keep = text.length <= (options.keepTreesUpTo ?? KEEP_TREES_UP_TO);
  const catalogs = options.catalogs ?? parsedCatalogs;
  const parsed = cache.piecesOf(text, keep ? undefined : checkEarly(cache, text, host, allowedEnv, catalogs));
  const imports: ImportDecl[] = [];
  for (const { base, entry } of parsed) for (const item of entry.imports) imports.push(shifted(item, base));
  const { catalog, diagnostics: importDiagnostics } = cache.catalogOf(imports, host, catalogs);
  const pieces: Piece[] = parsed.map(({ base, entry }) => {
    const analysis = checkedPiece(entry, catalog, allowedEnv);
    if (!keep) analysis.release();
    return { base, analysis };
  });
  const names: DeclaredName[] = [];
  for (const { base, entry } of parsed) for (const n of entry.names) names.push(base === 0 ? n : { ...n, span: shiftSpan(n.span, base) });
  cache.forgetUnused(parsed.length);
  return new FileAnalysis(text, catalog, pieces, [...importDiagnostics, ...duplicateNames(names)], allowedEnv);
}

/**
 * For a large text: each piece checked as soon as it is parsed, once past
 * the last `import` (the imports, and so the catalog, are then known), and
 * its tree let go, so trees do not pile up before the checks. Speculative:
 * `analyze()` then checks against the catalog of all the imports as always,
 * which reuses these checks only if it is the same catalog.
 */
function checkEarly(cache: AnalysisCache, text: string, host: ImportHost, allowedEnv: readonly string[], catalogs: CatalogParser): (base: number, entry: Entry) => void {
  const lastImport = text.lastIndexOf('import');
  const imports: ImportDecl[] = [];
  let catalog: Catalog | undefined;
  return (base, entry) => {
    if (!catalog && base > lastImport) catalog = cache.catalogOf(imports, host, catalogs).catalog;
    if (catalog) checkedPiece(entry, catalog, allowedEnv).release();
    else for (const item of entry.imports) imports.push(shifted(item, base));
  };
}

/**
 * The syntax tree of a file as `analyze()` reads it (piece by piece),
 * without imports or checks: for callers that need only the tree (the
 * editor's CodeLenses). With the same cache as `analyze()`, neither parses
 * a piece the other has parsed.
 */
export function parseFile(text: string, cache: AnalysisCache = new AnalysisCache({ kept: false })): NotifyFile {
  const pieces = cache.piecesOf(text).map(({ base, entry }) => ({ base, file: treeOf(entry, true) }));
  cache.forgetUnused(pieces.length);
  return joinTrees(text.length, pieces);
}

/** One tree of pieces' trees, in file offsets. */
function joinTrees(length: number, pieces: readonly { base: number; file: NotifyFile }[]): NotifyFile {
  if (pieces.length === 1) return pieces[0]!.file;
  return {
    kind: 'File',
    span: { start: 0, end: length },
    items: pieces.flatMap((p) => shifted(p.file.items, p.base)),
    comments: pieces.flatMap((p) => shifted(p.file.comments, p.base)),
  };
}

/**
 * Above this many characters, `analyze()` keeps only each piece's
 * diagnostics: its tree and model are built again when a caller asks. Below
 * it (any file written by hand), everything is kept.
 */
const KEEP_TREES_UP_TO = 2_000_000;

/** What is known of a piece's text independently of the catalog, and its last check. */
interface Entry {
  readonly text: string;
  /** The piece's tree, unless let go (then parsed again when asked for: parsing is deterministic). */
  tree: NotifyFile | undefined;
  /** A caller was given the tree: it is never let go, so trees and models handed out stay one. */
  pinned: boolean;
  readonly parseDiagnostics: readonly Diagnostic[];
  readonly imports: readonly ImportDecl[];
  readonly names: readonly DeclaredName[];
  /** How the piece's lexer began and ended: whether a cut before or after it is where the whole text's lexer would cut. */
  readonly ends: LexEnds;
  checked?: CheckedPiece;
  /** The `$Env` allowance `checked` was made with. */
  checkedEnv?: string;
}

/**
 * What `analyze()` may reuse from earlier calls on earlier versions of one
 * file: its piece boundaries (the next text is scanned again only from the
 * edited piece on, until the old boundaries are met again), each piece's
 * parse and check by its text, and the imported catalog.
 */
export class AnalysisCache {
  private last: { text: string; pieces: readonly { base: number; entry: Entry }[] } | undefined;
  private entries = new Map<string, Entry>();
  private imports: { reads: ImportReads; spans: string; catalog: Catalog; diagnostics: readonly Diagnostic[] } | undefined;

  /** `kept: false` for a cache used once: its pieces need not be copied out of the text. */
  constructor(private readonly options: { kept: boolean } = { kept: true }) {}

  /** The pieces of `text` (see ./syntax/items) with their parses. */
  piecesOf(text: string, parsed?: (base: number, entry: Entry) => void): readonly { base: number; entry: Entry }[] {
    const last = this.last;
    if (last?.text === text) return last.pieces;
    const sliceAt = (starts: readonly number[], i: number) => this.entry(text.slice(starts[i]!, i + 1 < starts.length ? starts[i + 1]! : text.length));
    let pieces: { base: number; entry: Entry }[];
    if (!last) {
      pieces = this.guessedPieces(text, parsed) ?? this.exactPieces(text);
    } else {
      const old = last.text;
      const prefix = commonPrefix(old, text);
      const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
      const delta = text.length - old.length;
      const oldStarts = last.pieces.map((p) => p.base);
      // From the piece before the edited one: an edit on a piece's first line can remove its start.
      let edited = 0;
      while (edited + 1 < oldStarts.length && oldStarts[edited + 1]! < prefix) edited++;
      let from = Math.max(0, edited - 1);
      // An earlier piece whose block comment or swim string was never closed (ended at recovery, before the next
      // item's line): a closer typed anywhere after it ends it there, across the items between. Lex again from it.
      for (let i = 0; i < from; i++) {
        if (last.pieces[i]!.entry.ends.recoveredUnclosed) {
          from = i;
          break;
        }
      }
      const unchangedFrom = text.length - suffix;
      const oldIndex = new Map(oldStarts.map((s, i) => [s, i] as const));
      // Past the edit, at an old start, the lexer is in the same state on the same text: the rest is as before.
      const scan = topLevelItemStarts(text, oldStarts[from]!, (b) => b >= unchangedFrom && oldIndex.has(b - delta));
      const resumed = scan.stoppedAt === undefined ? oldStarts.length : oldIndex.get(scan.stoppedAt - delta)!;
      const starts = [...scan.starts, scan.stoppedAt ?? text.length];
      pieces = [
        // before the edit and after it, the pieces are the old ones (only moved): no need to look their text up
        ...last.pieces.slice(0, from),
        ...scan.starts.map((base, i) => ({ base, entry: sliceAt(starts, i) })),
        ...last.pieces.slice(resumed).map((p) => ({ base: p.base + delta, entry: p.entry })),
      ];
    }
    this.last = { text, pieces };
    return pieces;
  }

  /**
   * The pieces of a whole text, cut where `topLevelItemStarts` would cut
   * but without its lexing pass: each candidate piece (./items,
   * `guessedItemStarts`) is parsed, and its parse's lexer shows whether the
   * cuts around it are real (the lexer ended it clean, the next begins with
   * an item). Undefined when one is not: then `exactPieces` cuts it
   * (pieces parsed here whose text it cuts alike are not parsed again).
   */
  private guessedPieces(text: string, parsed?: (base: number, entry: Entry) => void): { base: number; entry: Entry }[] | undefined {
    const starts = guessedItemStarts(text);
    const pieces: { base: number; entry: Entry }[] = [];
    for (let i = 0; i < starts.length; i++) {
      const entry = this.entryAt(text, starts[i]!, i + 1 < starts.length ? starts[i + 1]! : text.length);
      pieces.push({ base: starts[i]!, entry });
      if (i > 0 && !(pieces[i - 1]!.entry.ends.endsClean && entry.ends.startsItem)) {
        this.oneShot = new Map(pieces.map((p) => [p.base, p.entry]));
        return undefined;
      }
      parsed?.(starts[i]!, entry);
    }
    return pieces;
  }

  private exactPieces(text: string): { base: number; entry: Entry }[] {
    const { starts } = topLevelItemStarts(text);
    const pieces = starts.map((base, i) => ({ base, entry: this.entryAt(text, base, i + 1 < starts.length ? starts[i + 1]! : text.length) }));
    this.oneShot = undefined;
    return pieces;
  }

  /**
   * A cache used once (`kept: false`) sees one text: its pieces are told
   * apart by where they start, not looked up by their text (hashing every
   * piece's text is a measurable part of checking a large file).
   */
  private oneShot: Map<number, Entry> | undefined;

  private entryAt(text: string, start: number, end: number): Entry {
    if (this.options.kept) return this.entry(text.slice(start, end));
    const known = this.oneShot?.get(start);
    return known && known.text.length === end - start ? known : newEntry(text.slice(start, end));
  }

  /** The parse of a piece's text, shared by every version and place that has the same text. */
  private entry(slice: string): Entry {
    let entry = this.entries.get(slice);
    if (!entry) {
      // A copy: a slice would keep the whole text of this version alive as long as the piece is cached.
      entry = newEntry(this.options.kept ? detach(slice) : slice);
      this.entries.set(entry.text, entry);
    }
    return entry;
  }

  /** Keeps the entries of the last text plus, for undo, as many others again (and a few). */
  forgetUnused(inUse: number): void {
    if (this.entries.size <= 2 * inUse + 64 || !this.last) return;
    this.entries = new Map(this.last.pieces.map((p) => [p.entry.text, p.entry]));
  }

  /**
   * The catalog of the built-ins plus the imports, with their NTF401
   * diagnostics. The same imports reading the same texts give the same
   * catalog object, so checked pieces stay valid.
   */
  catalogOf(imports: readonly ImportDecl[], host: ImportHost, catalogs: CatalogParser = parsedCatalogs): { catalog: Catalog; diagnostics: readonly Diagnostic[] } {
    // Recipient groups (LANGUAGE.md 2.4) travel on the catalog, like imports.
    let recipients: RecipientsRead;
    try {
      recipients = host.readRecipients?.();
    } catch (e) {
      recipients = { error: e instanceof Error ? e.message : String(e) };
    }
    if (imports.length === 0 && !recipients) return { catalog: BUILTIN_CATALOG, diagnostics: [] };
    const reads = new Map<string, ReturnType<ImportHost['readImport']>>();
    // Each path read once; a file already read under another path, or past the imports' budget, holds no text here.
    const bounded = boundedImportReads(host);
    const read = Object.assign((path: string) => {
      let r = reads.get(path);
      if (!r) {
        try {
          r = bounded(path);
        } catch (e) {
          r = { error: e instanceof Error ? e.message : String(e) };
        }
        reads.set(path, r);
      }
      return r;
    }, { ...bounded });
    for (const decl of imports) {
      const path = importPathText(decl);
      if (path !== undefined && path.trim() !== '') read(path);
    }
    // Compared as they are, not as one JSON string: that copied (and escaped) every catalog's text on every analysis.
    const current: ImportReads = { reads: [...reads], recipients: JSON.stringify(recipients ?? null) };
    const spans = JSON.stringify(imports.map((i) => [i.span, i.path?.span]));
    const last = this.imports;
    const sameReads = last !== undefined && sameImportReads(last.reads, current);
    if (last && sameReads && last.spans === spans) return last;
    const file: NotifyFile = { kind: 'File', span: { start: 0, end: 0 }, items: imports, comments: [] };
    let catalog: Catalog = BUILTIN_CATALOG;
    const diagnostics: Diagnostic[] = [];
    try {
      const resolved = resolveImports(file, { readImport: read, ...(recipients ? { readRecipients: () => recipients } : {}) }, BUILTIN_CATALOG, catalogs);
      catalog = last && sameReads ? last.catalog : resolved.catalog;
      for (const d of resolved.diagnostics) diagnostics.push(d);
    } catch {
      // an import bug: check against the built-in catalog
    }
    try {
      for (const d of checkImportedDefaults(file, catalog)) diagnostics.push(d);
    } catch {
      // a failing check costs its own diagnostics only
    }
    this.imports = { reads: current, spans, catalog, diagnostics };
    return this.imports;
  }
}

/** What one resolution of a file's imports read: each path's answer, and the recipients file (as JSON). */
interface ImportReads {
  readonly reads: readonly (readonly [string, ReturnType<ImportHost['readImport']>])[];
  readonly recipients: string;
}

function sameImportReads(a: ImportReads, b: ImportReads): boolean {
  if (a.recipients !== b.recipients || a.reads.length !== b.reads.length) return false;
  return a.reads.every(([path, r], i) => {
    const [otherPath, o] = b.reads[i]!;
    if (path !== otherPath) return false;
    if ('error' in r || 'error' in o) return 'error' in r && 'error' in o && r.error === o.error;
    // the same string (a host's cache) compares at once, another copy of one text character by character
    return r.resolvedPath === o.resolvedPath && r.identity === o.identity && r.text === o.text;
  });
}

function newEntry(text: string): Entry {
  const ends: LexEnds = { startsItem: false, endsClean: false };
  const parsed = parsePiece(text, ends);
  const items = parsed.file.items;
  return {
    text,
    tree: parsed.file,
    pinned: false,
    parseDiagnostics: parsed.diagnostics,
    imports: items.filter((i): i is ImportDecl => i.kind === 'Import'),
    names: declaredNames(items),
    ends,
  };
}

function parsePiece(text: string, ends: LexEnds): ParseResult {
  try {
    return parse(text, undefined, ends);
  } catch {
    // a parser bug: nothing to check
    return { file: { kind: 'File', span: { start: 0, end: text.length }, items: [], comments: [] }, diagnostics: [] };
  }
}

/** The tree of a piece, parsed again if it was let go; `pin`: it goes to a caller, keep it from now on. */
function treeOf(entry: Entry, pin: boolean): NotifyFile {
  if (pin) entry.pinned = true;
  return (entry.tree ??= parsePiece(entry.text, { startsItem: false, endsClean: false }).file);
}

function modelOf(file: NotifyFile, catalog: Catalog, text: string, allowedEnv: readonly string[]): { model: SemanticModel; diagnostics: readonly Diagnostic[] } {
  try {
    return check(file, catalog, { text, allowedEnv });
  } catch {
    // check() guards each node; this is the last line of defence
    return { model: new ModelBuilder(), diagnostics: [] };
  }
}

/** A piece checked against a catalog; its tree and model may be let go and built again (see `release`). */
class CheckedPiece implements PieceAnalysis {
  constructor(
    private readonly entry: Entry,
    readonly catalog: Catalog,
    readonly diagnostics: readonly Diagnostic[],
    private readonly allowedEnv: readonly string[],
    /** The tree `kept` was built on (both let go together). */
    private tree: NotifyFile | undefined,
    private kept: SemanticModel | undefined,
  ) {}

  get text(): string {
    return this.entry.text;
  }

  get file(): NotifyFile {
    this.entry.pinned = true;
    return (this.tree ??= treeOf(this.entry, true));
  }

  get model(): SemanticModel {
    const file = this.file;
    return (this.kept ??= modelOf(file, this.catalog, this.entry.text, this.allowedEnv).model);
  }

  /** Lets the tree and model go unless a caller has them already. */
  release(): void {
    if (this.entry.pinned) return;
    this.tree = undefined;
    this.kept = undefined;
    this.entry.tree = undefined;
  }
}

function checkedPiece(entry: Entry, catalog: Catalog, allowedEnv: readonly string[]): CheckedPiece {
  const env = allowedEnv.join('\n');
  if (entry.checked?.catalog === catalog && entry.checkedEnv === env) return entry.checked;
  const file = treeOf(entry, false);
  const checked = modelOf(file, catalog, entry.text, allowedEnv);
  // concat, not push(...): a broken file can have 100,000s of diagnostics, more than a call takes arguments
  const all = entry.parseDiagnostics.concat(checked.diagnostics);
  entry.checked = new CheckedPiece(entry, catalog, sortAndDedupe(withoutCascades(file, all)), allowedEnv, file, checked.model);
  entry.checkedEnv = env;
  return entry.checked;
}

function declaredNames(items: readonly Item[]): DeclaredName[] {
  const out: DeclaredName[] = [];
  for (const item of items) {
    if (item.kind === 'Import' || !item.name) continue;
    const text = constantText(item.name);
    if (text !== undefined) out.push({ kind: item.kind, text, span: item.name.span });
  }
  return out;
}

/** The whole file, joined from its pieces when a caller asks for it. */
class FileAnalysis implements Analysis {
  private joined?: { diagnostics?: readonly Diagnostic[]; file?: NotifyFile; model?: SemanticModel };

  constructor(
    readonly text: string,
    readonly catalog: Catalog,
    readonly pieces: readonly Piece[],
    readonly fileDiagnostics: readonly Diagnostic[],
    readonly allowedEnv: readonly string[],
  ) {}

  get diagnostics(): readonly Diagnostic[] {
    const j = (this.joined ??= {});
    // one mistake, one report: over the whole file, because an import that fails (a file-level NTF401) hides the NTF101 of the events it would have declared in every piece
    if (this.pieces.length === 1 && this.fileDiagnostics.length === 0) return (j.diagnostics ??= oneReportPerMistake(this.pieces[0]!.analysis.diagnostics));
    return (j.diagnostics ??= sortAndDedupe(oneReportPerMistake([...this.pieces.flatMap((p) => shifted(p.analysis.diagnostics, p.base)), ...this.fileDiagnostics])));
  }

  get file(): NotifyFile {
    const j = (this.joined ??= {});
    return (j.file ??= joinTrees(this.text.length, this.pieces.map((p) => ({ base: p.base, file: p.analysis.file }))));
  }

  get model(): SemanticModel {
    const j = (this.joined ??= {});
    if (!j.model) {
      if (this.pieces.length === 1) j.model = this.pieces[0]!.analysis.model;
      else {
        try {
          j.model = check(this.file, this.catalog, { text: this.text, allowedEnv: this.allowedEnv }).model;
        } catch {
          j.model = new ModelBuilder();
        }
      }
    }
    return j.model;
  }
}

function shiftSpan(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

/**
 * A copy of a tree (or diagnostics) moved `by` characters: every `span` and
 * `…Span` field shifted, everything else as is. Shared nodes stay shared.
 */
export function shifted<T>(value: T, by: number): T {
  // Nothing to move (most pieces have no diagnostics): no copy machinery for an empty list.
  if (by === 0 || (Array.isArray(value) && value.length === 0)) return value;
  const seen = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(copy(x));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) {
      out[k] = (k === 'span' || k.endsWith('Span')) && x && typeof x === 'object' ? shiftSpan(x as Span, by) : copy(x);
    }
    return out;
  };
  return copy(value) as T;
}

/** Compared a block at a time: string equality is a memory compare, a loop over characters is not. */
const BLOCK = 2048;

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  while (n + BLOCK <= max && a.slice(n, n + BLOCK) === b.slice(n, n + BLOCK)) n += BLOCK;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** The common suffix, at most `max` long (so it does not overlap the common prefix). */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * A copy of a string that references nothing else: the concatenation is
 * flattened into a new string when sliced, so the result is (a slice of) a
 * fresh copy, not of the text it was cut from. A quarter of what a JSON
 * round trip costs (escaping every line break, then parsing it back), once
 * per piece of the first check.
 */
function detach(slice: string): string {
  return (' ' + slice).slice(1);
}

/**
 * "No `on`", "no channel" and "required property missing" are what a syntax
 * error inside a notifier or channel usually looks like to the checker (the
 * rest of the block was not parsed), so they are left out for a block that
 * has one: one mistake, one report.
 */
export function withoutCascades(file: NotifyFile, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (diagnostics.length === 0) return [];
  const syntax = diagnostics.filter((d) => d.code === 'NTF001' || d.code === 'NTF002');
  if (syntax.length === 0) return [...diagnostics];
  const syntaxAt = new OffsetSet(syntax.map((d) => d.span.start));
  const brokenNotifiers = new SpanCover(file.items.filter((item) => item.kind === 'Notifier' && syntaxAt.anyIn(item.span)).map((n) => n.span));
  const brokenChannels = new SpanCover(
    file.items
      .flatMap((item) => (item.kind === 'Notifier' ? item.clauses : []))
      .filter((c) => c.kind === 'Channel' && syntaxAt.anyIn(c.span))
      .map((c) => c.span),
  );
  return diagnostics.filter((d) => {
    if (d.code === 'NTF301' || d.code === 'NTF302') return !brokenNotifiers.covers(d.span.start);
    if (d.code === 'NTF202') return !brokenChannels.covers(d.span.start);
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
  if (diagnostics.length === 0) return [];
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
