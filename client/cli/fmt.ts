import { format } from '../../grammar/format/format';
import { parseCommandArgs, UsageError } from './args';
import { refusedForSyntaxErrors } from './check';
import { collectNotifyFiles, readInput, rewriteInput } from './files';
import { EXIT, type CliIO, type ExitCode } from './io';

/**
 * `notify fmt FILE… [--check]`. A file with syntax errors is never rewritten
 * (its errors are printed and the exit code is 1), so formatting cannot lose text.
 */
export function runFmt(argv: readonly string[], io: CliIO): ExitCode {
  const args = parseCommandArgs(argv, { check: { type: 'boolean' } });
  if (args.positionals.length === 0) throw new UsageError('fmt needs at least one file or folder');
  const checkOnly = args.values.check === true;
  const files = collectNotifyFiles(args.positionals, io.cwd);
  let failed = false;
  for (const file of files) {
    const text = readInput(file, io.cwd);
    const result = format(text);
    if (refusedForSyntaxErrors(file, text, result.diagnostics, 'formatted', io)) {
      failed = true;
      continue;
    }
    if (!result.changed) continue;
    if (checkOnly) {
      io.out(`${file}: would be reformatted\n`);
      failed = true;
    } else {
      rewriteInput(file, io.cwd, result.text);
      io.out(`${file}: formatted\n`);
    }
  }
  return failed ? EXIT.failed : EXIT.ok;
}
