/**
 * A minimal LSP client for benchmarks: spawns a language server over stdio,
 * answers the requests servers send to clients (configuration, capability
 * registration, progress) and times requests and diagnostics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageWriter,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { quietReader } from '../test/support/quietReader';

export class BenchServer {
  private waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const ready = this.waiters.filter((w) => w.uri === p.uri);
      this.waiters = this.waiters.filter((w) => w.uri !== p.uri);
      for (const w of ready) w.resolve(p);
    });
    // what servers ask of a client
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('telemetry/event', () => undefined);
  }

  static async start(name: string, args: readonly string[], rootDir: string, initializationOptions: unknown = {}, env?: NodeJS.ProcessEnv): Promise<BenchServer> {
    const proc = spawn(process.execPath, [...args, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: rootDir, env: env ? { ...process.env, ...env } : process.env });
    const connection = createProtocolConnection(quietReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const server = new BenchServer(name, proc, connection);
    connection.listen();
    const rootUri = pathToFileURL(rootDir).href;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        textDocument: {
          // VS Code's forms of answers (a client without them gets plain forms, LANGUAGE.md 10.5): what the bench measures
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'], labelDetailsSupport: true } },
          hover: { contentFormat: ['markdown'] },
          signatureHelp: { signatureInformation: { documentationFormat: ['markdown'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite', 'source.fixAll'] } } },
          rename: { prepareSupport: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        },
        workspace: { configuration: true },
      },
      initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, resolve }));
  }

  /** Opens a document; resolves when its first diagnostics arrive, with the milliseconds it took. */
  async open(uri: string, languageId: string, text: string): Promise<number> {
    this.versions.set(uri, 1);
    const next = this.nextDiagnostics(uri);
    const t0 = performance.now();
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    await next;
    return performance.now() - t0;
  }

  /** Sends one incremental edit and resolves when the diagnostics for it arrive: milliseconds. */
  async changeToDiagnostics(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const t0 = performance.now();
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    await next;
    return performance.now() - t0;
  }

  async change(uri: string, range: Range, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async time(method: string, params: unknown): Promise<{ ms: number; result: unknown }> {
    const t0 = performance.now();
    const result = await this.connection.sendRequest(method, params);
    return { ms: performance.now() - t0, result };
  }

  /**
   * CPU time the server process has used so far, in ms (Linux): the sum over
   * its threads of their time on a CPU (`/proc/PID/task/TID/schedstat`, in
   * nanoseconds), else user + system time in 10 ms ticks. Threads that have
   * ended are not counted by the first (V8's and libuv's helpers live as long
   * as the process).
   */
  cpuMs(): number {
    try {
      let ns = 0;
      for (const tid of readdirSync(`/proc/${this.proc.pid}/task`)) {
        ns += Number(readFileSync(`/proc/${this.proc.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      }
      if (ns > 0) return ns / 1e6;
    } catch {
      // no schedstat: the ticks below
    }
    try {
      const stat = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return NaN;
    }
  }

  /** Resident memory of the server process (Linux), in MB. */
  rssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return kb / 1024;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // killed below
    }
    await new Promise((r) => setTimeout(r, 300));
    if (this.proc.exitCode === null) this.proc.kill();
    this.connection.dispose();
  }
}

export function pos(line: number, character: number): Position {
  return { line, character };
}
