import { existsSync } from 'node:fs';
import { findRecipients, parseRecipients } from '../grammar/catalog/recipients';
import { dirname, join, resolve } from 'node:path';
import { oneReportPerMistake, sortAndDedupe, withoutCascades, type Analysis, type ImportHost } from '../grammar/analyze';
import { checkImportedDefaults } from '../grammar/check/catalogDefaults';
import type { Catalog } from '../grammar/catalog/catalog';
import { BUILTIN_CATALOG } from '../grammar/catalog/builtin';
import { resolveImports } from '../grammar/catalog/imports';
import { check, duplicateNameDiagnostic } from '../grammar/check/checker';
import { constantText } from '../grammar/check/expressions';
import { ModelBuilder } from '../grammar/check/model';
import type { Diagnostic } from '../grammar/diagnostics';
import type { ImportDecl, NotifyFile, StringLiteral, TemplatePart } from '../grammar/syntax/ast';
import { parse } from '../grammar/syntax/parser';
import { scanStarts } from './chunks';
import type { DocumentStore } from './documents';
import type { PieceDocument } from './pieceDocument';
import { FileCache } from './fileCache';
import { OffsetLines, type Lines } from './positions';
import type { Logger } from './safe';
import { uriKey, uriToPath } from './uris';

/**
 * What a feature sees: a text, its positions and its analysis. For a whole
 * document's chunk (see `DocState.views`) the text and the analysis are the
 * chunk's, in the chunk's own offsets, and `lines` maps them to the
 * document's positions, so feature code never deals with the shift.
 */
export interface DocView {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: Lines;
  /** The folder imports are resolved against. */
  readonly baseDir: string;
  /** Where this view's text starts in the document. */
  readonly base: number;
  analysis(): Analysis;
}

/** One open `.notify` document at one version. */
export interface DocState {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: Lines;
  readonly baseDir: string;
  /** The top-level chunks in order; each analysed once per version and reused while its text is unchanged. */
  views(): readonly DocView[];
  /** The chunk a position-based request at `offset` is answered from. */
  viewAt(offset: number): DocView;
  /** Diagnostics no single chunk can see (imports, duplicate names across chunks), in document offsets. */
  documentDiagnostics(): readonly Diagnostic[];
  /** The catalog the document sees (built-in plus imports). */
  catalog(): Catalog;
  /** Resolved paths of the catalogs the last analysis read. */
  readonly deps: ReadonlySet<string>;
}

export function isNotifyDocument(doc: { uri: string; languageId: string }): boolean {
  return doc.languageId === 'notify' || /\.notify$/i.test(doc.uri);
}

/** A chunk of a document's text: what is known about it independently of the catalog, and its last analysis. */
interface ChunkParts {
  readonly text: string;
  /** Its import declarations (in its own offsets). */
  readonly imports: readonly ImportDecl[];
  result?: ChunkResult;
}

interface Split {
  readonly starts: readonly number[];
  readonly chunks: readonly ChunkParts[];
  readonly byText: Map<string, ChunkParts>;
}

/**
 * A copy of a chunk's text that does not keep the whole document text
 * alive (a V8 slice references its parent): chunks outlive many versions.
 */
function detach(slice: string): string {
  return Buffer.from(slice, 'utf16le').toString('utf16le');
}

/** Import declarations of a chunk; only a chunk starting with `import` (or the first chunk) can hold any. */
function importsIn(text: string, first: boolean): ImportDecl[] {
  if (first ? !/(^|\n)[ \t]*import[ \t]/.test(text) : !/^[ \t]*import[ \t]/.test(text)) return [];
  return parse(text).file.items.filter((i): i is ImportDecl => i.kind === 'Import');
}

/** A chunk's analysis, in the chunk's own offsets. Shared by every version in which its text is unchanged. */
interface ChunkResult {
  readonly text: string;
  readonly analysis: Analysis;
}

