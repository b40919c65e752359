import { dirname, resolve, sep } from 'node:path';
import { AnalysisCache, analyze, type Analysis, type ImportHost, type PieceAnalysis } from '../grammar/analyze';
import type { Catalog } from '../grammar/catalog/catalog';
import type { Diagnostic } from '../grammar/diagnostics';
import type { DocumentStore } from './documents';
import type { PieceDocument } from './pieceDocument';
import { editorImportHost, FileReader, workspaceRootOf } from '../host/files';
import { OffsetLines, type Lines } from './positions';
import type { Logger } from './safe';
import { uriKey, uriToPath } from './uris';

/**
 * What a feature sees: a text, its positions and its analysis. For one
 * top-level piece of a document (see `DocState.views`) the text and the
 * analysis are the piece's, in the piece's own offsets, and `lines` maps
 * them to the document's positions, so feature code never deals with the
 * shift.
 */
export interface DocView {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: Lines;
  /** The folder imports are resolved against. */
  readonly baseDir: string;
  /** The workspace root imports must lie inside (LANGUAGE.md 7; `workspaceRootOf`), when the server knows it. */
  readonly importRoot?: () => string;
  /** Where this view's text starts in the document. */
  readonly base: number;
  analysis(): PieceAnalysis;
}

/** One open `.notify` document at one version. */
export interface DocState {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: Lines;
  readonly baseDir: string;
  /** The whole document's analysis (what `notify check` computes for the same text). */
  analysis(): Analysis;
  /** The top-level pieces in order (see `analyze()`). */
  views(): readonly DocView[];
  /** The piece a position-based request at `offset` is answered from. */
  viewAt(offset: number): DocView;
  /** Diagnostics no single piece can see (imports, duplicate names), in document offsets. */
  documentDiagnostics(): readonly Diagnostic[];
  /** The catalog the document sees (built-in plus imports). */
  catalog(): Catalog;
  /** Resolved paths of the catalogs the last analysis read. */
  readonly deps: ReadonlySet<string>;
}

export function isNotifyDocument(doc: { uri: string; languageId: string }): boolean {
  return doc.languageId === 'notify' || /\.notify$/i.test(doc.uri);
}

/**
 * The server's view of the workspace: open documents (their in-memory text
 * wins over the disk), imported catalogs read from disk through a cache,
 * and analyses per document version.
 *
 * Each document keeps an `AnalysisCache`: after an edit `analyze()` parses
 * and checks again only the top-level pieces whose text changed, so the
 * time to diagnostics depends on the size of the edited notifier, not of
 * the file, and the answer is the CLI's.
 */
export class Workspace {
  private readonly files = new FileReader();
  private readonly states = new Map<string, AnalyzedDocument & { readonly generation: number; readonly revision: number }>();
  /** Per document: what its next analysis may reuse. */
  private readonly caches = new Map<string, AnalysisCache>();
  /** Open documents by canonical key (a file path), to find an open catalog's text. */
  private readonly openByKey = new Map<string, string>();
  /** Bumped when any catalog changes: the documents that read it get a new state (their analysis reads it again). */
  generation = 0;
  lastAnalysisMs = 0;

  constructor(
    private readonly docs: DocumentStore,
    private readonly log: Logger,
    /** Where an untitled document's imports are resolved from. */
    private readonly fallbackDir: () => string,
    /** The editor's first workspace folder (a file: one), undefined when none is open: the root's fallback. */
    private readonly workspaceFolder: () => string | undefined,
    private readonly allowedEnv: () => readonly string[] = () => [],
  ) {}

  opened(uri: string): void {
    this.openByKey.set(uriKey(uri), uri);
    // A didOpen of a document already open (no didClose between) brings a new text, whose revision and version may
    // equal the old state's: nothing computed from the old text may answer for it.
    this.states.delete(uri);
    this.caches.delete(uri);
  }

  closed(uri: string): void {
    this.openByKey.delete(uriKey(uri));
    this.states.delete(uri);
    this.caches.delete(uri);
  }

