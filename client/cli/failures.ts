import { UsageError } from './args';
import { UnreadableInput } from './files';
import { EXIT, type CliIO, type ExitCode } from './io';
import { RenderFailed } from './render';
import { ResolveError } from '../dispatch/resolve';
import { GuardError } from '../dispatch/guard';

/**
 * What a command's failure prints and exits with. It runs inside whichever
 * bundle threw (dist/cli.js, or a command bundled apart: see lazy/), so the
 * `instanceof` tests compare against that bundle's own error classes.
 */
export function reportFailure(name: string, e: unknown, io: CliIO): ExitCode {
  if (e instanceof UsageError) {
    io.err(`notify ${name}: ${e.message}\nRun "notify --help" for usage.\n`);
    return EXIT.usage;
  }
  if (e instanceof UnreadableInput) {
    io.err(`notify ${name}: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof RenderFailed) {
    io.err(e.messages.join('\n') + '\n');
    return EXIT.failed;
  }
  // A secret or `$Env` that is not set, or a refused destination, is the
  // user's to fix: one line, never a stack trace.
  if (e instanceof ResolveError || e instanceof GuardError) {
    io.err(`notify ${name}: ${e.message.split('\n')[0]}\n`);
    return EXIT.failed;
  }
  io.err(`notify ${name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return EXIT.failed;
}

/** `run` with its failures reported as `reportFailure` says. */
export async function withFailures(name: string, io: CliIO, run: () => ExitCode | Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await run();
  } catch (e) {
    return reportFailure(name, e, io);
  }
}
