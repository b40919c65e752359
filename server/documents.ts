import { PieceDocument } from './pieceDocument';
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  Range,
} from 'vscode-languageserver/node';

/** Open documents, updated edit by edit (incremental sync). */
export class DocumentStore {
  private readonly docs = new Map<string, PieceDocument>();

  open(p: DidOpenTextDocumentParams): PieceDocument {
    const d = p.textDocument;
    const doc = new PieceDocument(d.uri, d.languageId, d.version, d.text);
    this.docs.set(d.uri, doc);
    return doc;
  }

  change(p: DidChangeTextDocumentParams): PieceDocument | undefined {
    const doc = this.docs.get(p.textDocument.uri);
    if (!doc) return undefined;
    // one change at a time: each change's positions refer to the text after the previous one
    for (const change of p.contentChanges) {
      doc.apply(change as { range?: Range; text: string });
    }
    doc.version = p.textDocument.version;
    return doc;
  }

  close(p: DidCloseTextDocumentParams): PieceDocument | undefined {
    const doc = this.docs.get(p.textDocument.uri);
    this.docs.delete(p.textDocument.uri);
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
}
