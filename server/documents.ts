import { PieceDocument } from './pieceDocument';
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

/**
 * The text changed since the analysis last looked: [start, end) in the
 * current text replaced what was [start, end - delta) before.
 */
export interface DirtyRegion {
  readonly start: number;
  readonly end: number;
  readonly delta: number;
}

/**
 * Open documents, updated edit by edit (incremental sync), remembering which
 * region changed since the analysis last consumed it, so the analysis can
 * re-split and re-check only that region.
 */
export class DocumentStore {
  private readonly docs = new Map<string, PieceDocument>();
  private readonly dirty = new Map<string, DirtyRegion | 'all'>();

  open(p: DidOpenTextDocumentParams): PieceDocument {
    const d = p.textDocument;
    const doc = new PieceDocument(d.uri, d.languageId, d.version, d.text);
    this.docs.set(d.uri, doc);
    this.dirty.set(d.uri, 'all');
    return doc;
  }

  change(p: DidChangeTextDocumentParams): PieceDocument | undefined {
    const doc = this.docs.get(p.textDocument.uri);
    if (!doc) return undefined;
    // one change at a time: each change's positions refer to the text after the previous one
    for (const change of p.contentChanges) {
      this.track(doc, change);
      doc.apply(change as { range?: Range; text: string });
    }
    doc.version = p.textDocument.version;
    return doc;
  }

  close(p: DidCloseTextDocumentParams): PieceDocument | undefined {
    const doc = this.docs.get(p.textDocument.uri);
    this.docs.delete(p.textDocument.uri);
    this.dirty.delete(p.textDocument.uri);
    return doc;
  }

  /** The URIs of the open documents. */
  uris(): string[] {
    return [...this.docs.keys()];
  }

  get(uri: string): PieceDocument | undefined {
    return this.docs.get(uri);
  }

  all(): PieceDocument[] {
    return [...this.docs.values()];
  }

  /** The region changed since the last call (and forgets it); `all` after open or a full-text change. */
  takeDirty(uri: string): DirtyRegion | 'all' | undefined {
    const d = this.dirty.get(uri);
    this.dirty.delete(uri);
    return d;
  }

  /** Merges one change (applied in order, to the text as it is before it) into the document's dirty region. */
  private track(doc: PieceDocument, change: TextDocumentContentChangeEvent): void {
    const prior = this.dirty.get(doc.uri);
    if (prior === 'all' || !('range' in change)) {
      this.dirty.set(doc.uri, 'all');
      return;
    }
    const s = doc.offsetAt(change.range.start);
    const e = doc.offsetAt(change.range.end);
    const inserted = change.text.length;
    const delta = inserted - (e - s);
    if (!prior) {
      this.dirty.set(doc.uri, { start: s, end: s + inserted, delta });
    } else {
      const map = (x: number) => (x <= s ? x : x >= e ? x + delta : s + inserted);
      this.dirty.set(doc.uri, { start: Math.min(prior.start, s), end: Math.max(map(prior.end), s + inserted), delta: prior.delta + delta });
    }
  }
}
