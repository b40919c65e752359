import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { PLACEHOLDER_PATTERN } from '../../../grammar/values/value';
import { dispatch } from '../../dispatch/dispatcher';
import { smtpSettingsFromEnv } from '../../dispatch/email';
import { HistoryStore } from '../../dispatch/history';
import { formatAttemptLine, type DeliveryResult } from '../../dispatch/result';
import { chainSecretSources, envSecretSource, type SecretSource } from '../../dispatch/secrets';
import { storageSecretSource, SMTP_PASSWORD_KEY } from '../secrets/secretStore';
import { allowedEnv, allowPrivateNetworks, smtpFromSettings } from '../settings';
import { confirmationKey, describeTarget, missingSecretIn, refusedAsPrivate, resultLine, targetHost } from './sendPlan';

const CONFIRMED_KEY = 'notify.confirmedTargets';
const LAST_SEND_KEY = 'notify.lastSend';

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
  readonly history: HistoryStore;
  private readonly secrets: SecretSource;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {
    const dir = (context.storageUri ?? context.globalStorageUri).fsPath;
    this.history = new HistoryStore(join(dir, 'history.jsonl'), {
      legacyPath: join(dir, 'history.json'),
      onWarning: (m) => this.output.appendLine(`warning: ${m}`),
    });
    this.secrets = chainSecretSources(storageSecretSource(context.secrets), envSecretSource(process.env));
  }

  /** Called after each delivery (the history view refreshes). */
  onDidSend(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  lastSend(notifier: string): LastSend | undefined {
    return this.context.workspaceState.get<Record<string, LastSend>>(LAST_SEND_KEY, {})[notifier];
  }

  /** Sends each delivery in turn (after confirmation); returns the results of those sent. */
  async send(deliveries: readonly RenderedDelivery[], from: LastSend): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    for (const delivery of deliveries) {
      if (!(await this.confirm(delivery))) {
        this.output.appendLine(`[${delivery.notifier}/${delivery.channel}] not sent: cancelled`);
        continue;
      }
      const result = await this.sendOne(delivery);
      results.push(result);
      await this.rememberSource(delivery.notifier, from);
      for (const l of this.listeners) l();
      this.report(result);
    }
    return results;
  }

  private async sendOne(delivery: RenderedDelivery): Promise<DeliveryResult> {
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
          allowPrivate: allowPrivateNetworks(),
          // Only reached in trusted workspaces (the commands check first).
          allowEnv: vscode.workspace.isTrusted,
          allowedEnv: allowedEnv(),
          smtp,
          version,
          history: this.history,
          onAttempt: (info) => {
            const line = formatAttemptLine(info).replace(/^notify: /, '');
            this.output.appendLine(line);
            progress.report({ message: `attempt ${info.attempt}/${info.maxAttempts}: ${info.outcome}` });
          },
          onWarning: (m) => this.output.appendLine(`warning: ${m}`),
        }),
    );
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
    await this.context.workspaceState.update(CONFIRMED_KEY, [...confirmed, key]);
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
    let filled = url;
    for (const m of url.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, 'g'))) {
      const value = m[1] === 'secret' ? await this.secrets.get(m[2]!) : process.env[m[2]!];
      if (value === undefined) return undefined;
      filled = filled.replace(m[0], value);
    }
    try {
      return new URL(filled).host;
    } catch {
      return undefined;
    }
  }

  private async rememberSource(notifier: string, from: LastSend): Promise<void> {
    const all = this.context.workspaceState.get<Record<string, LastSend>>(LAST_SEND_KEY, {});
    await this.context.workspaceState.update(LAST_SEND_KEY, { ...all, [notifier]: from });
  }

  private report(result: DeliveryResult): void {
    this.output.appendLine(resultLine(result));
    if (result.reply) this.output.appendLine(`  reply: ${result.reply}`);
    if (result.ok) {
      const reply = result.reply ? ` — reply: ${result.reply.slice(0, 120)}` : '';
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