/** The catalog of a set of imports, with the NTF401 diagnostics, keyed by the imports as written. */
interface CatalogResult {
  readonly key: string;
  readonly pathsKey: string;
  readonly generation: number;
  readonly catalog: Catalog;
  readonly diagnostics: readonly Diagnostic[];
  readonly deps: ReadonlySet<string>;
}

/**
 * The server's view of the workspace: open documents (their in-memory text
 * wins over the disk), imported catalogs read from disk through a cache,
 * and analyses per document version.
 *
 * A document is checked chunk by chunk (one chunk per top-level item, see
 * ./chunks): after an edit only the chunks whose text changed are parsed
 * and checked again, so the time to diagnostics depends on the size of the
 * edited notifier, not of the file. Each chunk is checked against the
 * catalog of the whole file's imports; the cross-chunk rule (unique names,
 * NTF303) is applied over all chunks.
 */
export class Workspace {
  private readonly files = new FileCache();
  private readonly states = new Map<string, State>();
  /** Per document: the chunks of the last computed version, for the next one to start from. */
  private readonly lastSplit = new Map<string, Split>();
  private readonly catalogs = new Map<string, CatalogResult>();
  /** Open documents by canonical key (a file path), to find an open catalog's text. */
  private readonly openByKey = new Map<string, string>();
  /** Bumped when any catalog changes: cached catalogs and chunk checks against them are stale. */
  generation = 0;
  lastAnalysisMs = 0;

  constructor(
    private readonly docs: DocumentStore,
    private readonly log: Logger,
    private readonly fallbackDir: () => string,
    private readonly allowedEnv: () => readonly string[] = () => [],
  ) {}

  opened(uri: string): void {
    this.openByKey.set(uriKey(uri), uri);
  }

  closed(uri: string): void {
    this.openByKey.delete(uriKey(uri));
    this.states.delete(uri);
    this.lastSplit.delete(uri);
    this.catalogs.delete(uri);
  }

