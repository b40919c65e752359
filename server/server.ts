import type {
  CompletionItem,
  Connection,
  DidChangeTextDocumentParams,
  DidChangeWatchedFilesParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  InitializeParams,
  InitializeResult,
  Position,
  RenameFilesParams,
  WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { CodeActionKind, DidChangeWatchedFilesNotification, ErrorCodes, FileChangeType, LSPErrorCodes, ResponseError, TextDocumentSyncKind } from './protocol';
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
import { selectionRange } from './features/selectionRange';
import { inlayHints, type ParameterNameHints } from './features/inlayHints';
import { importEditsForRenames, type ImportingFile } from './features/fileRenames';
import { readRegularFile } from '../host/files';
import { WorkspaceSymbols } from './features/workspaceSymbols';
import { Lifecycle } from './lifecycle';
import { clientShapeOf, FULL_CLIENT, shapeCodeActions, shapeCompletion, shapeCompletionItem, shapeFoldingRanges, shapeHover, shapeLinks, shapeSignatureHelp, shapeSymbols, type ClientShape } from './clientCapabilities';
import { checkDocumentParams, checkRenameFilesParams, checkStringField } from './params';
import { describe, guard, guardVoid, type Logger } from './safe';
import { pathToUri, uriToPath } from './uris';
import { isNotifyDocument, Workspace, type DocState, type DocView } from './workspace';

/** Options a client may pass in `initializationOptions`. */
export interface ServerOptions {
  /** Base URL of the docs for diagnostic code links (default: the installed docs as `file:` URIs). */
  readonly docsBaseUrl?: string;
  /** Debounce between a change and its diagnostics, in ms (default 2). */
  readonly diagnosticsDelayMs?: number;
  /** Variables `$Env` may read besides NOTIFY_ENV_* (NTF211): the client's notify.allowedEnv. */
  readonly allowedEnv?: readonly string[];
  /** Commands the client runs itself, which code actions may carry (the extension: `notify.suggestAt`). */
  readonly clientCommands?: readonly string[];
  /** Parameter-name inlay hints: 'literals' (the default) or 'none' (the setting notify.inlayHints.parameterNames). */
  readonly parameterNameHints?: ParameterNameHints;
}

/** What willRename/didRename are asked for: catalogs and .notify files, and folders (which may hold them). */
const RENAME_FILTERS = [
  { scheme: 'file', pattern: { glob: '**/*.{json,notify}', matches: 'file' as const } },
  { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' as const } },
];

/** The options a client passed, each kept only if it has its type (anything else is as if not given). */
export function serverOptionsOf(raw: unknown): ServerOptions {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  return {
    ...(typeof r.docsBaseUrl === 'string' ? { docsBaseUrl: r.docsBaseUrl } : {}),
    ...(typeof r.diagnosticsDelayMs === 'number' && Number.isFinite(r.diagnosticsDelayMs) && r.diagnosticsDelayMs >= 0 ? { diagnosticsDelayMs: r.diagnosticsDelayMs } : {}),
    ...(Array.isArray(r.allowedEnv) ? { allowedEnv: r.allowedEnv.filter((n): n is string => typeof n === 'string') } : {}),
    ...(Array.isArray(r.clientCommands) ? { clientCommands: r.clientCommands.filter((n): n is string => typeof n === 'string') } : {}),
    ...(r.parameterNameHints === 'none' || r.parameterNameHints === 'literals' ? { parameterNameHints: r.parameterNameHints } : {}),
  };
}

/**
 * Wires every feature to the connection. Every handler is guarded (a
 * failure logs and answers empty) and goes through the lifecycle (nothing
 * is served before `initialize` or after `shutdown`).
 */
export function startServer(connection: Connection): { readonly shutDown: () => boolean } {
  const log: Logger = (m) => connection.console.error(m);
  const lifecycle = new Lifecycle();
  /**
   * A request handler: refused outside the running phase, guarded inside it.
   * A request the client cancelled before it was served (its `$/cancelRequest`
   * came in while the request still waited in the queue) is answered with
   * RequestCancelled (-32800), as LSP advises, and not computed.
   */
  const request = <A extends unknown[], R>(method: string, fallback: R, handler: (...args: A) => R | Promise<R>) =>
    guard(log, method, fallback, (...args: A) => {
      lifecycle.allowRequest(method);
      const token = args[1] as { isCancellationRequested?: boolean } | undefined;
      if (token?.isCancellationRequested === true) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${method}: cancelled`);
      return handler(...args);
    });
  /** A notification handler: dropped outside the running phase, guarded inside it. */
  const notification = <A extends unknown[]>(method: string, handler: (...args: A) => void) =>
    guardVoid(log, method, (...args: A) => {
      if (lifecycle.acceptsNotifications()) handler(...args);
    });
  const documents = new DocumentStore();
  let options: ServerOptions = {};
  /** The commands the client runs itself (options.clientCommands), which code actions may carry. */
  let clientCommands: ReadonlySet<string> = new Set();
  /** The client registers file watchers for the server (`workspace.didChangeWatchedFiles.dynamicRegistration`). */
  let watchesFiles = false;
  /** The client takes `activeParameter: null` for "no parameter" (LSP 3.18; VS Code's client does). */
  let noActiveParameter = false;
  /** The forms of answers the client declared it takes (./clientCapabilities.ts). */
  let client: ClientShape = FULL_CLIENT;
  let rootDir = process.cwd();
  // Not the process's folder: with no folder open, a file's own folder is its root (LANGUAGE.md 7).
  let workspaceFolder: string | undefined;
  const workspace = new Workspace(documents, log, () => rootDir, () => workspaceFolder, () => options.allowedEnv ?? []);
  const secrets = new SecretIndex(log);
  const diagnostics = new DiagnosticsScheduler(connection, workspace, log, () => ({ ...options, client }), () => {
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
      lifecycle.initialize();
      options = serverOptionsOf(params?.initializationOptions);
      clientCommands = new Set(options.clientCommands);
      watchesFiles = params?.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      noActiveParameter = params?.capabilities?.textDocument?.signatureHelp?.signatureInformation?.noActiveParameterSupport === true;
      client = clientShapeOf(params?.capabilities, clientCommands);
      const folders = (Array.isArray(params?.workspaceFolders) ? params.workspaceFolders : [])
        .map((f) => (typeof f?.uri === 'string' ? uriToPath(f.uri) : undefined))
        .filter((p): p is string => !!p);
      const root = typeof params?.rootUri === 'string' ? uriToPath(params.rootUri) : undefined;
      workspaceFolder = folders[0] ?? root;
      if (workspaceFolder) rootDir = workspaceFolder;
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
          // prepareProvider only for a client that declared prepareSupport (LSP: the option is only valid then)
          renameProvider: client.prepareRename ? { prepareProvider: true } : true,
          documentHighlightProvider: true,
          selectionRangeProvider: true,
          inlayHintProvider: true,
          // import paths follow a catalog, a .notify file or a folder holding either when the editor renames or moves it
          workspace: { fileOperations: { willRename: { filters: RENAME_FILTERS }, didRename: { filters: RENAME_FILTERS } } },
          workspaceSymbolProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll] },
        },
        serverInfo: { name: 'notify-language-server', version: '0.1.0' },
      };
    }),
  );

  connection.onInitialized(
    notification('initialized', () => {
      // Catalog JSON files may change on disk; ask for their events when the client can register dynamically (and only then: a registration it did not offer is a protocol error).
      if (!watchesFiles) return;
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
  connection.onDidOpenTextDocument(notification('textDocument/didOpen', (p: DidOpenTextDocumentParams) => opened(documents.open(p))));
  connection.onDidChangeTextDocument(
    notification('textDocument/didChange', (p: DidChangeTextDocumentParams) => {
      const document = documents.change(p);
      if (!document) return;
      if (isNotifyDocument(document)) {
        secrets.update(document.uri, () => document.getText());
        diagnostics.schedule(document.uri);
      } else recheckImporters(document.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    notification('textDocument/didClose', (p: DidCloseTextDocumentParams) => {
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
    notification('workspace/didChangeWatchedFiles', (params: DidChangeWatchedFilesParams) => {
      for (const change of Array.isArray(params?.changes) ? params.changes : []) {
        const path = typeof change?.uri === 'string' ? uriToPath(change.uri) : undefined;
        if (!path) continue;
        if (/\.notify$/i.test(path)) secrets.fileChanged(path, change.type === FileChangeType.Deleted);
        else recheckImporters(change.uri);
      }
    }),
  );

  /** A request on one document: its params checked (InvalidParams names the field), answered from the document's state. */
  const withDoc =
    <P extends { textDocument: { uri: string } }, R>(method: string, fallback: R, fn: (p: P, state: DocState) => R, fields: Parameters<typeof checkDocumentParams>[2] = []) =>
    request(method, fallback, (p: P) => {
      checkDocumentParams(method, p, fields);
      const state = workspace.get(p.textDocument.uri);
      return state ? fn(p, state) : fallback;
    });
  /** Position requests are answered from the piece (top-level item) under the cursor. */
  const withView =
    <P extends { textDocument: { uri: string }; position: Position }, R>(method: string, fallback: R, fn: (p: P, view: DocView) => R) =>
    withDoc<P, R>(method, fallback, (p, state) => fn(p, state.viewAt(state.lines.offset(p.position))), ['position']);

  /** The position falls between the two halves of a surrogate pair (no editor's cursor can: a client computing positions by code unit can). */
  const splitsPair = (uri: string, position: Position) => {
    const doc = documents.get(uri);
    if (!doc) return false;
    const offset = doc.offsetAt(position);
    return (doc.charCodeAt(offset) & 0xfc00) === 0xdc00 && (doc.charCodeAt(offset - 1) & 0xfc00) === 0xd800;
  };
  // Inside a surrogate pair, no items: an item's edit range must contain the position, and one that does would split the pair or replace the character (LANGUAGE.md 10.5).
  connection.onCompletion(withView('textDocument/completion', null, (p, v) =>
    splitsPair(p.textDocument.uri, p.position) ? null : shapeCompletion(completion(v, p.position, { secrets: () => secrets.names() }), client)));
  // The answer is a CompletionItem (LSP has no null here): when resolving fails, the item as it came.
  connection.onCompletionResolve(request('completionItem/resolve', null, (item: CompletionItem) => {
    checkStringField('completionItem/resolve', item, 'label');
    try {
      return shapeCompletionItem(resolveCompletion(item, (uri) => workspace.get(uri)), client);
    } catch (err) {
      log(`completionItem/resolve failed: ${describe(err)}`);
      return item;
    }
  }) as (item: CompletionItem) => Promise<CompletionItem>);
  // Likewise no hover there: the position is on the character, not on what ends before it, and a hover's range would not hold it.
  connection.onHover(withView('textDocument/hover', null, (p, v) => (splitsPair(p.textDocument.uri, p.position) ? null : shapeHover(hover(v, p.position), client))));
  connection.onSignatureHelp(withView('textDocument/signatureHelp', null, (p, v) => shapeSignatureHelp(signatureHelp(v, p.position, { noActiveParameter }), client)));
  connection.onDocumentSymbol(withDoc('textDocument/documentSymbol', [], (p, s) => shapeSymbols(p.textDocument.uri, s.views().flatMap(documentSymbols), client)));
  connection.onFoldingRanges(withDoc('textDocument/foldingRange', [], (_p, s) => shapeFoldingRanges(documentFoldingRanges(s.views()), client)));
  connection.languages.semanticTokens.on(withDoc('textDocument/semanticTokens/full', { data: [] }, (_p, s) => semanticTokens(s)));
  connection.onDocumentFormatting(withDoc('textDocument/formatting', [], (_p, s) => formatDocument(s)));
  connection.onDocumentRangeFormatting(withDoc('textDocument/rangeFormatting', [], (p, s) => formatRange(s, p.range), ['range']));
  connection.onDocumentLinks(withDoc('textDocument/documentLink', [], (_p, s) => shapeLinks(s.views().flatMap(documentLinks), client)));
  connection.onDefinition(withDoc('textDocument/definition', null, (p, s) => definition(s, p.position), ['position']));
  connection.onReferences(withDoc('textDocument/references', [], (p, s) => references(s, p.position, p.context.includeDeclaration === true), ['position', 'context']));
  connection.onPrepareRename(withDoc('textDocument/prepareRename', null, (p, s) => prepareRename(s, p.position), ['position']));
  connection.onRenameRequest(withDoc('textDocument/rename', null, (p, s) => rename(s, p.position, p.newName), ['position', 'newName']));
  connection.languages.inlayHint.on(withDoc('textDocument/inlayHint', [], (p, s) => inlayHints(s, p.range, options.parameterNameHints ?? 'literals'), ['range']));
  connection.onSelectionRanges(withDoc('textDocument/selectionRange', [], (p, s) => p.positions.map((at) => selectionRange(s, at, splitsPair(p.textDocument.uri, at))), ['positions']));
  connection.onDocumentHighlight(withDoc('textDocument/documentHighlight', [], (p, s) => documentHighlights(s, p.position), ['position']));
  connection.onWorkspaceSymbol(request('workspace/symbol', [], (p: WorkspaceSymbolParams) => {
    checkStringField('workspace/symbol', p, 'query');
    return symbols.query(p.query);
  }));
  // Renamed: the documents that imported (or looked for) what moved are checked again, since a folder's move reaches no file watcher.
  connection.workspace.onDidRenameFiles(
    notification('workspace/didRenameFiles', (p: RenameFilesParams) => {
      const uris = (Array.isArray(p?.files) ? p.files : []).flatMap((f) => [f?.oldUri, f?.newUri]);
      const paths = uris.flatMap((u) => (typeof u === 'string' ? (uriToPath(u) ?? []) : []));
      for (const uri of workspace.pathsMoved(paths)) diagnostics.schedule(uri);
    }),
  );
  connection.workspace.onWillRenameFiles(request('workspace/willRenameFiles', null, (p: RenameFilesParams) => {
    checkRenameFilesParams('workspace/willRenameFiles', p);
    const open = documents.uris().filter((u) => /\.notify$/i.test(u));
    const openPaths = new Set(open.map((u) => uriToPath(u) ?? u));
    const files: ImportingFile[] = [
      ...open.map((uri) => ({ uri, text: () => documents.get(uri)?.getText() })),
      ...secrets
        .files()
        .filter((path) => !openPaths.has(path))
        .map((path) => ({ uri: pathToUri(path), text: () => { const r = readRegularFile(path); return 'text' in r ? r.text : undefined; } })),
    ];
    return importEditsForRenames(p.files, files);
  }));
  connection.onCodeAction(withDoc('textDocument/codeAction', [], (p, s) => shapeCodeActions(codeActions(s, p.range, p.context, clientCommands), client), ['range', 'context', 'context.only']));

  connection.onShutdown(
    guard(log, 'shutdown', undefined, () => {
      lifecycle.shutdown();
      diagnostics.dispose();
    }),
  );
  // vscode-languageserver marks `shutdown` as received before its handler runs, so a shutdown refused
  // before `initialize` (-32002) would make `exit` end with 0; only a served shutdown counts (as at the end of input).
  connection.onExit(() => {
    if (!lifecycle.shutDown) process.exit(1);
  });
  // Any other request: not served (MethodNotFound), or not served yet or any more (the lifecycle's errors).
  connection.onRequest((method: string) => {
    lifecycle.allowRequest(method);
    return new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  connection.listen();
  return { shutDown: () => lifecycle.shutDown };
}
