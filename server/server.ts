import type { Connection, InitializeParams, InitializeResult, Position } from 'vscode-languageserver/node';
import { CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType, TextDocumentSyncKind } from './protocol';
import type { PieceDocument } from './pieceDocument';
import { worthCaching } from '../host/codeCache';
import { DocumentStore } from './documents';
import { codeActions } from './features/codeActions';
import { completion, resolveCompletion } from './features/completion';
import { definition, prepareRename, references, rename } from './features/navigation';
import { DiagnosticsScheduler } from './features/diagnostics';
import { documentLinks } from './features/links';
import { documentSymbols } from './features/symbols';
import { documentFoldingRanges } from './features/folding';
import { formatDocument, formatRange } from './features/formatting';
import { hover } from './features/hover';
import { SecretIndex } from './features/secrets';
import { SEMANTIC_LEGEND, semanticTokens } from './features/semanticTokens';
import { signatureHelp } from './features/signatureHelp';
import { documentHighlights } from './features/highlight';
import { WorkspaceSymbols } from './features/workspaceSymbols';
import { guard, guardVoid, type Logger } from './safe';
import { uriToPath } from './uris';
import { isNotifyDocument, Workspace, type DocState, type DocView } from './workspace';

/** Options a client may pass in `initializationOptions`. */
export interface ServerOptions {
  /** Base URL of the docs for diagnostic code links (default: the installed docs as `file:` URIs). */
  readonly docsBaseUrl?: string;
  /** Debounce between a change and its diagnostics, in ms (default 2). */
  readonly diagnosticsDelayMs?: number;
  /** Variables `$Env` may read besides NOTIFY_ENV_* (NTF211): the client's notify.allowedEnv. */
  readonly allowedEnv?: readonly string[];
}

