import * as vscode from 'vscode';
import type { ResolvedSigning } from '../../dispatch/resolve';
import { formatRequest, startReceiver, type Receiver, type Verification } from '../../receiver/receiver';
import { isNotifyDocument, notifyDocumentFor, shortName } from '../notifyDocuments';
import type { Sender } from '../send/sender';
import { chooseAndRender } from '../send/sendTestCommand';
import { requireTrust } from '../trustUi';
import { redirectToReceiver } from './redirect';

export const DEFAULT_RECEIVER_PORT = 8787;
const RUNNING_CONTEXT = 'notify.localReceiverRunning';
const SEND_TO_IT = 'Send a Notifier to It';

/**
 * "Notify: Start Local Receiver": the receiver of `notify receive`
 * (client/receiver) run in the extension host on 127.0.0.1, its requests in
 * the output "Notify Local Receiver", and a way to send the current notifier
 * to it. The receiver's address is allowed for those sends only: the setting
 * `notify.allowPrivateNetworks` and the workspace's allowed destinations are
 * not changed, so nothing else on the machine becomes reachable.
 */
export class LocalReceiver implements vscode.Disposable {
  private receiver: Receiver | undefined;
  private starting: Promise<Receiver | undefined> | undefined;
  private readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  /** While one of our sends is under way: masks the values it filled in (secrets) in what is shown. */
  private mask: ((text: string) => string) | undefined;

  constructor(private readonly sender: Sender) {
    this.output = vscode.window.createOutputChannel('Notify Local Receiver');
    this.status = vscode.window.createStatusBarItem('notify.localReceiver', vscode.StatusBarAlignment.Right, 99);
    this.status.name = 'Notify Local Receiver';
    this.status.command = 'notify.sendToLocalReceiver';
  }

  get url(): string | undefined {
    return this.receiver?.url;
  }

  /** Starts the receiver (once); undefined when it could not listen. */
  start(): Promise<Receiver | undefined> {
    if (this.receiver) return Promise.resolve(this.receiver);
    return (this.starting ??= this.listen().finally(() => (this.starting = undefined)));
  }

