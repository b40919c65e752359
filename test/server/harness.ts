/**
 * Drives the real bundled language server (`dist/server.js`) as a child
 * process, over stdio (or Node IPC), with the protocol's own client
 * connection. Tests write documents with the cursor marked inline:
 * `cursor('on package.added; when $Pack|')`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { quietReader } from '../support/quietReader';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SERVER_JS = join(ROOT, 'dist', 'server.js');

export interface Cursor {
  /** The text with the marker removed. */
  readonly text: string;
  readonly offset: number;
  readonly position: Position;
}

/** Removes the single cursor marker from `marked` and says where it was. */
export function cursor(marked: string, marker = '|'): Cursor {
  const offset = marked.indexOf(marker);
  if (offset < 0 || marked.indexOf(marker, offset + marker.length) >= 0) {
    throw new Error(`cursor: expected exactly one ${JSON.stringify(marker)} in ${JSON.stringify(marked)}`);
  }
  const text = marked.slice(0, offset) + marked.slice(offset + marker.length);
  return { text, offset, position: positionAt(text, offset) };
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

export function offsetAt(text: string, position: Position): number {
  let line = 0;
  let i = 0;
  while (line < position.line && i < text.length) {
    if (text.charCodeAt(i) === 10) line++;
    i++;
  }
  return Math.min(i + position.character, text.length);
}

/** A throw-away folder for test documents (imports resolve relative to it). */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'notify-server-test-'));

  write(relative: string, text: string): string {
    const file = join(this.path, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return pathToFileURL(file).href;
  }

  uri(relative: string): string {
    return pathToFileURL(join(this.path, relative)).href;
  }

  dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export interface StartOptions {
  readonly transport?: 'stdio' | 'ipc';
  readonly initializationOptions?: Record<string, unknown>;
  readonly rootDir?: string;
  /** Extra node flags, e.g. `--cpu-prof` (the bench uses it). */
  readonly execArgv?: readonly string[];
  /** Another copy of the server (default: dist/server.js). */
  readonly serverJs?: string;
  /** Variables added to the server's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Client capabilities under `textDocument` added to (or replacing) the harness's own, e.g. `{ signatureHelp: … }`. */
  readonly textDocumentCapabilities?: Record<string, unknown>;
  /** The client's whole capabilities, instead of the harness's VS Code-like set (`{}`: a client that declares nothing). */
  readonly capabilities?: Record<string, unknown>;
  /** Leave the server uninitialized (lifecycle tests send `initialize` themselves, with `initialize()`). */
  readonly uninitialized?: boolean;
}

/**
 * A language server over a throw-away folder for the enclosing `describe`: started before its tests,
 * stopped (and the folder removed) after them.
 */
export function serverSuite(options: Omit<StartOptions, 'rootDir'> = {}): { readonly dir: TempDir; readonly server: TestServer } {
  const dir = new TempDir();
  let started: TestServer | undefined;
  before(async () => (started = await TestServer.start({ ...options, rootDir: dir.path })));
  after(async () => {
    await started?.stop();
    dir.dispose();
  });
  return {
    dir,
    get server(): TestServer {
      if (!started) throw new Error('the language server is not started yet (use it inside a test)');
      return started;
    },
  };
}

export class TestServer {
  readonly stderr: string[] = [];
  /** What the server logged to the client (window/logMessage). */
  readonly logs: string[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  exitCode: number | null | undefined;
  initializeResult!: InitializeResult;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.latest.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    connection.onNotification(LogMessageNotification.method, (p: { message: string }) => void this.logs.push(p.message));
    process.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    process.on('exit', (code) => (this.exitCode = code));
  }

  static async start(options: StartOptions = {}): Promise<TestServer> {
    const serverJs = options.serverJs ?? SERVER_JS;
    if (!existsSync(serverJs)) throw new Error(`${serverJs} is missing: run npm run build first`);
    const transport = options.transport ?? 'stdio';
    const proc = spawn(process.execPath, [...(options.execArgv ?? []), serverJs, transport === 'ipc' ? '--node-ipc' : '--stdio'], {
      stdio: transport === 'ipc' ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
      cwd: options.rootDir ?? ROOT,
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const connection =
      transport === 'ipc'
        ? createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
        : createProtocolConnection(quietReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const server = new TestServer(proc, connection);
    connection.listen();
    if (!options.uninitialized) await server.initialize(options);
    return server;
  }

  /** `initialize` then `initialized`, as an editor starts the server. */
  async initialize(options: Pick<StartOptions, 'rootDir' | 'initializationOptions' | 'textDocumentCapabilities' | 'capabilities'> = {}): Promise<InitializeResult> {
    const connection = this.connection;
    const rootUri = options.rootDir ? pathToFileURL(options.rootDir).href : null;
    this.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities: options.capabilities ?? {
        textDocument: {
          // what VS Code's client declares for the forms the server answers in (a client without them gets plain forms: clientCapabilities.test.ts)
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
          documentLink: { tooltipSupport: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          ...options.textDocumentCapabilities,
        },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: false } },
      },
      initializationOptions: options.initializationOptions ?? {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  get alive(): boolean {
    return this.exitCode === undefined && this.process.exitCode === null;
  }

  async open(uri: string, text: string, languageId = 'notify'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Replaces the whole text (as one incremental edit over the old text's range). */
  async change(uri: string, text: string): Promise<number> {
    const old = this.texts.get(uri) ?? '';
    return this.edit(uri, { start: { line: 0, character: 0 }, end: positionAt(old, old.length) }, text);
  }

  /** An incremental edit, exactly as an editor sends it while typing. */
  async edit(uri: string, range: { start: Position; end: Position }, newText: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const old = this.texts.get(uri) ?? '';
    this.texts.set(uri, old.slice(0, offsetAt(old, range.start)) + newText + old.slice(offsetAt(old, range.end)));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  /**
   * The next diagnostics for `uri` that satisfy `accept` (default: for the
   * document's current version), or the latest already received if it does.
   */
  diagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = (p) => p.version === undefined || p.version === this.versions.get(uri),
    timeoutMs = 60_000,
  ): Promise<Diagnostic[]> {
    const have = this.latest.get(uri);
    if (have && accept(have)) return Promise.resolve(have.diagnostics);
    return this.nextDiagnostics(uri, accept, timeoutMs).then((p) => p.diagnostics);
  }

  /** Waits for a publish that has not arrived yet. */
  nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 60_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      const waiter = {
        uri,
        accept,
        resolve: (p: PublishDiagnosticsParams) => {
          clearTimeout(timer);
          resolvePromise(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  forgetDiagnostics(uri: string): void {
    this.latest.delete(uri);
  }

  /** For a server that cannot answer a shutdown (blocked, or the test is about its death): gone, and waited for. */
  async kill(): Promise<void> {
    if (this.alive) {
      const exited = new Promise((r) => this.process.once('exit', r));
      this.process.kill('SIGKILL');
      await exited;
    }
    this.connection.dispose();
  }

  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5000);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // fall through to kill
      }
      await new Promise<void>((r) => {
        if (!this.alive) return r();
        const t = setTimeout(() => {
          this.process.kill();
          r();
        }, 2000);
        this.process.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    this.connection.dispose();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'request'): Promise<T> {
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(t);
        res(v);
      },
      (e) => {
        clearTimeout(t);
        rej(e);
      },
    );
  });
}
