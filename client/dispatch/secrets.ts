import { inspect } from 'node:util';
import { placeholderFor } from '../../grammar/values/value';
import { secretEnvVarName } from '../../grammar/functions/secretName';

/**
 * A secret value that is not a string: printing, interpolating, JSON or
 * `util.inspect` show only its placeholder (`‹secret:name›`). The value is
 * reachable only through `reveal()`, so every use of it is deliberate and
 * easy to find.
 */
export class Secret {
  readonly #value: string;

  constructor(readonly name: string, value: string, readonly source: 'secret' | 'env' = 'secret') {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get placeholder(): string {
    return placeholderFor(this.source, this.name);
  }

  toString(): string {
    return this.placeholder;
  }

  toJSON(): string {
    return this.placeholder;
  }

  [inspect.custom](): string {
    return this.placeholder;
  }
}

/** Where `$Secret(name)` values come from. */
export interface SecretSource {
  get(name: string): Promise<string | undefined>;
  /**
   * `get` without waiting, on sources that know every answer at once (the
   * environment): the dispatcher then resolves a delivery with no await per
   * secret. Must answer exactly as `get` does.
   */
  readonly getNow?: (name: string) => string | undefined;
}

export type EnvLike = Readonly<Record<string, string | undefined>>;

export { secretEnvVarName } from '../../grammar/functions/secretName';

/** Secrets from environment variables `NOTIFY_SECRET_<NAME>`. */
export function envSecretSource(env: EnvLike): SecretSource {
  // Each delivery looks its secrets up again: the variable name is worked out once per secret name.
  const variables = new Map<string, string>();
  const getNow = (name: string): string | undefined => {
    let variable = variables.get(name);
    if (variable === undefined) {
      if (variables.size >= 1024) variables.clear();
      variables.set(name, (variable = secretEnvVarName(name)));
    }
    const value = env[variable];
    return value === undefined || value === '' ? undefined : value;
  };
  return { get: async (name) => getNow(name), getNow };
}

/** The first source that knows the secret wins (the editor's storage first, then the environment). */
export function chainSecretSources(...sources: readonly SecretSource[]): SecretSource {
  const chain: SecretSource = {
    async get(name) {
      for (const source of sources) {
        const value = await source.get(name);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  };
  if (!sources.every((s) => s.getNow)) return chain;
  const getNow = (name: string): string | undefined => {
    for (const source of sources) {
      const value = source.getNow!(name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return { get: chain.get, getNow };
}

export function missingSecretMessage(name: string): string {
  return (
    `secret "${name}" is not set: set it with the command "Notify: Set Secret" in the editor, ` +
    `or in the environment variable ${secretEnvVarName(name)}`
  );
}
