import { dirname, resolve } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, ImportHost } from '../grammar/analyze';
import type { Catalog } from '../grammar/catalog/catalog';
import { BUILTIN_CATALOG } from '../grammar/catalog/builtin';
import { resolveImports } from '../grammar/catalog/imports';
import { check } from '../grammar/check/checker';
import { ModelBuilder } from '../grammar/check/model';
import { diagnostic, type Diagnostic } from '../grammar/diagnostics';
import type { ImportDecl, NotifyFile, StringLiteral, TemplatePart } from '../grammar/syntax/ast';
import { LineMap } from '../grammar/syntax/lineMap';
import { parse } from '../grammar/syntax/parser';
import { splitChunks } from './chunks';
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
  readonly lines: LineMap;
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
  /** Per document: chunk results of the last version, by chunk text. */
  private readonly chunkCaches = new Map<string, Map<string, ChunkResult>>();
  private readonly catalogs = new Map<string, CatalogResult>();
  /** Open documents by canonical key (a file path), to find an open catalog's text. */
  private readonly openByKey = new Map<string, string>();
  /** Bumped when any catalog changes: cached catalogs and chunk checks against them are stale. */
  generation = 0;
  lastAnalysisMs = 0;

  constructor(
    private readonly docs: TextDocuments<TextDocument>,
    private readonly log: Logger,
    private readonly fallbackDir: () => string,
  ) {}

  opened(uri: string): void {
    this.openByKey.set(uriKey(uri), uri);
  }

  closed(uri: string): void {
    this.openByKey.delete(uriKey(uri));
    this.states.delete(uri);
    this.chunkCaches.delete(uri);
    this.catalogs.delete(uri);
  }

  get(uri: string): DocState | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !isNotifyDocument(doc)) return undefined;
    let state = this.states.get(uri);
    if (!state || state.version !== doc.version || state.generation !== this.generation) {
      state = new State(uri, doc.version, doc.getText(), this.baseDirOf(uri), this);
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
      for (const uri of affected) this.chunkCaches.delete(uri);
    }
    return affected;
  }

  // ------------------------------------------------------------ used by State

  /** The chunk results of a document, refreshed to exactly the given chunk texts. */
  chunkResults(uri: string, texts: readonly string[], catalog: Catalog): ChunkResult[] {
    const old = this.chunkCaches.get(uri);
    const fresh = new Map<string, ChunkResult>();
    const out = texts.map((text) => {
      let r = old?.get(text) ?? fresh.get(text);
      if (!r || r.analysis.catalog !== catalog) r = { text, analysis: analyzeChunk(text, catalog) };
      fresh.set(text, r);
      return r;
    });
    this.chunkCaches.set(uri, fresh);
    return out;
  }

  catalogFor(uri: string, baseDir: string, imports: readonly ImportDecl[]): CatalogResult {
    // The catalog depends on the paths only; the diagnostics also on where the imports are.
    const pathsKey = `${baseDir}\n${imports.map((i) => stringKey(i.path)).join('\n')}`;
    const key = `${pathsKey}\n${imports.map((i) => `${i.span.start}:${i.span.end}`).join(',')}`;
    const cached = this.catalogs.get(uri);
    if (cached && cached.key === key && cached.generation === this.generation) return cached;
    const deps = new Set<string>();
    let result: CatalogResult;
    if (imports.length === 0) {
      result = { key, pathsKey, generation: this.generation, catalog: BUILTIN_CATALOG, diagnostics: [], deps };
    } else {
      const file: NotifyFile = { kind: 'File', span: { start: 0, end: 0 }, items: imports, comments: [] };
      const r = resolveImports(file, this.hostFor(baseDir, deps));
      // Same imports, same generation: keep the catalog object, so checked chunks stay valid.
      const same = cached && cached.pathsKey === pathsKey && cached.generation === this.generation;
      result = { key, pathsKey, generation: this.generation, catalog: same ? cached.catalog : r.catalog, diagnostics: r.diagnostics, deps };
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

function stringKey(s: StringLiteral | undefined): string {
  if (!s) return '';
  return JSON.stringify((s.parts as readonly TemplatePart[]).map((p) => (p.kind === 'Text' ? p.value : `\u0000${p.kind}`)));
}

/** Parse and check of one chunk, as `analyze` does for a file, against a given catalog. */
export function analyzeChunk(text: string, catalog: Catalog): Analysis {
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
    const checked = check(file, catalog, { text });
    model = checked.model;
    // names must be unique across the whole file: the document applies NTF303 over all chunks
    all.push(...checked.diagnostics.filter((d) => d.code !== 'NTF303'));
  } catch {
    // check() guards itself; last line of defence
  }
  return { text, file, catalog, diagnostics: all, model };
}

class State implements DocState {
  readonly lines: LineMap;
  readonly generation: number;
  deps: ReadonlySet<string> = new Set<string>();
  private computed: { views: DocView[]; extra: Diagnostic[]; catalog: Catalog } | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly baseDir: string,
    private readonly workspace: Workspace,
  ) {
    this.lines = new LineMap(text);
    this.generation = workspace.generation;
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
    const chunks = splitChunks(this.text);
    const texts = chunks.map((c) => this.text.slice(c.start, c.end));
    // Imports first: every chunk is checked against the catalog of all of them.
    const imports: ImportDecl[] = [];
    chunks.forEach((c, i) => {
      if (!/(^|\n)[ \t]*import[ \t]/.test(texts[i]!)) return;
      for (const item of parse(texts[i]!).file.items) if (item.kind === 'Import') imports.push(shiftImport(item, c.start));
    });
    const cat = this.workspace.catalogFor(this.uri, this.baseDir, imports);
    this.deps = cat.deps;
    const results = this.workspace.chunkResults(this.uri, texts, cat.catalog);
    const views: DocView[] = results.map((r, i) => {
      const base = chunks[i]!.start;
      return { uri: this.uri, version: this.version, text: r.text, lines: new OffsetLines(this.lines, base), baseDir: this.baseDir, base, analysis: () => r.analysis };
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

/** NTF303 over the whole document, worded as the checker words it. */
function duplicateNames(views: readonly DocView[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = { Notifier: new Map<string, { start: number; end: number }>(), Sample: new Map<string, { start: number; end: number }>() };
  for (const v of views) {
    for (const item of v.analysis().file.items) {
      if (item.kind === 'Import' || !item.name) continue;
      const text = constant(item.name);
      if (text === undefined) continue;
      const span = { start: item.name.span.start + v.base, end: item.name.span.end + v.base };
      const first = seen[item.kind].get(text);
      if (!first) {
        seen[item.kind].set(text, span);
        continue;
      }
      const what = item.kind === 'Notifier' ? 'notifier' : 'sample';
      out.push(
        diagnostic('NTF303', span, `There is already a ${what} named "${text}"; ${what} names must be unique${what === 'notifier' ? ' (the CLI selects notifiers by name)' : ''}.`, {
          related: [{ span: first, message: `The first ${what} named "${text}"` }],
        }),
      );
    }
  }
  return out;
}

function constant(s: StringLiteral): string | undefined {
  let out = '';
  for (const p of s.parts) {
    if (p.kind !== 'Text') return undefined;
    out += p.value;
  }
  return out;
}
