import * as vscode from 'vscode';
import type { SmtpSettings } from '../dispatch/email';
import { Secret } from '../dispatch/secrets';
import { durationMs } from './outline';
import { userSetting } from './userSettings';

/** Reads the `notify.*` settings the extension itself uses (the server reads its own). */
export function allowPrivateNetworks(): boolean {
  return vscode.workspace.getConfiguration('notify').get<boolean>('allowPrivateNetworks', false);
}

// In a module of its own: the language client reads it, and this module brings the grammar.
export { allowedEnv } from './userSettings';

export function previewAutoRefresh(): boolean {
  return vscode.workspace.getConfiguration('notify').get<boolean>('preview.autoRefresh', true);
}

/**
 * SMTP from the settings (the password from SecretStorage); null when no
 * host is set there, so the caller can fall back to the SMTP_* environment.
 */
export function smtpFromSettings(password: string | undefined): SmtpSettings | null {
  // Where the stored password goes: the user's settings only (./userScope.ts); `from` may be the workspace's.
  const host = userSetting<string>('notify.smtp', 'host', '').trim();
  if (!host) return null;
  const port = userSetting<number | null>('notify.smtp', 'port', null);
  return {
    host,
    port: typeof port === 'number' && port > 0 ? port : undefined,
    user: userSetting<string>('notify.smtp', 'user', '') || undefined,
    from: vscode.workspace.getConfiguration('notify.smtp').get<string>('from', '') || undefined,
    secure: userSetting<boolean>('notify.smtp', 'secure', false) === true,
    password: password ? new Secret('smtp-password', password) : undefined,
  };
}

/** `notify.defaultTimeout` in ms; undefined when unset or not a duration. */
export function defaultTimeoutMs(): number | undefined {
  const text = vscode.workspace.getConfiguration('notify').get<string>('defaultTimeout', '');
  return text ? durationMs(text) : undefined;
}
