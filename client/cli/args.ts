import { shownName } from './io';
import { parseArgs } from 'node:util';

/** A command-line mistake: printed with the usage hint, exit code 2. */
/** A usage error's message is one line: a path or value in it keeps its line breaks out of the output (io.ts `shownName`). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(shownName(message));
  }
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
}

/** Strict parsing: unknown flags and missing values are usage errors, not guesses. */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (e) {
    throw new UsageError(flagError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')));
  }
}

/** node:util's messages for an unknown flag and a value that starts with "-" (three lines, one quote unclosed) as one line. */
function flagError(message: string): string {
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) return `unknown flag ${unknown[1]} (a path that starts with "-" goes after "--")`;
  const ambiguous = /^Option '([^']*)' argument is ambiguous/.exec(message);
  if (ambiguous) return `${ambiguous[1]} needs a value (one that starts with "-" is written ${ambiguous[1]}=-…)`;
  return message;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--allow-env NAME` (repeatable, or comma-separated): variables `$Env` may read besides NOTIFY_ENV_*. */
export const ALLOW_ENV_OPTION: OptionSpec = { 'allow-env': { type: 'string', multiple: true } };

export function allowedEnvOption(args: ParsedArgs): string[] {
  const v = args.values['allow-env'];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  const names = list.flatMap((s) => s.split(',')).map((s) => s.trim());
  // `--allow-env ""` (an unset shell variable) or `A,,B`: a mistake, not "allow nothing more".
  if (names.includes('')) throw new UsageError('--allow-env: an empty name (give variable names, separated by commas)');
  for (const n of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new UsageError(`--allow-env: "${n}" is not an environment variable name`);
  return names;
}

export function formatOption(args: ParsedArgs): 'text' | 'json' {
  const f = stringOption(args, 'format') ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be "text" or "json", not "${f}"`);
  return f;
}
