import { basename, resolve } from 'node:path';
import { replaceRegularFile } from '../../host/replaceFile';
import { testCases } from '../snapshots/cases';
import { junitXml, type JunitCase, type JunitSuite } from '../snapshots/junit';
import { compareCases } from '../snapshots/compare';
import { snapshotPathFor, snapshotText } from '../snapshots/snapshot';
import { readSnapshotFile, writeSnapshotFile } from '../snapshots/snapshotFile';
import { ALLOW_ENV_OPTION, allowedEnvOption, parseCommandArgs, stringOption, UsageError } from './args';
import { analyzeFile, diagnosticLine } from './check';
import { emptyPath, forEachInput, UnreadableInput } from './files';
import { EXIT, shownName, type CliIO, type ExitCode } from './io';


/** The results of one `.notify` file: its test cases and whether its snapshot was rewritten. */
interface FileResult {
  readonly suite: JunitSuite;
  readonly wrote: boolean;
}

function testFile(file: string, io: CliIO, update: boolean, allowedEnv: readonly string[]): FileResult {
  const { analysis, diagnostics } = analyzeFile(file, io, allowedEnv);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    // What a file with errors sends is not knowable; it fails as one case.
    return { suite: { name: file, cases: [{ name: 'check', failures: errors.map(diagnosticLine) }] }, wrote: false };
  }
  const cases = testCases(analysis);
  const snapPath = resolve(io.cwd, snapshotPathFor(file));
  const rendered = snapshotText(basename(file), cases);
  const read = readSnapshotFile(snapPath);
  if ('error' in read) throw new UnreadableInput(`${snapshotPathFor(file)}: ${read.error}`);
  const old = read.text;
  let wrote = false;
  if (update && old?.replace(/\r\n?/g, '\n') !== rendered) {
    const refused = writeSnapshotFile(snapPath, rendered);
    if (refused) throw new UnreadableInput(`${snapshotPathFor(file)}: ${refused.error}`);
    wrote = true;
  }
  const results: JunitCase[] = compareCases(cases, old, snapshotPathFor(file), update);
  return { suite: { name: file, cases: results }, wrote };
}

/** `notify test PATH… [--update] [--junit FILE]` (spec section 10.3). */
export function runTest(argv: readonly string[], io: CliIO): ExitCode {
  const args = parseCommandArgs(argv, { update: { type: 'boolean' }, junit: { type: 'string' }, ...ALLOW_ENV_OPTION });
  if (args.positionals.length === 0) throw new UsageError('test needs at least one file or folder');
  // As for check and render: a file that reads `$Env("NAME")` can be tested where NAME is allowed.
  const allowedEnv = allowedEnvOption(args);
  const update = args.values.update === true;
  const junit = stringOption(args, 'junit');
  const suites: JunitSuite[] = [];
  let passed = 0;
  let failed = 0;
  // A refused file or snapshot (a link, a FIFO) is reported with its reason and the other files are still tested.
  const refused = forEachInput('test', args.positionals, io.cwd, io.err, (file) => {
    const { suite, wrote } = testFile(file, io, update, allowedEnv);
    suites.push(suite);
    if (wrote) io.out(`wrote ${shownName(snapshotPathFor(file))}\n`);
    for (const c of suite.cases) {
      if (c.failures.length === 0) {
        passed++;
        io.out(`ok   ${shownName(file)}: ${c.name}\n`);
      } else {
        failed++;
        io.out(`FAIL ${shownName(file)}: ${c.name}\n`);
        for (const f of c.failures) io.out(f.replace(/^/gm, '    ') + '\n');
      }
    }
  });
  io.out(`${passed} passed, ${failed} failed${refused ? `, ${refused} refused` : ''}\n`);
  if (junit !== undefined) {
    // The report may be asked for at a path the repository holds: the same rule as a snapshot's.
    if (junit === '') throw emptyPath();
    const refused = replaceRegularFile(resolve(io.cwd, junit), junitXml(suites));
    if (refused) throw new UnreadableInput(`${junit}: ${refused.error}`);
  }
  return refused ? EXIT.usage : failed ? EXIT.failed : EXIT.ok;
}
