/**
 * The parts of VS Code's `WorkspaceConfiguration.inspect()` a user-only
 * setting reads (kept free of `vscode` so the rule is tested on its own).
 */
export interface ScopedValues<T> {
  readonly defaultValue?: T;
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/**
 * The value of a setting that only the user may set: user settings (local or,
 * in a remote window, the remote machine's), else the default. A value in a
 * workspace's or folder's settings is ignored, trusted workspace or not:
 * these settings decide where a secret goes (the SMTP server and login, which
 * the stored SMTP password is sent to) or what a file may read (`allowedEnv`),
 * and `.vscode/settings.json` comes with the repository — the very party they
 * guard against. `ignored` says a workspace value differs from what is used,
 * so the user can be told why it has no effect.
 */
export function userValue<T>(values: ScopedValues<T> | undefined, fallback: T): { readonly value: T; readonly ignored: boolean } {
  const value = values?.globalValue ?? values?.defaultValue ?? fallback;
  const differs = (v: T | undefined) => v !== undefined && JSON.stringify(v) !== JSON.stringify(value);
  return { value, ignored: differs(values?.workspaceValue) || differs(values?.workspaceFolderValue) };
}

/** The settings read with `userValue`, by full name (package.json declares them `"scope": "machine"`). */
export const USER_ONLY_SETTINGS: readonly string[] = ['notify.allowedEnv', 'notify.smtp.host', 'notify.smtp.port', 'notify.smtp.user', 'notify.smtp.secure'];
