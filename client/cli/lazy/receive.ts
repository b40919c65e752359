// `notify receive`, bundled apart as dist/cli-receive.js (build.mjs): an HTTP server `check` does not need.
import { withFailures } from '../failures';
import type { CliIO, ExitCode } from '../io';
import { runReceive } from '../receive';

export const run = (argv: readonly string[], io: CliIO): Promise<ExitCode> => withFailures('receive', io, () => runReceive(argv, io));
