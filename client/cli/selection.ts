import { FIXTURE_KINDS, isFixtureKind, type FixtureKind } from '../../grammar/render/fixtures';
import { ALLOW_ENV_OPTION, allowedEnvOption, parseCommandArgs, stringOption, UsageError, type OptionSpec, type ParsedArgs } from './args';

/** The options `render` and `send` share (spec section 10). */
export const SELECTION_OPTIONS: OptionSpec = {
  notifier: { type: 'string' },
  sample: { type: 'string' },
  event: { type: 'string' },
  'event-file': { type: 'string' },
  fixture: { type: 'string' },
  ...ALLOW_ENV_OPTION,
};

export interface Selection {
  notifier?: string;
  sample?: string;
  event?: string;
  /** `--event-file`: a captured event's values (spec section 10.4). */
  eventFile?: string;
  /** `--fixture`: edge-case values made from the catalog (spec section 10.6). */
  fixture?: FixtureKind;
}

/** What a command may read with `$Env`: the `--allow-env` names (NOTIFY_ENV_* always). */
export interface EnvAllowance {
  readonly allowedEnv: readonly string[];
}

export function parseSelection(argv: readonly string[], extra: OptionSpec): { file: string; selection: Selection; args: ParsedArgs; env: EnvAllowance } {
  const args = parseCommandArgs(argv, { ...SELECTION_OPTIONS, ...extra });
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'a FILE is required' : `one FILE expected, got ${args.positionals.length}`);
  }
  const selection: Selection = {
    notifier: stringOption(args, 'notifier'),
    sample: stringOption(args, 'sample'),
    event: stringOption(args, 'event'),
    eventFile: stringOption(args, 'event-file'),
  };
  const fixture = stringOption(args, 'fixture');
  if (fixture !== undefined) {
    if (!isFixtureKind(fixture)) throw new UsageError(`--fixture must be one of ${FIXTURE_KINDS.join(', ')}, not "${fixture}"`);
    selection.fixture = fixture;
  }
  if (selection.sample !== undefined && selection.event !== undefined) {
    throw new UsageError('--sample and --event cannot be used together');
  }
  if (selection.sample !== undefined && selection.eventFile !== undefined) {
    throw new UsageError('--sample and --event-file cannot be used together');
  }
  if (selection.fixture !== undefined && (selection.sample !== undefined || selection.eventFile !== undefined)) {
    throw new UsageError(`--fixture cannot be used with ${selection.sample !== undefined ? '--sample' : '--event-file'}`);
  }
  return { file: args.positionals[0]!, selection, args, env: { allowedEnv: allowedEnvOption(args) } };
}
