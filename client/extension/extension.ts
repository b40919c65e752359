// Entry point loaded by VS Code's extension host (bundled to dist/extension.js).
import * as vscode from 'vscode';
import type { FeatureServices } from './features';
import { openWalkthroughOnce } from './walkthrough';
import type { HistoryNode } from './history/historyView';
import type { PreviewModel } from './preview/model';
import { NotifyLanguageClient } from './server/languageClient';

// Same as NOTIFY_SELECTOR in notifyDocuments.ts, which this file does not import: it brings the grammar.
const NOTIFY_SELECTOR: vscode.DocumentSelector = [
  { language: 'notify' },
  { scheme: 'file', pattern: '**/*.notify' },
  { scheme: 'untitled', language: 'notify' },
];

type Features = typeof import('./features');
let featuresModule: Features | undefined;
let services: FeatureServices | undefined;
let loading: Promise<{ features: Features; services: FeatureServices }> | undefined;

/** What `activate` returns: used by the extension tests, and stable enough for other extensions. */
export interface NotifyExtensionApi {
  /** The model the preview panel shows now, if it is open. */
  previewModel(): PreviewModel | undefined;
  /** The address of the local receiver while it runs ("Notify: Start Local Receiver"). */
  localReceiverUrl(): string | undefined;
  /** Resolves with the next model the preview posts. */
  nextPreviewModel(): Promise<PreviewModel>;
  readonly languageClientRunning: () => boolean;
}

let languageClient: NotifyLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NotifyExtensionApi> {
  const output = vscode.window.createOutputChannel('Notify');
  const serverOutput = vscode.window.createOutputChannel('Notify Language Server', { log: true });
  context.subscriptions.push(output, serverOutput);

  // The grammar, the dispatcher and the preview (dist/features.js) load on first use.
  const historyChanged = new vscode.EventEmitter<HistoryNode | undefined>();
  const lensesChanged = new vscode.EventEmitter<void>();
  const load = (): Promise<{ features: Features; services: FeatureServices }> =>
    (loading ??= import('./features').then((features) => {
      featuresModule = features;
      services = features.createServices(context, output);
      context.subscriptions.push(
        services.history.onDidChangeTreeData((n) => historyChanged.fire(n)),
        services.lenses.onDidChangeCodeLenses(() => lensesChanged.fire()),
      );
      features.registerStatusBar(context);
      features.registerTestExplorer(context);
      return { features, services };
    }));
  const history: vscode.TreeDataProvider<HistoryNode> = {
    onDidChangeTreeData: historyChanged.event,
    getChildren: async (node) => (await load()).services.history.getChildren(node),
    // getChildren has run before VS Code asks for an item, so the services exist.
    getTreeItem: (node) => services!.history.getTreeItem(node),
  };
  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensesChanged.event,
    provideCodeLenses: async (document) => (await load()).services.lenses.provideCodeLenses(document),
  };
  context.subscriptions.push(
    historyChanged,
    lensesChanged,
    vscode.window.registerTreeDataProvider('notify.history', history),
    vscode.languages.registerCodeLensProvider(NOTIFY_SELECTOR, lenses),

    vscode.commands.registerCommand('notify.previewPayload', async (uri?: unknown, notifier?: unknown) => {
      const { features } = await load();
      const doc = await features.notifyDocumentFor(uri);
      if (!doc) {
        void vscode.window.showErrorMessage('Notify: open a .notify file to preview.');
        return;
      }
      const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
      features.PreviewPanel.show(context.extensionUri, doc, { notifier: typeof notifier === 'string' ? notifier : undefined }, version);
    }),
    vscode.commands.registerCommand('notify.sendTest', async (uri?: unknown, notifier?: unknown) => {
      const { features, services } = await load();
      return features.sendTestCommand(services.sender, uri, notifier);
    }),
    vscode.commands.registerCommand('notify.startLocalReceiver', async (uri?: unknown) => (await load()).services.receiver.startCommand(uri)),
    vscode.commands.registerCommand('notify.stopLocalReceiver', async () => services?.receiver.stop()),
    vscode.commands.registerCommand('notify.sendToLocalReceiver', async (uri?: unknown, notifier?: unknown) =>
      (await load()).services.receiver.sendCommand(uri, notifier),
    ),
    vscode.commands.registerCommand('notify.resendFromHistory', async (node?: unknown) => {
      const { features, services } = await load();
      return features.resendFromHistory(services.sender, node);
    }),
    // The language server's NTF301 fix inserts `on ;` and asks for the events right there.
    vscode.commands.registerCommand('notify.suggestAt', async (uri?: unknown, line?: unknown, character?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || typeof line !== 'number' || typeof character !== 'number' || editor.document.uri.toString() !== String(uri)) return;
      const at = new vscode.Position(line, character);
      editor.selection = new vscode.Selection(at, at);
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
    }),
    vscode.commands.registerCommand('notify.showHistory', async () => {
      (await load()).services.history.refresh();
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
    vscode.workspace.onDidGrantWorkspaceTrust(() => lensesChanged.fire()),
    // The server checks `$Env` names against the setting (NTF211) and shows parameter names as set; it reads both when it starts.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('notify.allowedEnv') || e.affectsConfiguration('notify.inlayHints.parameterNames')) void languageClient?.restart();
    }),
    { dispose: () => featuresModule?.PreviewPanel.instance?.dispose() },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand('notify.setSecret', async (preset?: unknown) => (await load()).features.setSecret(context, preset)),
    vscode.commands.registerCommand('notify.deleteSecret', async (preset?: unknown) => (await load()).features.deleteSecret(context, preset)),
  );
  void openWalkthroughOnce(context).catch(() => undefined);
  // The status bar (a .notify editor's notifier count) and the Test Explorer's discovery need the
  // grammar soon, but not before activation has returned: they are registered once it has.
  setTimeout(() => void load(), 0);

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
    previewModel: () => featuresModule?.PreviewPanel.instance?.lastModel,
    localReceiverUrl: () => services?.receiver.url,
    nextPreviewModel: () =>
      new Promise((resolve, reject) => {
        const panel = featuresModule?.PreviewPanel.instance;
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
  // The port is freed before the extension host goes (the subscriptions' dispose does not wait).
  await services?.receiver.stop();
  await client?.dispose();
}
