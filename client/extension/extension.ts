// Entry point loaded by VS Code's extension host (bundled to dist/extension.js).
import * as vscode from 'vscode';
import { openWalkthroughOnce } from './walkthrough';
import { NotifierCodeLensProvider } from './codeLens';
import { HistoryTreeProvider } from './history/historyTree';
import { resendFromHistory } from './history/resend';
import { NOTIFY_SELECTOR, notifyDocumentFor } from './notifyDocuments';
import type { PreviewModel } from './preview/model';
import { PreviewPanel } from './preview/previewPanel';
import { registerSecretCommands } from './secrets/secretCommands';
import { Sender } from './send/sender';
import { sendTestCommand } from './send/sendTestCommand';
import { NotifyLanguageClient } from './server/languageClient';
import { registerStatusBar } from './statusBar';
import { registerTestExplorer } from './testing/testExplorer';

/** What `activate` returns: used by the extension tests, and stable enough for other extensions. */
export interface NotifyExtensionApi {
  /** The model the preview panel shows now, if it is open. */
  previewModel(): PreviewModel | undefined;
  /** Resolves with the next model the preview posts. */
  nextPreviewModel(): Promise<PreviewModel>;
  readonly languageClientRunning: () => boolean;
}

let languageClient: NotifyLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NotifyExtensionApi> {
  const output = vscode.window.createOutputChannel('Notify');
  const serverOutput = vscode.window.createOutputChannel('Notify Language Server', { log: true });
  context.subscriptions.push(output, serverOutput);

  const sender = new Sender(context, output);
  const history = new HistoryTreeProvider(() => sender.histories());
  const lenses = new NotifierCodeLensProvider();
  context.subscriptions.push(
    history,
    lenses,
    sender.onDidSend(() => history.refresh()),
    vscode.window.registerTreeDataProvider('notify.history', history),
    vscode.languages.registerCodeLensProvider(NOTIFY_SELECTOR, lenses),

    vscode.commands.registerCommand('notify.previewPayload', async (uri?: unknown, notifier?: unknown) => {
      const doc = await notifyDocumentFor(uri);
      if (!doc) {
        void vscode.window.showErrorMessage('Notify: open a .notify file to preview.');
        return;
      }
      const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
      PreviewPanel.show(context.extensionUri, doc, { notifier: typeof notifier === 'string' ? notifier : undefined }, version);
    }),
    vscode.commands.registerCommand('notify.sendTest', (uri?: unknown, notifier?: unknown) => sendTestCommand(sender, uri, notifier)),
    vscode.commands.registerCommand('notify.resendFromHistory', (node?: unknown) => resendFromHistory(sender, node)),
    // The language server's NTF301 fix inserts `on ;` and asks for the events right there.
    vscode.commands.registerCommand('notify.suggestAt', async (uri?: unknown, line?: unknown, character?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || typeof line !== 'number' || typeof character !== 'number' || editor.document.uri.toString() !== String(uri)) return;
      const at = new vscode.Position(line, character);
      editor.selection = new vscode.Selection(at, at);
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
    }),
    vscode.commands.registerCommand('notify.showHistory', async () => {
      history.refresh();
      await vscode.commands.executeCommand('notify.history.focus');
    }),
    vscode.commands.registerCommand('notify.restartServer', async () => {
      try {
        await languageClient?.restart();
        void vscode.window.setStatusBarMessage('Notify: language server restarted', 3000);
      } catch (e) {
        void vscode.window.showErrorMessage(`Notify: the language server did not start: ${(e as Error).message}`);
      }
    }),
    // The server only reads files, so trust changes nothing there; the lenses' labels change.
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    // The server checks `$Env` names against the setting (NTF211); it reads it when it starts.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('notify.allowedEnv')) void languageClient?.restart();
    }),
    { dispose: () => PreviewPanel.instance?.dispose() },
  );
  registerSecretCommands(context);
  registerStatusBar(context);
  void openWalkthroughOnce(context).catch(() => undefined);
  registerTestExplorer(context);

  languageClient = new NotifyLanguageClient(context, serverOutput);
  context.subscriptions.push(languageClient);
  // The editor features (preview, send) do not need the server: a server
  // that fails to start is reported but does not fail activation.
  languageClient.start().catch((e: Error) => {
    serverOutput.appendLine(`The language server did not start: ${e.message}`);
    void vscode.window.showErrorMessage(`Notify: the language server did not start: ${e.message}`, 'Show Output').then((c) => {
      if (c) serverOutput.show(true);
    });
  });

  return {
    previewModel: () => PreviewPanel.instance?.lastModel,
    nextPreviewModel: () =>
      new Promise((resolve, reject) => {
        const panel = PreviewPanel.instance;
        if (!panel) return reject(new Error('the preview is not open'));
        const sub = panel.onModel((m) => {
          sub.dispose();
          resolve(m);
        });
      }),
    languageClientRunning: () => languageClient?.languageClient?.isRunning() ?? false,
  };
}

export async function deactivate(): Promise<void> {
  const client = languageClient;
  languageClient = undefined;
  await client?.dispose();
}
