import { dirname, resolve } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis, type ImportHost } from '../grammar/analyze';
import { LineMap } from '../grammar/syntax/lineMap';
import { FileCache } from './fileCache';
import type { Logger } from './safe';
import { uriKey, uriToPath } from './uris';

/** One open `.notify` document at one version, with its analysis computed on first use. */
export interface DocState {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineMap;
  /** The folder imports are resolved against. */
  readonly baseDir: string;
  /** The check of this exact text; computed once per version (and per imported-catalog change). */
  analysis(): Analysis;
  /** Resolved paths of the catalogs the last analysis read. */
  readonly deps: ReadonlySet<string>;
}

export function isNotifyDocument(doc: { uri: string; languageId: string }): boolean {
  return doc.languageId === 'notify' || /\.notify$/i.test(doc.uri);
}

/**
 * The server's view of the workspace: open documents (their in-memory text
 * wins over the disk), imported catalogs read from disk through a cache,
 * and one analysis per document version. Requests for the same version
 * share the analysis, so completion or hover right after the diagnostics
 * ran costs no re-check.
 */
export class Workspace {
  private readonly files = new FileCache();
  private readonly states = new Map<string, State>();
  /** Open documents by canonical key (a file path), to find an open catalog's text. */
  private readonly openByKey = new Map<string, string>();
  /** Analysis time of the last check, for the debounce heuristic and the log. */
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
  }

  get(uri: string): DocState | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !isNotifyDocument(doc)) return undefined;
    let state = this.states.get(uri);
    if (!state || state.version !== doc.version) {
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

  /** A catalog changed (on disk or in the editor): drop it from the cache and the analyses that read it. */
  catalogChanged(path: string): string[] {
    const key = resolve(path);
    this.files.forget(key);
    const affected = this.dependentsOf(key);
    for (const uri of affected) this.states.get(uri)?.invalidate();
    return affected;
  }

  openNotifyUris(): string[] {
    return this.docs.all().filter(isNotifyDocument).map((d) => d.uri);
  }

  /** The import host of one analysis: paths relative to the document's folder; open documents win over the disk. */
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
    if (ms > 200) this.log(`analysis of ${uri} took ${ms.toFixed(0)} ms`);
  }

  private baseDirOf(uri: string): string {
    const path = uriToPath(uri);
    return path ? dirname(path) : this.fallbackDir();
  }
}

class State implements DocState {
  readonly lines: LineMap;
  deps = new Set<string>();
  private cached: Analysis | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly baseDir: string,
    private readonly workspace: Workspace,
  ) {
    this.lines = new LineMap(text);
  }

  analysis(): Analysis {
    if (!this.cached) {
      const deps = new Set<string>();
      const started = performance.now();
      this.cached = analyze(this.text, this.workspace.hostFor(this.baseDir, deps));
      this.workspace.timeAnalysis(this.uri, performance.now() - started);
      this.deps = deps;
    }
    return this.cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
