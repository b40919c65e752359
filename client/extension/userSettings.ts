import * as vscode from 'vscode';
import { userValue } from './userScope';

/** Settings whose workspace value was reported as ignored in this session (once each). */
const reported = new Set<string>();

/**
 * A setting only the user may set (./userScope.ts): a workspace's value is
 * ignored, and the user is told once per session that it was.
 */
export function userSetting<T>(section: string, key: string, fallback: T): T {
  const { value, ignored } = userValue(vscode.workspace.getConfiguration(section).inspect<T>(key), fallback);
  const name = `${section}.${key}`;
  if (ignored && !reported.has(name)) {
    reported.add(name);
    void vscode.window.showWarningMessage(
      `Notify ignores "${name}" in this workspace's settings: it decides where your secrets go or what a .notify file may read, so only your user settings set it (Preferences: Open User Settings).`,
    );
  }
  return value;
}

/** `notify.allowedEnv`: variables `$Env` may read besides NOTIFY_ENV_* (the user's settings only). */
export function allowedEnv(): string[] {
  const v = userSetting<unknown>('notify', 'allowedEnv', []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