/** Wires every feature to the connection. Every handler is guarded: a failure logs and answers empty. */
export function startServer(connection: Connection): void {
  const log: Logger = (m) => connection.console.error(m);
  const documents = new DocumentStore();
  let options: ServerOptions = {};
  let rootDir = process.cwd();
  const workspace = new Workspace(documents, log, () => rootDir, () => (Array.isArray(options.allowedEnv) ? options.allowedEnv.filter((n) => typeof n === 'string') : []));
  const secrets = new SecretIndex(log);
  const diagnostics = new DiagnosticsScheduler(connection, workspace, log, () => options, () => {
    // the code that checks has run: dist/server.js may cache it for the next start (./launcher.ts)
    worthCaching();
    secrets.scanSoon();
  });
  const symbols = new WorkspaceSymbols(
    () => [...new Set([...secrets.files(), ...documents.uris().flatMap((u) => (/\.notify$/i.test(u) ? [uriToPath(u) ?? u] : []))])],
    (path) => {
      const uri = documents.uris().find((u) => (uriToPath(u) ?? u) === path);
      return uri ? workspace.get(uri) : undefined;
    },
    (baseDir) => workspace.hostFor(baseDir, new Set()),
  );

  connection.onInitialize(
    guard(log, 'initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
      options = (params.initializationOptions ?? {}) as ServerOptions;
      const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
      const root = params.rootUri ? uriToPath(params.rootUri) : undefined;
      if (folders[0] ?? root) rootDir = (folders[0] ?? root)!;
      secrets.scanFolders(folders.length ? folders : root ? [root] : []);
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          completionProvider: { triggerCharacters: ['$', '@', '%', '.', '"', ' ', '{', '('], resolveProvider: true },
          hoverProvider: true,
          signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
          documentSymbolProvider: true,
          foldingRangeProvider: true,
          semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: false },
          documentFormattingProvider: true,
          documentRangeFormattingProvider: true,
          documentLinkProvider: { resolveProvider: false },
          definitionProvider: true,
          referencesProvider: true,
          renameProvider: { prepareProvider: true },
          documentHighlightProvider: true,
          workspaceSymbolProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll] },
        },
        serverInfo: { name: 'notify-language-server', version: '0.1.0' },
      };
    }),
  );

  connection.onInitialized(
    guardVoid(log, 'initialized', () => {
      // Catalog JSON files may change on disk; ask for their events when the client can register dynamically.
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.json' }, { globPattern: '**/*.notify' }] })
        .catch(() => undefined);
    }),
  );

  const opened = (document: PieceDocument) => {
    workspace.opened(document.uri);
    if (isNotifyDocument(document)) {
      secrets.update(document.uri, () => document.getText());
      diagnostics.schedule(document.uri, 0);
    } else recheckImporters(document.uri);
  };
  connection.onDidOpenTextDocument(guardVoid(log, 'didOpen', (p) => opened(documents.open(p))));
  connection.onDidChangeTextDocument(
    guardVoid(log, 'didChange', (p) => {
      const document = documents.change(p);
      if (!document) return;
      if (isNotifyDocument(document)) {
        secrets.update(document.uri, () => document.getText());
        diagnostics.schedule(document.uri);
      } else recheckImporters(document.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guardVoid(log, 'didClose', (p) => {
      const document = documents.close(p);
      if (!document) return;
      workspace.closed(document.uri);
      if (isNotifyDocument(document)) {
        diagnostics.cleared(document.uri);
        secrets.closed(document.uri);
      } else recheckImporters(document.uri); // a closed catalog falls back to its text on disk
    }),
  );

  function recheckImporters(uri: string): void {
    const path = uriToPath(uri);
    if (!path) return;
    for (const dependent of workspace.catalogChanged(path)) diagnostics.schedule(dependent);
  }

  connection.onDidChangeWatchedFiles(
    guardVoid(log, 'didChangeWatchedFiles', (params) => {
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (!path) continue;
        if (/\.notify$/i.test(path)) secrets.fileChanged(path, change.type === FileChangeType.Deleted);
        else recheckImporters(change.uri);
      }
    }),
  );

  const withDoc =
    <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (p: P, state: DocState) => R) =>
    guard(log, name, fallback, (p: P) => {
      const state = workspace.get(p.textDocument.uri);
      return state ? fn(p, state) : fallback;
    });
  /** Position requests are answered from the piece (top-level item) under the cursor. */
  const withView =
    <P extends { textDocument: { uri: string }; position: Position }, R>(name: string, fallback: R, fn: (p: P, view: DocView) => R) =>
    withDoc<P, R>(name, fallback, (p, state) => fn(p, state.viewAt(state.lines.offset(p.position))));

  connection.onCompletion(withView('completion', null, (p, v) => completion(v, p.position, { secrets: () => secrets.names() })));
  connection.onCompletionResolve((item) => guard(log, 'completionResolve', item, () => resolveCompletion(item, (uri) => workspace.get(uri)))());
  connection.onHover(withView('hover', null, (p, v) => hover(v, p.position)));
  connection.onSignatureHelp(withView('signatureHelp', null, (p, v) => signatureHelp(v, p.position)));
  connection.onDocumentSymbol(withDoc('documentSymbol', [], (_p, s) => s.views().flatMap(documentSymbols)));
  connection.onFoldingRanges(withDoc('foldingRange', [], (_p, s) => documentFoldingRanges(s.views())));
  connection.languages.semanticTokens.on(withDoc('semanticTokens', { data: [] }, (_p, s) => semanticTokens(s)));
  connection.onDocumentFormatting(withDoc('formatting', [], (_p, s) => formatDocument(s)));
  connection.onDocumentRangeFormatting(withDoc('rangeFormatting', [], (p, s) => formatRange(s, p.range)));
  connection.onDocumentLinks(withDoc('documentLinks', [], (_p, s) => s.views().flatMap(documentLinks)));
  connection.onDefinition(withDoc('definition', null, (p, s) => definition(s, p.position)));
  connection.onReferences(withDoc('references', [], (p, s) => references(s, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename(withDoc('prepareRename', null, (p, s) => prepareRename(s, p.position)));
  connection.onRenameRequest(withDoc('rename', null, (p, s) => rename(s, p.position, p.newName)));
  connection.onDocumentHighlight(withDoc('documentHighlight', [], (p, s) => documentHighlights(s, p.position)));
  connection.onWorkspaceSymbol((p) => guard(log, 'workspaceSymbol', [], () => symbols.query(p.query))());
  connection.onCodeAction(withDoc('codeAction', [], (p, s) => codeActions(s, p.range, p.context)));

  connection.onShutdown(guard(log, 'shutdown', undefined, () => diagnostics.dispose()));

  connection.listen();
}