  get(uri: string): DocState | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !isNotifyDocument(doc)) return undefined;
    let state = this.states.get(uri);
    if (!state || state.version !== doc.version || state.generation !== this.generation) {
      state = new State(uri, doc.version, doc, this.baseDirOf(uri), this, documentLines(doc));
      this.states.set(uri, state);
    }
    return state;
  }

  /** Open `.notify` documents whose last analysis read the catalog at `path`. */
  dependentsOf(path: string): string[] {
    const key = resolve(path);
    const out: string[] = [];
    for (const [uri, state] of this.states) if (state.deps.has(key)) out.push(uri);
    return out;
  }

  /** A catalog changed (on disk or in the editor): forget it; returns the documents to re-check. */
  catalogChanged(path: string): string[] {
    const key = resolve(path);
    this.files.forget(key);
    const affected = this.dependentsOf(key);
    if (affected.length) {
      this.generation++;

    }
    return affected;
  }

  // ------------------------------------------------------------ used by State

  /**
   * The chunks of the document's current text. Starts from the last split:
   * only the region edited since then is scanned again (from the chunk
   * before it, until the scan meets an old chunk start again), and chunks
   * whose text is unchanged keep their parse (and their check, while the
   * catalog is the same).
   */
  split(uri: string, doc: PieceDocument, version: number): Split {
    const last = this.lastSplit.get(uri);
    const current = this.docs.get(uri) === doc && doc.version === version;
    const dirty = current ? this.docs.takeDirty(uri) : 'all';
    let starts: readonly number[];
    let prior: readonly (ChunkParts | undefined)[];
    if (!last || dirty === 'all') {
      starts = scanStarts(doc.getText(), 0, () => false).starts;
      prior = [];
    } else if (!dirty) {
      starts = last.starts;
      prior = last.chunks;
    } else {
      let i0 = 0;
      for (let i = 0; i < last.starts.length; i++) if (last.starts[i]! <= dirty.start) i0 = i;
      i0 = Math.max(0, i0 - 1);
      const restart = last.starts[i0]!;
      const oldIndex = new Map(last.starts.map((st, i) => [st, i] as const));
      const resync = (b: number) => b >= dirty.end && b - dirty.delta > restart && oldIndex.has(b - dirty.delta);
      // Scan only the edited region and the chunk after it (where the old starts should be met again) …
      const k = last.starts.findIndex((st) => st + dirty.delta >= dirty.end && st > restart);
      const regionEnd = k < 0 || k + 1 >= last.starts.length ? doc.length : last.starts[k + 1]! + dirty.delta;
      const local = scanStarts(doc.slice(restart, regionEnd), 0, (b) => resync(b + restart));
      let scanned = local.starts.map((b) => b + restart);
      let stoppedAt = local.stoppedAt === undefined ? undefined : local.stoppedAt + restart;
      // … and the rest of the text only when the region did not end where an old chunk starts
      if (stoppedAt === undefined && regionEnd < doc.length) {
        const full = scanStarts(doc.getText(), restart, resync);
        scanned = full.starts;
        stoppedAt = full.stoppedAt;
      }
      const head = last.starts.slice(0, i0);
      const j = stoppedAt !== undefined ? oldIndex.get(stoppedAt - dirty.delta)! : last.starts.length;
      starts = [...head, ...scanned, ...last.starts.slice(j).map((st) => st + dirty.delta)];
      prior = [...last.chunks.slice(0, i0), ...scanned.map(() => undefined), ...last.chunks.slice(j)];
    }
    const byText = last?.byText ?? new Map<string, ChunkParts>();
    const chunks: ChunkParts[] = starts.map((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1]! : doc.length;
      const p = prior[i];
      // a chunk outside the edited region is unchanged by construction (only moved): no need to compare its text
      if (p && p.text.length === end - start) return p;
      const chunkText = detach(doc.slice(start, end));
      let hit = byText.get(chunkText);
      if (!hit) {
        hit = { text: chunkText, imports: importsIn(chunkText, i === 0) };
        byText.set(chunkText, hit);
      }
      return hit;
    });
    // forget texts no chunk has any more (keeps undo cheap without growing forever)
    if (byText.size > 2 * chunks.length + 64) {
      byText.clear();
      for (const c of chunks) byText.set(c.text, c);
    }
    const split: Split = { starts, chunks, byText };
    this.lastSplit.set(uri, split);
    return split;
  }

  /** A chunk's analysis against a catalog; kept on the chunk until the catalog changes. */
  chunkResult(chunk: ChunkParts, catalog: Catalog): ChunkResult {
    if (!chunk.result || chunk.result.analysis.catalog !== catalog) chunk.result = { text: chunk.text, analysis: analyzeChunk(chunk.text, catalog, this.allowedEnv()) };
    return chunk.result;
  }

  catalogFor(uri: string, baseDir: string, imports: readonly ImportDecl[]): CatalogResult {
    // The catalog depends on the paths only; the diagnostics also on where the imports are.
    const pathsKey = `${baseDir}\n${imports.map((i) => stringKey(i.path)).join('\n')}`;
    const key = `${pathsKey}\n${imports.map((i) => `${i.span.start}:${i.span.end}`).join(',')}`;
    const cached = this.catalogs.get(uri);
    if (cached && cached.key === key && cached.generation === this.generation) return cached;
    const deps = new Set<string>();
    let result: CatalogResult;
    // Recipient groups (LANGUAGE.md 2.4) travel with the catalog, as imports do.
    const recipientsRead = imports.length === 0 ? this.hostFor(baseDir, deps).readRecipients?.() : undefined;
    if (imports.length === 0 && !recipientsRead) {
      result = { key, pathsKey, generation: this.generation, catalog: BUILTIN_CATALOG, diagnostics: [], deps };
    } else if (imports.length === 0) {
      const same = cached && cached.pathsKey === pathsKey && cached.generation === this.generation;
      const catalog = same ? cached.catalog : { ...BUILTIN_CATALOG, recipients: parseRecipients(recipientsRead!) };
      result = { key, pathsKey, generation: this.generation, catalog, diagnostics: [], deps };
    } else {
      const file: NotifyFile = { kind: 'File', span: { start: 0, end: 0 }, items: imports, comments: [] };
      const r = resolveImports(file, this.hostFor(baseDir, deps));
      // Same imports, same generation: keep the catalog object, so checked chunks stay valid.
      const same = cached && cached.pathsKey === pathsKey && cached.generation === this.generation;
      const catalog = same ? cached.catalog : r.catalog;
      let defaults: Diagnostic[] = [];
      try {
        defaults = checkImportedDefaults(file, catalog);
      } catch {
        // as analyze(): a failing check costs its own diagnostics only
      }
      result = { key, pathsKey, generation: this.generation, catalog, diagnostics: [...r.diagnostics, ...defaults], deps };
    }
    this.catalogs.set(uri, result);
    return result;
  }

  /** The import host: paths relative to the document's folder; open documents win over the disk. */
  hostFor(baseDir: string, deps: Set<string>): ImportHost {
    return {
      readImport: (importPath: string) => {
        const resolvedPath = resolve(baseDir, importPath);
        deps.add(resolvedPath);
        const openUri = this.openByKey.get(resolvedPath);
        const open = openUri ? this.docs.get(openUri) : undefined;
        if (open) return { text: open.getText(), resolvedPath };
        const read = this.files.read(resolvedPath);
        return 'text' in read ? { text: read.text, resolvedPath } : { error: read.error };
      },
      readRecipients: () =>
        findRecipients(baseDir, {
          read: (path) => {
            deps.add(path);
            const openUri = this.openByKey.get(path);
            const open = openUri ? this.docs.get(openUri) : undefined;
            if (open) return { text: open.getText() };
            if (!existsSync(path)) return undefined;
            return this.files.read(path);
          },
          dirname,
          join,
        }),
    };
  }

  timeAnalysis(uri: string, ms: number): void {
    this.lastAnalysisMs = ms;
    if (ms > 500) this.log(`analysis of ${uri} took ${ms.toFixed(0)} ms`);
  }

  private baseDirOf(uri: string): string {
    const path = uriToPath(uri);
    return path ? dirname(path) : this.fallbackDir();
  }
}

