import { createTwoFilesPatch } from 'diff';
import { CONVERTERS } from '../../grammar/channels/registry';
import { applyTextEdits, conversions } from '../../grammar/convert';
import { parse } from '../../grammar/syntax';
import { parseCommandArgs, UsageError } from './args';
import { refusedForSyntaxErrors } from './check';
import { forEachInput, readInput, rewriteInput } from './files';
import { EXIT, shownName, type CliIO, type ExitCode } from './io';

/**
 * `notify convert FILE… [--write] [--only ID]…` (docs/LANGUAGE.md section 10):
 * the channels' converters, the same functions the quick fixes run. A file
 * with syntax errors is left as it is, like `fmt` leaves it.
 */
export function runConvert(argv: readonly string[], io: CliIO): ExitCode {
  const args = parseCommandArgs(argv, { write: { type: 'boolean' }, only: { type: 'string', multiple: true } });
  if (args.positionals.length === 0) throw new UsageError('convert needs at least one file or folder');
  const write = args.values.write === true;
  const known = CONVERTERS.map((c) => c.id);
  const onlyValues = args.values.only;
  const onlyList = (Array.isArray(onlyValues) ? onlyValues : typeof onlyValues === 'string' ? [onlyValues] : []).flatMap((v) => String(v).split(',').map((id) => id.trim()));
  for (const id of onlyList) {
    if (!known.includes(id)) throw new UsageError(`--only: unknown converter "${id}"; the converters are ${known.join(', ')}`);
  }
  const only = onlyList.length ? new Set(onlyList) : undefined;
  let failed = false;
  // A refused file (a link, a FIFO, one that may not be rewritten) is reported and the others are still converted.
  const refused = forEachInput('convert', args.positionals, io.cwd, io.err, (file) => {
    const text = readInput(file, io.cwd);
    const parsed = parse(text);
    if (refusedForSyntaxErrors(file, text, parsed.diagnostics, 'converted', io)) {
      failed = true;
      return;
    }
    const found = conversions(parsed.file, text, only);
    if (found.length === 0) return;
    const converted = applyTextEdits(text, found.flatMap((c) => c.edits));
    if (parse(converted).diagnostics.some((d) => d.severity === 'error')) {
      // A converter's bug must not cost the user a file that parsed.
      io.err(`notify convert: ${shownName(file)}: not converted: the conversion (${[...new Set(found.map((c) => c.converter.id))].join(', ')}) would not parse; please report it\n`);
      failed = true;
      return;
    }
    if (write) {
      if (rewriteInput(file, io.cwd, converted, text) === 'changed') {
        io.err(`notify convert: ${shownName(file)}: changed while it was being converted; left as it is (run convert again)\n`);
        failed = true;
        return;
      }
      const counts = new Map<string, number>();
      for (const c of found) counts.set(c.converter.id, (counts.get(c.converter.id) ?? 0) + 1);
      io.out(`converted ${shownName(file)} (${[...counts].map(([id, n]) => `${id} ×${n}`).join(', ')})\n`);
    } else {
      // Myers' diff costs lines × changed lines: past MAX_DIFF_EDITS, one hunk that replaces the whole file.
      const patch = createTwoFilesPatch(shownName(file), shownName(file), text, converted, '', '', { context: 3, maxEditLength: MAX_DIFF_EDITS }) ?? wholeFilePatch(shownName(file), text, converted);
      // Drop the "====" preamble; keep ---/+++ and the hunks, as `diff -u` prints them.
      io.out(patch.slice(patch.indexOf('--- ')).replace(/^(---|\+\+\+) (.*)\t$/gm, '$1 $2'));
    }
  });
  return refused ? EXIT.usage : failed ? EXIT.failed : EXIT.ok;
}

/** The most lines `convert`'s patch adds and removes before it is one hunk replacing the whole file. */
export const MAX_DIFF_EDITS = 5000;

/** A unified diff of one hunk: every line of `before` removed, every line of `after` added (what `patch` applies as well). */
export function wholeFilePatch(name: string, before: string, after: string): string {
  const side = (text: string, mark: string) => {
    if (text === '') return { count: 0, lines: [] as string[] };
    const lines = text.split('\n');
    const ended = lines[lines.length - 1] === '';
    if (ended) lines.pop();
    const out = lines.map((l) => mark + l);
    if (!ended) out.push('\\ No newline at end of file');
    return { count: lines.length, lines: out };
  };
  const a = side(before, '-');
  const b = side(after, '+');
  const range = (count: number) => `${count === 0 ? 0 : 1},${count}`;
  return [`--- ${name}`, `+++ ${name}`, `@@ -${range(a.count)} +${range(b.count)} @@`, ...a.lines, ...b.lines, ''].join('\n');
}
