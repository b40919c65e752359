import type * as vscode from 'vscode';
import type { SecretSource } from '../../dispatch/secrets';

/**
 * `$Secret(name)` values in VS Code's SecretStorage (the OS keychain),
 * under `notify.secret.<name>`; the SMTP password under `notify.smtp.password`.
 */
export const SMTP_PASSWORD_KEY = 'notify.smtp.password';

/** The name "Set Secret" offers for the SMTP password (the settings point users to it). */
export const SMTP_PASSWORD_NAME = 'smtp-password';

export function secretKey(name: string): string {
  return `notify.secret.${name}`;
}

/** Where a name picked in "Set Secret" is stored: the SMTP password has its own key. */
export function storageKeyFor(name: string): string {
  return name === SMTP_PASSWORD_NAME ? SMTP_PASSWORD_KEY : secretKey(name);
}

export function storageSecretSource(storage: vscode.SecretStorage): SecretSource {
  return {
    async get(name) {
      const value = await storage.get(secretKey(name));
      return value === undefined || value === '' ? undefined : value;
    },
  };
}
