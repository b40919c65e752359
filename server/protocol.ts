/**
 * The values the server uses from `vscode-languageserver/node`, imported in
 * this one module. Why: the package is CommonJS, and the bundle copies all of
 * its several hundred exports into a fresh object at every file that imports
 * it (esbuild's `__toESM`); at eleven files that was about 30 ms of every
 * server start. Types are imported from the package directly (they are erased).
 */
export {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DocumentHighlightKind,
  Emitter,
  ErrorCodes,
  FileChangeType,
  FoldingRangeKind,
  InsertTextFormat,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  Message,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  SymbolKind,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
