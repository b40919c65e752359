import * as vscode from 'vscode';
import { renderForSend } from '../engine';
import { analyzeDocument, documentTree } from '../notifyDocuments';
import { fileOutline } from '../outline';
import type { Sender } from '../send/sender';
import { defaultTimeoutMs } from '../settings';
import { withDefaultTimeout } from '../send/sendPlan';
import { requireTrust } from '../trustUi';
import type { HistoryNode } from './historyView';
import { allowedEnv } from '../settings';

/**
 * `notify.resendFromHistory`: sends a notifier again, from its file as it is
 * now, with the example data of its last send (the history holds results,
 * not payloads, and a secret must not be stored to replay). An entry node
 * re-sends only its channel.
 */
export async function resendFromHistory(sender: Sender, node: unknown): Promise<void> {
  if (!requireTrust('resend')) return;
  const target = node as Partial<HistoryNode> | undefined;
  if (!target?.notifier) {
    void vscode.window.showInformationMessage('Notify: choose an entry in the Notify Dispatch History view to send it again.');
    return;
  }
  const notifier = target.notifier;
  const channel = target.kind === 'entry' ? target.entry?.channel : undefined;
  const last = sender.lastSend(notifier);
  const uri = last ? vscode.Uri.parse(last.uri) : await findNotifierFile(notifier);
  if (!uri) {
    void vscode.window.showErrorMessage(`Notify: no .notify file in this workspace declares notifier "${notifier}" any more.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const analysis = analyzeDocument(doc);
  const outline = fileOutline(analysis.file);
  if (!outline.notifiers.some((n) => n.name === notifier)) {
    void vscode.window.showErrorMessage(`Notify: "${notifier}" is no longer declared in ${uri.path.split('/').pop()}.`);
    return;
  }
  const selection = { notifier, sample: last?.sample, event: last?.event };
  const { deliveries, errors } = renderForSend(analysis, selection, allowedEnv());
  if (errors.length) {
    void vscode.window.showErrorMessage(`Notify: cannot send "${notifier}": ${errors.join('; ')}`);
    return;
  }
  const chosen = withDefaultTimeout(
    deliveries.filter((d) => d.notifier === notifier && (channel === undefined || d.channel === channel)),
    outline,
    defaultTimeoutMs(),
  );
  if (chosen.length === 0) {
    void vscode.window.showWarningMessage(`Notify: "${notifier}" has no ${channel ?? ''} channel to send any more.`);
    return;
  }
  await sender.send(chosen, { uri: uri.toString(), sample: last?.sample, event: last?.event });
}

async function findNotifierFile(notifier: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.notify', '**/node_modules/**', 500);
  for (const uri of files) {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (fileOutline(documentTree(doc)).notifiers.some((n) => n.name === notifier)) return uri;
  }
  return undefined;
}