/**
 * Positions from the editor's document itself: it keeps its line starts up
 * to date edit by edit, so no version pays for a scan of the whole text.
 */
function documentLines(doc: PieceDocument): Lines {
  return { position: (offset) => doc.positionAt(offset), offset: (pos) => doc.offsetAt(pos) };
}

function stringKey(s: StringLiteral | undefined): string {
  if (!s) return '';
  return JSON.stringify((s.parts as readonly TemplatePart[]).map((p) => (p.kind === 'Text' ? p.value : `\u0000${p.kind}`)));
}

/** Parse and check of one chunk, as `analyze` does for a file, against a given catalog. */
export function analyzeChunk(text: string, catalog: Catalog, allowedEnv: readonly string[] = []): Analysis {
  const empty: NotifyFile = { kind: 'File', span: { start: 0, end: text.length }, items: [], comments: [] };
  let file = empty;
  const all: Diagnostic[] = [];
  let model: Analysis['model'] = new ModelBuilder();
  try {
    const parsed = parse(text);
    file = parsed.file;
    all.push(...parsed.diagnostics);
  } catch {
    // a parser bug: nothing to check
  }
  try {
    const checked = check(file, catalog, { text, allowedEnv });
    model = checked.model;
    // names must be unique across the whole file: the document applies NTF303 over all chunks
    all.push(...checked.diagnostics.filter((d) => d.code !== 'NTF303'));
  } catch {
    // check() guards itself; last line of defence
  }
  return { text, file, catalog, diagnostics: sortAndDedupe(oneReportPerMistake(withoutCascades(file, all), false)), model };
}