  get(uri: string): DocState | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !isNotifyDocument(doc)) return undefined;
    let state = this.states.get(uri);
    if (!state || state.revision !== doc.revision || state.version !== doc.version || state.generation !== this.generation) {
      const baseDir = this.baseDirOf(uri);
      const generation = this.generation;
      let root: string | undefined;
      state = Object.assign(
        new AnalyzedDocument(uri, doc.version, baseDir, documentLines(doc), () => doc.getText(), (text) => {
          // hrtime, not performance.now(): the global `performance` loads perf_hooks on first use, in the first check
          const started = process.hrtime.bigint();
          const result = this.analyze(uri, text, baseDir);
          this.timeAnalysis(uri, Number(process.hrtime.bigint() - started) / 1e6);
          return result;
        }, () => (root ??= workspaceRootOf(baseDir, this.workspaceFolder()))),
        { generation, revision: doc.revision },
      );
      this.states.set(uri, state);
    }
    return state;
  }

  /** A catalog changed (on disk or in the editor): forget it; returns the documents to re-check. */
  catalogChanged(path: string): string[] {
    this.files.forget(resolve(path));
    return this.pathsMoved([path]);
  }

  /**
   * Files or folders changed, renamed or moved (a catalog's watcher event,
   * workspace/didRenameFiles): the documents that read, or tried to read, a
   * path at or under one of `paths`, to re-check. A folder's watcher events
   * name the folder only, not the catalogs in it.
   */
  pathsMoved(paths: readonly string[]): string[] {
    const roots = paths.map((p) => resolve(p));
    const under = (dep: string) => roots.some((r) => dep === r || dep.startsWith(r + sep));
    const out: string[] = [];
    for (const [uri, state] of this.states) {
      const hit = [...state.deps].filter(under);
      if (hit.length === 0) continue;
      for (const dep of hit) this.files.forget(dep);
      out.push(uri);
    }
    if (out.length) this.generation++;
    return out;
  }

  /** The document's analysis: the same `analyze()` the CLI runs, with this document's cache. */
  analyze(uri: string, text: string, baseDir: string): { analysis: Analysis; deps: ReadonlySet<string> } {
    let cache = this.caches.get(uri);
    if (!cache) this.caches.set(uri, (cache = new AnalysisCache()));
    const deps = new Set<string>();
    return { analysis: analyze(text, this.hostFor(baseDir, deps), { cache, allowedEnv: this.allowedEnv() }), deps };
  }

  /** The import host: paths relative to the document's folder; open documents win over the disk. */
  hostFor(baseDir: string, deps: Set<string>): ImportHost {
    const readOpen = (resolvedPath: string) => {
      const uri = this.openByKey.get(resolvedPath);
      return uri ? this.docs.get(uri)?.getText() : undefined;
    };
    return editorImportHost(baseDir, this.workspaceFolder(), { readOpen, files: this.files, deps });
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
/**
 * A request's position between the two halves of a surrogate pair means the
 * character they make: it is read as the position before it, so no answer
 * (a completion's edit range, a rename) splits the pair. Likewise an offset
 * the grammar gives between them (a span one code unit wide, at an emoji)
 * is answered as the position before the pair, or after it for the end of a
 * range (LANGUAGE.md 10.5).
 */
function documentLines(doc: PieceDocument): Lines {
  const insidePair = (offset: number) => {
    const c = doc.charCodeAt(offset);
    return c >= 0xdc00 && c <= 0xdfff && offset > 0 && (doc.charCodeAt(offset - 1) & 0xfc00) === 0xd800;
  };
  return {
    position: (offset, side) => doc.positionAt(insidePair(offset) ? (side === 'end' ? offset + 1 : offset - 1) : offset),
    offset: (pos) => {
      const offset = doc.offsetAt(pos);
      return insidePair(offset) ? offset - 1 : offset;
    },
  };
}

/**
 * A document at one version, answered from its analysis (computed on first
 * use): the server's state of an open document, and what a test builds from
 * a fresh `analyze()` to compare with it.
 */
export class AnalyzedDocument implements DocState {
  deps: ReadonlySet<string> = new Set<string>();
  private computed: { analysis: Analysis; views: DocView[] } | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly baseDir: string,
    readonly lines: Lines,
    private readonly textOf: () => string,
    private readonly run: (text: string) => { analysis: Analysis; deps: ReadonlySet<string> },
    readonly importRoot?: () => string,
  ) {}

  /** The whole text (joined from the editor's pieces when a feature needs it). */
  get text(): string {
    return this.textOf();
  }

  analysis(): Analysis {
    return this.compute().analysis;
  }

  views(): readonly DocView[] {
    return this.compute().views;
  }

  viewAt(offset: number): DocView {
    const views = this.compute().views;
    // a cursor at a piece boundary belongs to the piece before it (it ends there)
    for (const v of views) if (offset <= v.base + v.text.length) return v;
    return views[views.length - 1]!;
  }

  documentDiagnostics(): readonly Diagnostic[] {
    return this.compute().analysis.fileDiagnostics;
  }

  catalog(): Catalog {
    return this.compute().analysis.catalog;
  }

  private compute(): { analysis: Analysis; views: DocView[] } {
    if (this.computed) return this.computed;
    const { analysis, deps } = this.run(this.textOf());
    this.deps = deps;
    const views: DocView[] = analysis.pieces.map(({ base, analysis: piece }) => ({
      uri: this.uri,
      version: this.version,
      text: piece.text,
      lines: base === 0 ? this.lines : new OffsetLines(this.lines, base),
      baseDir: this.baseDir,
      importRoot: this.importRoot,
      base,
      analysis: () => piece,
    }));
    this.computed = { analysis, views };
    return this.computed;
  }
}