  private async listen(): Promise<Receiver | undefined> {
    const wanted = vscode.workspace.getConfiguration('notify').get<number>('localReceiver.port', DEFAULT_RECEIVER_PORT);
    const options = {
      // Slack counts only a 200 `ok` as delivered; every other channel takes it too.
      replyBody: 'ok',
      onRequest: (r: Parameters<typeof formatRequest>[0]) => {
        const text = formatRequest(r);
        this.output.append(this.mask ? this.mask(text) : text);
      },
    };
    let receiver: Receiver;
    try {
      receiver = await startReceiver({ ...options, port: wanted });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0) {
        void vscode.window.showErrorMessage(`Notify: the local receiver could not listen on 127.0.0.1:${wanted}: ${(e as Error).message}`);
        return undefined;
      }
      // Another receiver (say `npx notify receive`) has the port: any free one serves as well, since sends are aimed at it.
      receiver = await startReceiver({ ...options, port: 0 });
      this.output.appendLine(`Port ${wanted} is in use; listening on ${receiver.port} instead.`);
    }
    this.receiver = receiver;
    this.output.appendLine(`Notify local receiver: listening on ${receiver.url} (127.0.0.1 only). Each request it gets shows here, secrets masked.`);
    this.output.appendLine('');
    this.status.text = `$(radio-tower) Receiver :${receiver.port}`;
    this.status.tooltip = `Notify's local receiver listens on ${receiver.url}. Click to send a notifier to it; stop it with "Notify: Stop Local Receiver".`;
    this.status.show();
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    return receiver;
  }

  /** The command: start, show the output, and offer to send the current notifier. */
  async startCommand(uriArg?: unknown): Promise<void> {
    const already = this.receiver !== undefined;
    const receiver = await this.start();
    if (!receiver) return;
    this.output.show(true);
    const offer = vscode.workspace.isTrusted ? [SEND_TO_IT] : [];
    const choice = await vscode.window.showInformationMessage(
      `Notify: the local receiver ${already ? 'is' : 'is now'} listening on ${receiver.url}. What it gets shows in the output "Notify Local Receiver".`,
      ...offer,
    );
    if (choice === SEND_TO_IT) await this.sendCommand(uriArg);
  }

  async stop(): Promise<void> {
    const receiver = this.receiver;
    this.receiver = undefined;
    this.status.hide();
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
    if (!receiver) return;
    await receiver.close();
    this.output.appendLine(`Notify local receiver: stopped (${receiver.url}).`);
  }

  /**
   * Renders a notifier (asking which, and with which data, only when there
   * is a choice) and sends its HTTP deliveries to the receiver, starting it
   * if needed. Each send is verified with its own signing key.
   */
  async sendCommand(uriArg?: unknown, notifierArg?: unknown): Promise<void> {
    if (!requireTrust('send')) return;
    const doc = await pickNotifyDocument(uriArg);
    if (!doc) return;
    const choice = await chooseAndRender(doc, notifierArg);
    if (!choice) return;
    const { notifier, example, deliveries, conditionFalse } = choice;
    const receiver = await this.start();
    if (!receiver) return;
    const mine = deliveries.filter((d) => d.notifier === notifier.name);
    const redirected = mine.map((d) => redirectToReceiver(d, receiver.url)).filter((d) => d !== undefined);
    if (redirected.length === 0) {
      void vscode.window.showWarningMessage(`Notify: "${notifier.name}" sends only email; the local receiver takes HTTP requests.`);
      return;
    }
    this.output.show(true);
    const skipped = mine.length - redirected.length;
    this.output.appendLine(
      `Sending "${notifier.name}" from ${shortName(doc)} to ${receiver.url}` +
        (skipped ? ` (${skipped} email deliver${skipped === 1 ? 'y' : 'ies'} left out)` : '') +
        (conditionFalse.has(notifier.name) ? ` although it would not send for this example: ${conditionFalse.get(notifier.name)}` : '') +
        '…',
    );
    this.output.appendLine('');
    const origin = new URL(receiver.url).origin;
    try {
      await this.sender.send(
        redirected,
        { uri: doc.uri.toString(), ...example },
        {
          allowOrigin: origin,
          remember: false,
          onResolved: ({ redactor, signing }) => {
            receiver.verifyWith(verificationFor(signing));
            this.mask = (text) => redactor.redact(text);
          },
        },
      );
    } finally {
      if (this.receiver === receiver) receiver.verifyWith({});
      this.mask = undefined;
    }
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
    this.output.dispose();
  }
}

/** The receiver checks exactly the scheme the delivery was signed with, with its key. */
function verificationFor(signing: ResolvedSigning | undefined): Verification {
  if (!signing) return {};
  return signing.scheme === 'hmac-sha256'
    ? { secret: signing.secret.reveal(), signatureHeader: signing.header }
    : { standardWebhooksSecret: signing.secret.reveal() };
}

/**
 * The document to send from: the one given, the active or a visible .notify
 * editor, else one of the open .notify documents (the walkthrough has the
 * focus when its link runs this), else a .notify file of the workspace.
 */
async function pickNotifyDocument(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  const direct = await notifyDocumentFor(uriArg);
  if (direct) return direct;
  const open = vscode.workspace.textDocuments.filter((d) => isNotifyDocument(d) && !d.isClosed);
  if (open.length === 1) return open[0];
  const items: { label: string; description?: string; uri: vscode.Uri }[] = open.map((d) => ({ label: shortName(d), description: 'open', uri: d.uri }));
  if (items.length === 0) {
    for (const uri of await vscode.workspace.findFiles('**/*.notify', '**/node_modules/**', 200)) {
      items.push({ label: uri.path.split('/').pop() ?? uri.path, description: vscode.workspace.asRelativePath(uri), uri });
    }
    items.sort((a, b) => a.label.localeCompare(b.label));
  }
  if (items.length === 0) {
    void vscode.window.showErrorMessage('Notify: open a .notify file to send to the local receiver.');
    return undefined;
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Notify: Send to Local Receiver', placeHolder: 'Which file?' });
  return picked ? vscode.workspace.openTextDocument(picked.uri) : undefined;
}
