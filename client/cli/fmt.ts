import { format } from '../../grammar/format/format';
import { parseCommandArgs, UsageError } from './args';
import { refusedForSyntaxErrors } from './check';
import { forEachInput, readInput, rewriteInput } from './files';
import { EXIT, shownName, type CliIO, type ExitCode } from './io';

/**
 * `notify fmt FILE… [--check]`. A file with syntax errors is never rewritten
 * (its errors are printed and the exit code is 1), so formatting cannot lose text.
 */
export function runFmt(argv: readonly string[], io: CliIO): ExitCode {
  const args = parseCommandArgs(argv, { check: { type: 'boolean' } });
  if (args.positionals.length === 0) throw new UsageError('fmt needs at least one file or folder');
  const checkOnly = args.values.check === true;
  let failed = false;
  // A refused file (a link, a FIFO, one that may not be rewritten) is reported and the others are still formatted.
  const refused = forEachInput('fmt', args.positionals, io.cwd, io.err, (file) => {
    const text = readInput(file, io.cwd);
    const result = format(text);
    if (refusedForSyntaxErrors(file, text, result.diagnostics, 'formatted', io)) {
      failed = true;
      return;
    }
    if (!result.changed) return;
    if (checkOnly) {
      io.out(`${shownName(file)}: would be reformatted\n`);
      failed = true;
    } else {
      if (rewriteInput(file, io.cwd, result.text, text) === 'changed') {
        // Saved by someone else while it was formatted: their text stays; formatting it is a new run.
        io.err(`notify fmt: ${shownName(file)}: changed while it was being formatted; left as it is (run fmt again)\n`);
        failed = true;
        return;
      }
      io.out(`${shownName(file)}: formatted\n`);
    }
  });
  return refused ? EXIT.usage : failed ? EXIT.failed : EXIT.ok;
}
