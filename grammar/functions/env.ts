/**
 * Which environment variables `$Env(NAME)` may read (LANGUAGE.md, section 5):
 * those whose name starts with `NOTIFY_ENV_`, and those the user allows by
 * name (`notify check|render|send --allow-env NAME`, the editor setting
 * `notify.allowedEnv`). Everything else — `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`,
 * `HOME` — is refused: a file from a pull request must not be able to send
 * the CI runner's environment. Names are compared exactly (case matters).
 */
export const ENV_PREFIX = 'NOTIFY_ENV_';

export function isEnvAllowed(name: string, allowed: readonly string[] = []): boolean {
  return (name.startsWith(ENV_PREFIX) && name.length > ENV_PREFIX.length) || allowed.includes(name);
}

export function envNotAllowedMessage(name: string): string {
  return (
    `$Env("${name}") is not allowed: only variables named ${ENV_PREFIX}… can be read, or those allowed by name ` +
    `(notify --allow-env ${name || 'NAME'}, or the editor setting notify.allowedEnv)`
  );
}
