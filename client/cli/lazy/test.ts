// `notify test`, bundled apart as dist/cli-test.js (build.mjs): the services' payload rules
// (Adaptive Cards' own parser among them) and the snapshot diff `check` does not need.
import { withFailures } from '../failures';
import type { CliIO, ExitCode } from '../io';
import { runTest } from '../test';

export const run = (argv: readonly string[], io: CliIO): Promise<ExitCode> => withFailures('test', io, () => runTest(argv, io));
