import { contentChangeProblem, textDocumentProblem } from './params';
import { PieceDocument } from './pieceDocument';
import { Refusal } from './safe';
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  Range,
} from 'vscode-languageserver/node';

/**
 * Open documents, updated edit by edit (incremental sync). A notification
 * with malformed params is refused whole (an Error the caller logs) before
 * anything changes: a document is never left half edited, or with a number
 * where its text was.
 */
export class DocumentStore {
  private readonly docs = new Map<string, PieceDocument>();

  open(p: DidOpenTextDocumentParams): PieceDocument {
    refuse(textDocumentProblem(p?.textDocument, { text: true, version: true }));
    const d = p.textDocument;
    const doc = new PieceDocument(d.uri, d.languageId, d.version, d.text);
    this.docs.set(d.uri, doc);
    return doc;
  }

  change(p: DidChangeTextDocumentParams): PieceDocument | undefined {
    refuse(textDocumentProblem(p?.textDocument, { version: true }));
    if (!Array.isArray(p.contentChanges)) refuse('contentChanges must be an array');
    for (const change of p.contentChanges) refuse(contentChangeProblem(change));
    const doc = this.docs.get(p.textDocument.uri);
    if (!doc) return undefined;
    // in order: each change's positions refer to the text after the previous one
    doc.applyAll(p.contentChanges as { range?: Range; text: string }[]);
    doc.version = p.textDocument.version;
    return doc;
  }

  close(p: DidCloseTextDocumentParams): PieceDocument | undefined {
    refuse(textDocumentProblem(p?.textDocument, {}));
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

function refuse(problem: string | null): void {
  if (problem !== null) throw new Refusal(`malformed params, ignored: ${problem}`);
}
