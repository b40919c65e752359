import * as vscode from 'vscode';
import { renderForSend } from '../engine';
import { analyzeDocument, notifyDocumentFor } from '../notifyDocuments';
import { exampleOptions, fileOutline, notifierAt, type FileOutline, type NotifierInfo } from '../outline';
import type { PreviewSelection } from '../preview/model';
import { requireTrust } from '../trustUi';
import type { Sender } from './sender';
import { defaultTimeoutMs } from '../settings';
import { channelOptions, withDefaultTimeout } from './sendPlan';
import { allowedEnv } from '../settings';

/**
 * `Notify: Send Test Notification` (also the `Send test` CodeLens, which
 * passes the file and the notifier): asks only what has more than one
 * answer — notifier, example data, channel — then sends through `Sender`.
 */
export async function sendTestCommand(sender: Sender, uriArg?: unknown, notifierArg?: unknown): Promise<void> {
  if (!requireTrust('send')) return;
  const doc = await notifyDocumentFor(uriArg);
  if (!doc) {
    void vscode.window.showErrorMessage('Notify: open a .notify file to send a test notification from.');
    return;
  }
  const choice = await chooseAndRender(doc, notifierArg);
  if (!choice) return;
  const { outline, notifier, example, deliveries, conditionFalse } = choice;
  const mine = withDefaultTimeout(
    deliveries.filter((d) => d.notifier === notifier.name),
    outline,
    defaultTimeoutMs(),
  );
  if (mine.length === 0) {
    void vscode.window.showWarningMessage(`Notify: "${notifier.name}" renders nothing to send for this example (is its \`when\` false?).`);
    return;
  }
  const unmet = conditionFalse.get(notifier.name);
  if (unmet !== undefined) {
    const go = await vscode.window.showWarningMessage(
      `"${notifier.name}" would not send for this example: ${unmet}. Send the test anyway?`,
      { modal: true },
      'Send Anyway',
    );
    if (go !== 'Send Anyway') return;
  }
  const options = channelOptions(mine);
  let chosen = options[0]!;
  if (options.length > 1) {
    const picked = await vscode.window.showQuickPick(options, { title: `Send "${notifier.name}": which channel?` });
    if (!picked) return;
    chosen = picked;
  }
  await sender.send(
    chosen.indexes.map((i) => mine[i]!),
    { uri: doc.uri.toString(), ...example },
  );
}

/** A notifier and example chosen to send, rendered for sending. */
export interface SendChoice {
  readonly outline: FileOutline;
  readonly notifier: NotifierInfo;
  readonly example: Omit<PreviewSelection, 'notifier'>;
  readonly deliveries: ReturnType<typeof renderForSend>['deliveries'];
  readonly conditionFalse: ReadonlyMap<string, string>;
}

/**
 * Asks which notifier and which example data only where there is a choice,
 * and renders them for sending (the test send and the local receiver's send
 * alike). Undefined when cancelled or when the render has errors, which are
 * shown to the user.
 */
export async function chooseAndRender(doc: vscode.TextDocument, notifierArg: unknown): Promise<SendChoice | undefined> {
  const analysis = analyzeDocument(doc);
  const outline = fileOutline(analysis.file);
  const notifier = await pickNotifier(outline, typeof notifierArg === 'string' ? notifierArg : undefined, doc);
  if (!notifier) return undefined;
  const example = await pickExample(outline, notifier);
  if (!example) return undefined;
  const selection: PreviewSelection = { notifier: notifier.name, ...example };
  const { deliveries, errors, conditionFalse } = renderForSend(analysis, selection, allowedEnv());
  if (errors.length) {
    void vscode.window.showErrorMessage(`Notify: cannot send "${notifier.name}": ${errors.join('; ')}`, 'Show Problems').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return undefined;
  }
  return { outline, notifier, example, deliveries, conditionFalse };
}

export async function pickNotifier(outline: FileOutline, preset: string | undefined, doc: vscode.TextDocument): Promise<NotifierInfo | undefined> {
  if (outline.notifiers.length === 0) {
    void vscode.window.showWarningMessage('Notify: this file declares no notifier.');
    return undefined;
  }
  if (preset !== undefined) {
    const found = outline.notifiers.find((n) => n.name === preset);
    if (!found) void vscode.window.showErrorMessage(`Notify: no notifier "${preset}" in ${doc.uri.path.split('/').pop()}.`);
    return found;
  }
  if (outline.notifiers.length === 1) return outline.notifiers[0];
  const editor = vscode.window.activeTextEditor;
  const atCursor = editor?.document === doc ? notifierAt(outline, doc.offsetAt(editor.selection.active)) : undefined;
  const items = outline.notifiers.map((n) => ({ label: n.name, description: n.events.join(', '), detail: n.channels.join(', '), notifier: n }));
  if (atCursor) items.sort((a, b) => Number(b.notifier === atCursor) - Number(a.notifier === atCursor));
  const picked = await vscode.window.showQuickPick(items, { title: 'Notify: Send Test Notification', placeHolder: 'Which notifier?' });
  return picked?.notifier;
}

/** `{}` means "the default" (first matching sample, else the catalog example); undefined means cancelled. */
export async function pickExample(outline: FileOutline, notifier: NotifierInfo): Promise<{ sample?: string; event?: string } | undefined> {
  const options = exampleOptions(outline, notifier);
  if (options.length <= 1) return options[0]?.selection ?? {};
  const picked = await vscode.window.showQuickPick(options, { title: `Send "${notifier.name}": with which data?` });
  return picked?.selection;
}
