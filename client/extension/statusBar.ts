import * as vscode from 'vscode';
import { documentTree, isNotifyDocument } from './notifyDocuments';
import { fileOutline } from './outline';

/** "Notify: 3 notifiers" while a .notify file is active; a click opens the preview. */
export function registerStatusBar(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem('notify.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Notify';
  item.command = 'notify.previewPayload';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isNotifyDocument(doc)) {
      item.hide();
      return;
    }
    let count = 0;
    try {
      count = fileOutline(documentTree(doc)).notifiers.length;
    } catch {
      count = 0;
    }
    item.text = `$(bell) Notify: ${count} notifier${count === 1 ? '' : 's'}`;
    item.tooltip = vscode.workspace.isTrusted ? 'Open the Notify preview' : 'Open the Notify preview (restricted mode: sending is off)';
    item.show();
  };
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== vscode.window.activeTextEditor?.document) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(update, 500);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  update();
}
