import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { PLACEHOLDER_PATTERN } from '../../../grammar/values/value';
import { dispatch, type DispatchOptions } from '../../dispatch/dispatcher';
import { smtpSettingsFromEnv } from '../../dispatch/email';
import { HistoryStore, legacyHistoryPath } from '../../dispatch/history';
import { checkDestination } from '../../dispatch/preflight';
import { historyPathForFile } from '../../dispatch/historyLocation';
import { Pacer } from '../../dispatch/pacer';
import { formatAttemptLine, type DeliveryResult } from '../../dispatch/result';
import { chainSecretSources, envSecretSource, type SecretSource } from '../../dispatch/secrets';
import { storageSecretSource, SMTP_PASSWORD_KEY } from '../secrets/secretStore';
import { allowedEnv, allowPrivateNetworks, smtpFromSettings } from '../settings';
import { addToStateList, setStateField } from '../stateList';
import { confirmationKey, describeTarget, missingSecretIn, refusedAsPrivate, resultLine, targetHost } from './sendPlan';

const CONFIRMED_KEY = 'notify.confirmedTargets';
/**
 * Destinations the user allowed from a refusal, per workspace: extension
 * state, not a setting, because `notify.allowPrivateNetworks` is
 * machine-scoped and so lives where code-server's user settings do not show
 * it. Entries are `private <origin>` or `insecureHttp <origin>`.
 */
const ALLOWED_KEY = 'notify.allowedDestinations';
const LAST_SEND_KEY = 'notify.lastSend';

/** What one delivery may reach, and whether the user has already agreed to send it. */
interface Permission {
  readonly allowPrivate: boolean;
  readonly allowInsecureHttp: boolean;
  /** Exact origins reachable for this send only (the local receiver's). */
  readonly allowOrigins?: readonly string[];
  readonly confirmed: boolean;
}

/** How one `send` differs from a Send Test (the local receiver's sends). */
export interface SendOptions {
  /**
   * The origin (`http://127.0.0.1:PORT`) the user chose to send to: reached
   * although loopback and plain http, for these deliveries only, without
   * asking again and without changing `notify.allowPrivateNetworks`.
   */
  readonly allowOrigin?: string;
  /** Told each delivery's filled-in signing key and redactor before it is sent (dispatcher `onResolved`). */
  readonly onResolved?: DispatchOptions['onResolved'];
  /** False: not remembered as where the notifier was last sent from (Resend sends to the notifier's own target). */
  readonly remember?: boolean;
}

/** Where a notifier was last sent from, so the history can send it again. */
export interface LastSend {
  readonly uri: string;
  readonly sample?: string;
  readonly event?: string;
}

/**
 * Sends deliveries with the dispatcher, the way the editor does it: secrets
 * from SecretStorage then the environment, private networks only when the
 * setting allows, a confirmation the first time a target is used, progress
 * with each attempt, the result in a notification and the "Notify" output,
 * and every result in the dispatch history.
 */
export class Sender {
  private readonly stores = new Map<string, HistoryStore>();
  private readonly secrets: SecretSource;
  private readonly listeners = new Set<() => void>();
  private readonly finishListeners = new Set<(results: readonly DeliveryResult[], from: LastSend, total: number) => void>();
  /**
   * One pacer for every send of this extension host (docs/delivery.md#pacing):
   * two sends started at once (a CodeLens and the command palette, a Resend)
   * go to the same destinations, so they share its rate and the holds its
   * replies name.
   */
  private readonly pacer = new Pacer();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {
    this.secrets = chainSecretSources(storageSecretSource(context.secrets), envSecretSource(process.env));
  }