class State implements DocState {
  readonly lines: Lines;
  readonly generation: number;
  deps: ReadonlySet<string> = new Set<string>();
  private computed: { views: DocView[]; extra: Diagnostic[]; catalog: Catalog } | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    private readonly doc: PieceDocument,
    readonly baseDir: string,
    private readonly workspace: Workspace,
    lines: Lines,
  ) {
    this.lines = lines;
    this.generation = workspace.generation;
  }

  /** The whole text: joined from the document's pieces when a feature needs it (formatting). */
  get text(): string {
    return this.doc.getText();
  }

  views(): readonly DocView[] {
    return this.compute().views;
  }

  viewAt(offset: number): DocView {
    const views = this.compute().views;
    // a cursor at a chunk boundary belongs to the chunk before it (it ends there)
    for (const v of views) if (offset <= v.base + v.text.length) return v;
    return views[views.length - 1]!;
  }

  documentDiagnostics(): readonly Diagnostic[] {
    return this.compute().extra;
  }

  catalog(): Catalog {
    return this.compute().catalog;
  }

  private compute(): { views: DocView[]; extra: Diagnostic[]; catalog: Catalog } {
    if (this.computed) return this.computed;
    const started = performance.now();
    const split = this.workspace.split(this.uri, this.doc, this.version);
    // Imports first: every chunk is checked against the catalog of all of them.
    const imports: ImportDecl[] = [];
    split.chunks.forEach((c, i) => {
      for (const item of c.imports) imports.push(shiftImport(item, split.starts[i]!));
    });
    const cat = this.workspace.catalogFor(this.uri, this.baseDir, imports);
    this.deps = cat.deps;
    const views: DocView[] = split.chunks.map((c, i) => {
      const base = split.starts[i]!;
      const lines = new OffsetLines(this.lines, base);
      let result: ChunkResult | undefined;
      const analysis = () => (result ??= this.workspace.chunkResult(c, cat.catalog)).analysis;
      return { uri: this.uri, version: this.version, text: c.text, lines, baseDir: this.baseDir, base, analysis };
    });
    const extra = [...cat.diagnostics, ...duplicateNames(views)];
    this.workspace.timeAnalysis(this.uri, performance.now() - started);
    this.computed = { views, extra, catalog: cat.catalog };
    return this.computed;
  }
}

/** An import declaration moved to document offsets (import diagnostics are reported there). */
function shiftImport(decl: ImportDecl, by: number): ImportDecl {
  const s = (span: { start: number; end: number }) => ({ start: span.start + by, end: span.end + by });
  const path = decl.path && {
    ...decl.path,
    span: s(decl.path.span),
    contentSpan: s(decl.path.contentSpan),
    parts: decl.path.parts.map((p) => ({ ...p, span: s(p.span) })) as TemplatePart[],
  };
  return { ...decl, span: s(decl.span), path };
}

interface DeclName {
  readonly kind: 'Notifier' | 'Sample';
  readonly text: string;
  readonly span: { readonly start: number; readonly end: number };
}

/** The constant names a chunk declares, in its own offsets; computed once per chunk analysis. */
const declNames = new WeakMap<Analysis, readonly DeclName[]>();

function namesOf(analysis: Analysis): readonly DeclName[] {
  let names = declNames.get(analysis);
  if (!names) {
    const out: DeclName[] = [];
    for (const item of analysis.file.items) {
      if (item.kind === 'Import' || !item.name) continue;
      const text = constantText(item.name);
      if (text !== undefined) out.push({ kind: item.kind, text, span: item.name.span });
    }
    declNames.set(analysis, (names = out));
  }
  return names;
}

/** NTF303 over the whole document, worded as the checker words it. */
function duplicateNames(views: readonly DocView[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = { Notifier: new Map<string, { start: number; end: number }>(), Sample: new Map<string, { start: number; end: number }>() };
  for (const v of views) {
    for (const name of namesOf(v.analysis())) {
      const first = seen[name.kind].get(name.text);
      if (!first) {
        seen[name.kind].set(name.text, { start: name.span.start + v.base, end: name.span.end + v.base });
        continue;
      }
      const span = { start: name.span.start + v.base, end: name.span.end + v.base };
      out.push(duplicateNameDiagnostic(name.kind === 'Notifier' ? 'notifier' : 'sample', name.text, span, first));
    }
  }
  return out;
}

