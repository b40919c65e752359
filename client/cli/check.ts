import { analyze, type Analysis } from '../../grammar/analyze';
import { applyTextEdits } from '../../grammar/convert';
import { fixAll } from '../../grammar/fixAll';
import type { Diagnostic } from '../../grammar/diagnostics';
import { LineMap } from '../../grammar/syntax/lineMap';
import { worthCaching } from '../../host/codeCache';
import { parseCommandArgs, stringOption, UsageError, ALLOW_ENV_OPTION, allowedEnvOption } from './args';
import { githubAnnotation, sarifLog } from './ciFormats';
import { collectNotifyFiles, fileImportHost, readInput, rewriteInput, UnreadableInput } from './files';
import { EXIT, shownName, type CliIO, type ExitCode } from './io';

/** One diagnostic as `notify check --format json` prints it (1-based lines and columns). */
export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export function toCliDiagnostic(file: string, lines: LineMap, d: Diagnostic): CliDiagnostic {
  const start = lines.position(d.span.start);
  const end = lines.position(d.span.end);
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: d.severity,
    code: d.code,
    // One diagnostic, one line: the text format is line-oriented.
    message: d.message.replace(/\s*\r?\n\s*/g, ' '),
  };
}

/**
 * For commands that rewrite files (`fmt`, `convert`): a file with syntax errors is
 * left as it is; its errors are printed and the command says it did not `verb` it.
 * True when the file was refused.
 */
export function refusedForSyntaxErrors(file: string, text: string, diagnostics: readonly Diagnostic[], verb: string, io: CliIO): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return false;
  const lines = new LineMap(text);
  for (const d of errors) io.err(diagnosticLine(toCliDiagnostic(file, lines, d)) + '\n');
  io.err(`notify: ${shownName(file)} not ${verb}: fix the syntax errors first\n`);
  return true;
}

export function diagnosticLine(d: CliDiagnostic): string {
  return `${shownName(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

/** Analyzes one file as the CLI sees it (imports relative to the file). */
export function analyzeFile(file: string, io: CliIO, allowedEnv: readonly string[] = []) {
  const text = readInput(file, io.cwd);
  const analysis = analyze(text, fileImportHost(file, io.cwd), { allowedEnv });
  return { analysis, diagnostics: cliDiagnostics(file, text, analysis) };
}

/** `analysis` (of `text`) as the CLI prints its diagnostics. */
function cliDiagnostics(file: string, text: string, analysis: Analysis): CliDiagnostic[] {
  // The parser and the checker have run: dist/cli.js may cache their compiled code at exit (./launcher.ts).
  worthCaching();
  const found = analysis.diagnostics;
  // The line table of a 10 MB file costs more than a clean check's printing: built only when something is printed.
  const lines = found.length > 0 ? new LineMap(text) : undefined;
  return lines ? found.map((d) => toCliDiagnostic(file, lines, d)) : [];
}

const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'];
/** Rounds of `--fix`: a fix may leave a problem another fix then finds (or one an overlap held back). */
const FIX_ROUNDS = 10;

/**
 * `check --fix` on one file: the editor's "fix all" (each diagnostic's
 * preferred fix, no two overlapping), again on the result until nothing is
 * left to fix; the file is replaced when it changed. The number of fixes
 * applied, or 'changed' when the file was saved meanwhile (left as it is);
 * `checked`, the diagnostics of the text the file now holds, when that is
 * the text last analyzed here (not when the file changed meanwhile or may
 * not be rewritten: it is then checked as it is).
 */
function fixFile(file: string, io: CliIO, allowedEnv: readonly string[], refused: (message: string) => void): { fixed: number | 'changed'; checked?: CliDiagnostic[] } {
  const original = readInput(file, io.cwd);
  const host = fileImportHost(file, io.cwd);
  let text = original;
  let analysis = analyze(text, host, { allowedEnv });
  let fixed = 0;
  // Fixes write `\n`; a CRLF file (its first line ends so) keeps CRLF in the lines they add.
  const crlf = /^[^\n]*\r\n/.test(original);
  for (let round = 0; round < FIX_ROUNDS; round++) {
    const fixes = fixAll(analysis.diagnostics);
    if (fixes.length === 0) break;
    const edits = fixes.flatMap((f) => f.edits);
    text = applyTextEdits(text, crlf ? edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : edits);
    fixed += fixes.length;
    analysis = analyze(text, host, { allowedEnv });
  }
  if (text === original) return { fixed: 0, checked: cliDiagnostics(file, text, analysis) };
  try {
    if (rewriteInput(file, io.cwd, text, original) === 'changed') return { fixed: 'changed' };
  } catch (e) {
    // may not be rewritten (a link, …): said once, and the file is still checked as it is
    if (!(e instanceof UnreadableInput)) throw e;
    refused(e.message);
    return { fixed: 0 };
  }
  return { fixed, checked: cliDiagnostics(file, text, analysis) };
}

export function runCheck(argv: readonly string[], io: CliIO): ExitCode {
  const args = parseCommandArgs(argv, { format: { type: 'string' }, fix: { type: 'boolean' }, ...ALLOW_ENV_OPTION });
  const format = stringOption(args, 'format') ?? 'text';
  if (!CHECK_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(', ')}, not "${format}"`);
  const allowedEnv = allowedEnvOption(args);
  if (args.positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  // An unreadable path does not hide the diagnostics of the readable ones: both are reported, exit 2.
  const unreadable: string[] = [];
  const readable = <T>(fn: () => T[]): T[] => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof UnreadableInput)) throw e;
      unreadable.push(e.message);
      return [];
    }
  };
  const seen = new Set<string>();
  const files = args.positionals.flatMap((p) => readable(() => collectNotifyFiles([p], io.cwd, (e) => unreadable.push(e.message), seen)));
  // A CI job pointed at the wrong folder must not pass by checking nothing.
  if (files.length === 0 && unreadable.length === 0) throw new UsageError(`no .notify files found in ${args.positionals.join(', ')}`);
  const all: CliDiagnostic[] = [];
  let changedMeanwhile = false;
  for (const file of files) {
    if (args.values.fix === true) {
      const result = readable(() => [fixFile(file, io, allowedEnv, (m) => unreadable.push(m))])[0];
      // unreadable: said once, not checked again
      if (result === undefined) continue;
      const { fixed, checked } = result;
      if (fixed === 'changed') {
        // Saved by someone else while it was fixed: their text stays, and is what is checked.
        io.err(`notify check: ${shownName(file)}: changed while it was being fixed; left as it is (run check --fix again)\n`);
        changedMeanwhile = true;
      } else if (fixed > 0) io.err(`${shownName(file)}: fixed ${fixed} problem${fixed === 1 ? '' : 's'}\n`);
      // the fixed text was analyzed last: not read and analyzed again
      if (checked) {
        all.push(...checked);
        continue;
      }
    }
    all.push(...readable(() => analyzeFile(file, io, allowedEnv).diagnostics));
  }
  if (format === 'json') io.out(JSON.stringify(all, null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(sarifLog(all), null, 2) + '\n');
  else if (format === 'github') for (const d of all) io.out(githubAnnotation(d) + '\n');
  else for (const d of all) io.out(diagnosticLine(d) + '\n');
  for (const m of unreadable) io.err(`notify check: ${m}\n`);
  if (unreadable.length) return EXIT.usage;
  return changedMeanwhile || all.some((d) => d.severity === 'error') ? EXIT.failed : EXIT.ok;
}