  /**
   * The history a send from `uri` is recorded in: for a file, the rule
   * `notify send` follows too (historyLocation: `.notify/history.jsonl` at the
   * workspace root); an untitled document's goes to the first workspace
   * folder's root, else to the extension's storage.
   */
  historyFor(uri: string | undefined): HistoryStore {
    let path: string;
    const parsed = uri ? vscode.Uri.parse(uri) : undefined;
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (parsed?.scheme === 'file') path = historyPathForFile(parsed.fsPath);
    else if (folder) path = historyPathForFile(join(folder.uri.fsPath, 'untitled.notify'));
    else path = join((this.context.storageUri ?? this.context.globalStorageUri).fsPath, 'history.jsonl');
    let store = this.stores.get(path);
    if (!store) {
      store = new HistoryStore(path, {
        gitignore: path.endsWith(join('.notify', 'history.jsonl')),
        legacyPath: legacyHistoryPath(path),
        onWarning: (m) => this.output.appendLine(`warning: ${m}`),
      });
      this.stores.set(path, store);
    }
    return store;
  }

  /** Every history the view shows: those of the workspace folders' roots and any sent to in this session. */
  histories(): HistoryStore[] {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (f.uri.scheme === 'file') this.historyFor(vscode.Uri.joinPath(f.uri, 'untitled.notify').toString());
    }
    return [...this.stores.values()];
  }

  /** Called after each delivery (the history view refreshes). */
  onDidSend(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Called once a send has ended, with every result (attempt records included): the preview's inspector. */
  onDidFinish(listener: (results: readonly DeliveryResult[], from: LastSend, total: number) => void): vscode.Disposable {
    this.finishListeners.add(listener);
    return { dispose: () => this.finishListeners.delete(listener) };
  }

  lastSend(notifier: string): LastSend | undefined {
    return this.context.workspaceState.get<Record<string, LastSend>>(LAST_SEND_KEY, {})[notifier];
  }

  /** Sends each delivery in turn (after confirmation); returns the results of those sent. */
  async send(deliveries: readonly RenderedDelivery[], from: LastSend, options: SendOptions = {}): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    const batch = deliveries.length > 1;
    for (const delivery of deliveries) {
      // The guard first: a send that would be refused is never confirmed first.
      const permission = await this.permit(delivery, options.allowOrigin);
      if (!permission || (!permission.confirmed && !(await this.confirm(delivery)))) {
        this.output.appendLine(`[${delivery.notifier}/${delivery.channel}] not sent: cancelled`);
        continue;
      }
      const result = await this.sendOne(delivery, this.historyFor(from.uri), permission, options.onResolved);
      results.push(result);
      if (options.remember !== false) await this.rememberSource(delivery.notifier, from);
      for (const l of this.listeners) l();
      this.report(result, batch);
    }
    if (batch) this.reportBatch(results, deliveries.length);
    for (const l of this.finishListeners) l(results, from, deliveries.length);
    return results;
  }

  /**
   * One message for a send of several: a success only when every delivery
   * went. Cancelled or failed ones make it "partly sent", an error.
   */
  private reportBatch(results: readonly DeliveryResult[], total: number): void {
    const delivered = results.filter((r) => r.ok).length;
    const line = `${delivered} of ${total} delivered`;
    this.output.appendLine(`send: ${line}`);
    if (delivered === total) {
      void vscode.window.showInformationMessage(`Notify: ${line}`, 'Show Output').then((c) => c && this.output.show(true));
    } else {
      void vscode.window
        .showErrorMessage(`Notify: ${line} — ${delivered === 0 ? 'nothing was delivered' : 'partly sent, not a success'}`, 'Show Output')
        .then((c) => c && this.output.show(true));
    }
  }

  private async sendOne(
    delivery: RenderedDelivery,
    history: HistoryStore,
    permission: Permission,
    onResolved?: DispatchOptions['onResolved'],
  ): Promise<DeliveryResult> {
    const smtpPassword = await this.context.secrets.get(SMTP_PASSWORD_KEY);
    const smtp = smtpFromSettings(smtpPassword) ?? smtpSettingsFromEnv(process.env);
    const version = String((this.context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
    this.output.appendLine(`[${delivery.notifier}/${delivery.channel}] sending to ${describeTarget(delivery)}`);
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Notify: sending "${delivery.notifier}" (${delivery.channel})`,
        cancellable: false,
      },
      async (progress) =>
        dispatch(delivery, {
          secrets: this.secrets,
          env: process.env,
          allowPrivate: permission.allowPrivate,
          allowInsecureHttp: permission.allowInsecureHttp,
          ...(permission.allowOrigins ? { allowOrigins: permission.allowOrigins } : {}),
          ...(onResolved ? { onResolved } : {}),
          // Only reached in trusted workspaces (the commands check first).
          allowEnv: vscode.workspace.isTrusted,
          allowedEnv: allowedEnv(),
          smtp,
          version,
          history,
          pacer: this.pacer,
          recordAttempts: true,
          onAttempt: (info) => {
            const line = formatAttemptLine(info).replace(/^notify: /, '');
            this.output.appendLine(line);
            progress.report({ message: `attempt ${info.attempt}/${info.maxAttempts}: ${info.outcome}` });
          },
          onWarning: (m) => this.output.appendLine(`warning: ${m}`),
        }),
    );
  }

  /**
   * What this delivery may reach, decided before anything is asked: when the
   * address guard would refuse the destination, the user is told so first
   * and may allow it once or for this workspace (that answer also confirms
   * the send). Undefined when the user declined.
   */
  private async permit(delivery: RenderedDelivery, allowOrigin?: string): Promise<Permission | undefined> {
    const setting = allowPrivateNetworks();
    const base: Permission = { allowPrivate: setting, allowInsecureHttp: false, confirmed: false };
    const url = await this.filledUrl(delivery);
    if (!url) return base;
    const origin = new URL(url).origin;
    // The user chose this destination just now (Send to Local Receiver): that choice is the confirmation.
    if (allowOrigin !== undefined && origin === allowOrigin) return { ...base, allowOrigins: [allowOrigin], confirmed: true };
    const allowed = this.context.workspaceState.get<string[]>(ALLOWED_KEY, []);
    const current: Permission = {
      ...base,
      allowPrivate: setting || allowed.includes(`private ${origin}`),
      allowInsecureHttp: allowed.includes(`insecureHttp ${origin}`),
    };
    const refusal = await checkDestination(url, current);
    if (!refusal) return current;
    const target = describeTarget(delivery, new URL(url).host);
    const what = refusal.needs === 'private' ? 'a private or loopback address' : 'plain http:// (unencrypted)';
    if (!refusal.allowable) {
      void vscode.window.showErrorMessage(`Notify: "${delivery.notifier}" (${delivery.channel}) not sent: ${refusal.message}`);
      return undefined;
    }
    const once = 'Allow Once and Send';
    const always = 'Allow in This Workspace and Send';
    const choice = await vscode.window.showWarningMessage(
      `"${delivery.notifier}" (${delivery.channel}) would go to ${target}, ${what}, which Notify refuses unless you allow it.`,
      {
        modal: true,
        detail:
          'A .notify file from a cloned repository must not be able to reach services on your network or send secrets unencrypted. ' +
          'Allow it if this is a receiver you run, such as a local test receiver. ' +
          `"In This Workspace" remembers ${origin} for this workspace only.`,
      },
      once,
      always,
    );
    if (choice !== once && choice !== always) return undefined;
    if (choice === always) {
      // The lists are read again when written: another send may have added to them while this dialog was open.
      await addToStateList(this.context.workspaceState, ALLOWED_KEY, `${refusal.needs} ${origin}`);
      await addToStateList(this.context.workspaceState, CONFIRMED_KEY, confirmationKey(delivery, await this.hostBehindSecret(delivery)));
    }
    const granted = refusal.needs === 'private' ? { allowPrivate: true } : { allowInsecureHttp: true };
    // Private covers plain http too, and the private check comes first: one question is enough.
    return { ...current, ...granted, confirmed: true };
  }

  /** The delivery's URL with secrets and $Env values filled in; never shown or stored. */
  private async filledUrl(delivery: RenderedDelivery): Promise<string | undefined> {
    const url = delivery.request?.url;
    if (!url) return undefined;
    let filled = url;
    for (const m of url.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, 'g'))) {
      const value = m[1] === 'secret' ? await this.secrets.get(m[2]!) : process.env[m[2]!];
      if (value === undefined) return undefined;
      filled = filled.replace(m[0], value);
    }
    try {
      return new URL(filled).href;
    } catch {
      return undefined;
    }
  }

  /** Asks once per target (remembered per workspace); the target is named with secrets masked. */
  private async confirm(delivery: RenderedDelivery): Promise<boolean> {
    const resolvedHost = await this.hostBehindSecret(delivery);
    const key = confirmationKey(delivery, resolvedHost);
    const confirmed = this.context.workspaceState.get<string[]>(CONFIRMED_KEY, []);
    if (confirmed.includes(key)) return true;
    const target = describeTarget(delivery, resolvedHost);
    const choice = await vscode.window.showWarningMessage(
      `Send a test notification from "${delivery.notifier}" (${delivery.channel}) to ${target}?`,
      {
        modal: true,
        detail: 'This is a real delivery to that receiver. You are asked once per target in this workspace.',
      },
      'Send',
    );
    if (choice !== 'Send') return false;
    await addToStateList(this.context.workspaceState, CONFIRMED_KEY, key);
    return true;
  }

  /**
   * For a URL that is itself a secret (a Slack webhook), the user should
   * still learn which host it goes to: only the host is shown, never the
   * value. Undefined when the host is written in the file or unknown.
   */
  private async hostBehindSecret(delivery: RenderedDelivery): Promise<string | undefined> {
    const url = delivery.request?.url;
    if (!url || targetHost(delivery) !== url) return undefined;
    const filled = await this.filledUrl(delivery);
    return filled ? new URL(filled).host : undefined;
  }

  private async rememberSource(notifier: string, from: LastSend): Promise<void> {
    await setStateField(this.context.workspaceState, LAST_SEND_KEY, notifier, from);
  }

  private report(result: DeliveryResult, batch: boolean): void {
    this.output.appendLine(resultLine(result));
    if (result.note) this.output.appendLine(`  note: ${result.note}`);
    if (result.reply) this.output.appendLine(`  reply: ${result.reply}`);
    for (const a of result.attemptRecords ?? []) if (a.pacedBecause) this.output.appendLine(`  attempt ${a.attempt} waited ${a.pacedMs} ms: ${a.pacedBecause}`);
    // A send of several gets one summary (reportBatch), not a toast per message.
    if (result.ok && batch) return;
    if (result.ok) {
      const reply = result.note ? ' — the reply body could not be read (see Output)' : result.reply ? ` — reply: ${result.reply.slice(0, 120)}` : '';
      void vscode.window
        .showInformationMessage(
          `Notify: "${result.notifier}" (${result.channel}) delivered: status ${result.status ?? '—'} in ${result.durationMs} ms${reply}`,
          'Show Output',
        )
        .then((choice) => choice === 'Show Output' && this.output.show(true));
      return;
    }
    const secret = missingSecretIn(result.error);
    const actions = ['Show Output'];
    if (secret) actions.unshift('Set Secret');
    if (refusedAsPrivate(result.error)) actions.unshift('Open Setting');
    void vscode.window
      .showErrorMessage(`Notify: "${result.notifier}" (${result.channel}) failed: ${result.error ?? `status ${result.status}`}`, ...actions)
      .then((choice) => {
        if (choice === 'Show Output') this.output.show(true);
        if (choice === 'Set Secret') void vscode.commands.executeCommand('notify.setSecret', secret);
        if (choice === 'Open Setting') void vscode.commands.executeCommand('workbench.action.openSettings', 'notify.allowPrivateNetworks');
      });
  }
}
