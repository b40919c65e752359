import { BIDI_CONTROLS } from '../../grammar/syntax/controls';

/** Where a command writes; the tests pass their own to read what was printed. */
export interface CliIO {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(visible(t)),
    err: (t) => process.stderr.write(visible(t)),
  };
}

/**
 * A name printed inside one line of output — a file name above all, which a
 * repository chooses: its line breaks are shown as `\u000a` and `\u000d`
 * (the rest of its control characters `visible` shows), so a file named
 * `x\nother.notify:1:1: error …` or `x\nok   …` cannot print a line of its own,
 * and one named `::warning::x.notify` cannot start a line with a workflow command
 * (LANGUAGE.md 10, "Control characters in output").
 */
export function shownName(text: string): string {
  const oneLine = text.replace(/[\n\r]/g, (c) => (c === '\n' ? '\\u000a' : '\\u000d'));
  // A line that starts with `::` is a GitHub Actions workflow command (`::error …::`, `::stop-commands::…`,
  // `::add-mask::…`) wherever it is printed: a relative name that starts so is shown as `./::…`, the same file.
  return oneLine.startsWith('::') ? `./${oneLine}` : oneLine;
}

/**
 * A writer of one-line records (`send`'s and `render`'s stderr: progress, `not sent`, notes, warnings):
 * a record's own line breaks — from a notifier name (`"a`n::error::x"`), a value, a reply — are shown as
 * `\u000a` and `\u000d`; only the line feed that ends it ends a line.
 */
export function oneLineEach(write: (text: string) => void): (text: string) => void {
  return (text) => {
    const end = text.endsWith('\n') ? '\n' : '';
    write((end ? text.slice(0, -1) : text).replace(/[\n\r]/g, (c) => (c === '\n' ? '\\u000a' : '\\u000d')) + end);
  };
}

/**
 * Control characters from a file, an event or a remote sender must not
 * reach a terminal raw (an escape sequence can retitle it, clear it or
 * rewrite what was printed before; a bidi control reorders a line), so all
 * the CLI writes passes here (LANGUAGE.md 10). `\\uXXXX` is also JSON's own
 * escape, and JSON has such characters only inside strings, so JSON output
 * keeps its meaning.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * C0 but tab and line feed, DEL, C1, and the bidi controls; a carriage
 * return only when it is not the first half of a CRLF line end (a lone one
 * moves back over the line; a CRLF file's lines, as in `convert`'s patch, stay
 * as they are).
 */
const CONTROL = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]|\\r(?!\\n)`, 'g');
