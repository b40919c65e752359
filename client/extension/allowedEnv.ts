import * as vscode from 'vscode';

/** `notify.allowedEnv`: variables `$Env` may read besides NOTIFY_ENV_* (a restricted setting: not from an untrusted workspace). */
export function allowedEnv(): string[] {
  const v = vscode.workspace.getConfiguration('notify').get<unknown>('allowedEnv', []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
