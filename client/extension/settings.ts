import * as vscode from 'vscode';
import type { SmtpSettings } from '../dispatch/email';
import { Secret } from '../dispatch/secrets';
import { durationMs } from './outline';

/** Reads the `notify.*` settings the extension itself uses (the server reads its own). */
export function allowPrivateNetworks(): boolean {
  return vscode.workspace.getConfiguration('notify').get<boolean>('allowPrivateNetworks', false);
}

// In a module of its own: the language client reads it, and this module brings the grammar.
export { allowedEnv } from './allowedEnv';

export function previewAutoRefresh(): boolean {
  return vscode.workspace.getConfiguration('notify').get<boolean>('preview.autoRefresh', true);
}

/**
 * SMTP from the settings (the password from SecretStorage); null when no
 * host is set there, so the caller can fall back to the SMTP_* environment.
 */
export function smtpFromSettings(password: string | undefined): SmtpSettings | null {
  const config = vscode.workspace.getConfiguration('notify.smtp');
  const host = config.get<string>('host', '').trim();
  if (!host) return null;
  const port = config.get<number | null>('port', null);
  return {
    host,
    port: typeof port === 'number' && port > 0 ? port : undefined,
    user: config.get<string>('user', '') || undefined,
    from: config.get<string>('from', '') || undefined,
    secure: config.get<boolean>('secure', false),
    password: password ? new Secret('smtp-password', password) : undefined,
  };
}

/** `notify.defaultTimeout` in ms; undefined when unset or not a duration. */
export function defaultTimeoutMs(): number | undefined {
  const text = vscode.workspace.getConfiguration('notify').get<string>('defaultTimeout', '');
  return text ? durationMs(text) : undefined;
}
