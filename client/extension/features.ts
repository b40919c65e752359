// Everything the extension does besides starting the language server: loaded
// on first use (bundled apart as dist/features.js) so that activation reads a
// small extension.js. The grammar, the dispatcher (undici, nodemailer) and the
// preview live here; the first keystroke needs none of them in the extension host.
import type * as vscode from 'vscode';
import { NotifierCodeLensProvider } from './codeLens';
import { HistoryTreeProvider } from './history/historyTree';
import { buildInspectorModel } from './preview/inspector';
import { PreviewPanel } from './preview/previewPanel';
import { Sender } from './send/sender';
import { LocalReceiver } from './receiver/localReceiver';

export { resendFromHistory } from './history/resend';
export { notifyDocumentFor } from './notifyDocuments';
export { PreviewPanel } from './preview/previewPanel';
export { deleteSecret, setSecret } from './secrets/secretCommands';
export { sendTestCommand } from './send/sendTestCommand';
export { registerStatusBar } from './statusBar';
export { registerTestExplorer } from './testing/testExplorer';

export interface FeatureServices {
  sender: Sender;
  history: HistoryTreeProvider;
  lenses: NotifierCodeLensProvider;
  receiver: LocalReceiver;
}

/** Creates the services that hold state (history store, code lenses); called once. */
export function createServices(context: vscode.ExtensionContext, output: vscode.OutputChannel): FeatureServices {
  const sender = new Sender(context, output);
  const history = new HistoryTreeProvider(() => sender.histories());
  const lenses = new NotifierCodeLensProvider();
  // Disposed with the extension: the receiver stops on deactivate.
  const receiver = new LocalReceiver(sender);
  context.subscriptions.push(
    history,
    lenses,
    receiver,
    sender.onDidSend(() => history.refresh()),
    // After a send (CodeLens, command), the open preview shows every attempt.
    sender.onDidFinish((results, from, total) => {
      const panel = PreviewPanel.instance;
      if (panel && results.length) panel.showInspector(buildInspectorModel(results, decodeURIComponent(from.uri.split('/').pop() ?? from.uri), new Date(), total));
    }),
  );
  return { sender, history, lenses, receiver };
}
