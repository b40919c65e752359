/** `slack-secops` → `NOTIFY_SECRET_SLACK_SECOPS` (upper case, other characters as `_`): the environment variable a `$Secret` name reads. */
export function secretEnvVarName(name: string): string {
  return 'NOTIFY_SECRET_' + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
