import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { allowedEnv } from '../userSettings';
import { SERVER_EXEC_ARGV } from './execArgv';
import { gaveUpMessage, RestartPolicy } from './restartPolicy';

/**
 * Runs the language server (dist/server.js) in its own Node process over
 * IPC. A crash restarts it (up to 5 times in 3 minutes, then the user is told
 * and offered "Restart Server"); `notify.restartServer` restarts it by hand.
 */
export class NotifyLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly policy = new RestartPolicy();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'notify' },
        { scheme: 'untitled', language: 'notify' },
        // Open catalog JSON files: edits re-check the .notify files importing them before they are saved.
        { scheme: 'file', language: 'json' },
      ],
      outputChannel: this.output,
      // Read at every (re)start: a change of notify.allowedEnv or notify.inlayHints.parameterNames restarts the server (extension.ts).
      initializationOptions: () => ({
        allowedEnv: allowedEnv(),
        clientCommands: ['notify.suggestAt', 'editor.action.triggerSuggest'],
        parameterNameHints: vscode.workspace.getConfiguration('notify').get<string>('inlayHints.parameterNames', 'literals'),
      }),
      // Catalogs are JSON files: the server re-checks importers when they change.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{notify,json}') },
      errorHandler: this.errorHandler(),
    };
    this.client = new LanguageClient('notify', 'Notify Language Server', serverOptions, clientOptions);
    await this.client.start();
  }

  private errorHandler(): ErrorHandler {
    return {
      // A broken message: keep going a few times, as the default handler does.
      error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        if (this.policy.shouldRestart(Date.now())) {
          this.output.appendLine(`The language server stopped; restarting it (${this.policy.recentCrashes} in the last minutes).`);
          return { action: CloseAction.Restart, handled: true };
        }
        const message = gaveUpMessage(this.policy);
        void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output').then((choice) => {
          if (choice === 'Restart Server') void vscode.commands.executeCommand('notify.restartServer');
          if (choice === 'Show Output') this.output.show(true);
        });
        return { action: CloseAction.DoNotRestart, message, handled: true };
      },
    };
  }

  async restart(): Promise<void> {
    this.policy.reset();
    if (!this.client) return this.start();
    if (this.client.isRunning()) {
      await this.client.restart();
    } else {
      await this.client.dispose().catch(() => undefined);
      this.client = undefined;
      await this.start();
    }
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose(2000).catch(() => undefined);
  }
}
