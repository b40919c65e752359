// `notify send`, bundled apart as dist/cli-send.js (build.mjs): the dispatcher,
// undici and nodemailer are most of the CLI's code and `check` needs none of it.
import { withFailures } from '../failures';
import type { CliIO, ExitCode } from '../io';
import { runSendCommand } from '../sendCommand';

export const run = (argv: readonly string[], io: CliIO): Promise<ExitCode> => withFailures('send', io, () => runSendCommand(argv, io));
