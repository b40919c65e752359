import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { format } from '../../../grammar/format/format';
import { applyEdits, formatRange } from '../../../grammar/format/range';
import { parse } from '../../../grammar/syntax/parser';
import { seedCorpus, ROOT } from '../../robustness/fuzz';
import { generatedFile, messUp } from '../../support/notifyGen';

/** The formatter's and the syntax tests' fixture files. */
function fixtures(): { name: string; text: string }[] {
  return ['test/grammar/format/fixtures', 'test/grammar/syntax/fixtures', 'test/robustness/fixtures/regressions'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((n) => n.endsWith('.notify') && !n.startsWith('format-deep'))
      .map((n) => ({ name: `${dir}/${n}`, text: readFileSync(join(ROOT, dir, n), 'utf8') })),
  );
}

const parses = (text: string) => !parse(text).diagnostics.some((d) => d.severity === 'error');

/** The three promises of range formatting, for one text and one selection. */
function assertRangeFormat(text: string, start: number, end: number): number {
  const edits = formatRange(text, { start, end });
  const context = () => `${JSON.stringify(text)}\nselection ${start}-${end}\nedits ${JSON.stringify(edits)}`;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  sorted.forEach((e, i) => {
    assert.ok(e.start >= start && e.end <= end && e.start <= e.end, `edit outside the selection\n${context()}`);
    if (i > 0) assert.ok(sorted[i - 1]!.end <= e.start, `overlapping edits\n${context()}`);
  });
  const result = applyEdits(text, edits);
  if (parses(text)) assert.ok(parses(result), `the result no longer parses\n${context()}\n${JSON.stringify(result)}`);
  assert.equal(format(result).text, format(text).text, `formatting after a range format differs\n${context()}`);
  return edits.length;
}

const selection = (text: string) =>
  fc.tuple(fc.nat(text.length), fc.nat(text.length)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));

/** A selection of whole lines, as an editor sends for "Format Selection" on full lines. */
function lineRange(text: string, first: number, last: number): { start: number; end: number } {
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < first; i++) start += lines[i]!.length + 1;
  let end = start;
  for (let i = first; i <= last; i++) end += lines[i]!.length + (i < last ? 1 : 0);
  return { start, end };
}

describe('range formatting', () => {
  it('formats a blank line without touching the block after it (issue 15)', () => {
    const text = [
      'import "events/deploy.json";',
      '',
      'notifier "a" {',
      '    on package.added;',
      '',
      '',
      '      webhook {',
      '   url = "https://example.com/h";',
      '        body = "x";',
      '    }',
      '}',
      '',
      'notifier "b" {',
      '    on package.deleted;',
      '    slack { url = $Secret("s"); }',
      '}',
      '',
    ].join('\n');
    for (let line = 0; line < 16; line++) assertRangeFormat(text, lineRange(text, line, line).start, lineRange(text, line, line).end);
    const r = lineRange(text, 4, 4);
    assert.deepEqual(formatRange(text, r), [], 'a blank line alone has nothing inside it to format');
  });

  it('re-indents a selected mis-indented `on` line', () => {
    const text = 'notifier "a" {\n  on package.added;\n    slack { url = $Secret("s"); }\n}\n';
    const r = lineRange(text, 1, 1);
    const edits = formatRange(text, r);
    assert.ok(edits.length > 0);
    assert.equal(applyEdits(text, edits), 'notifier "a" {\n    on package.added;\n    slack { url = $Secret("s"); }\n}\n');
    assert.equal(applyEdits(text, formatRange(text, { start: r.start + 2, end: r.end })).split('\n')[1], '    on package.added;', 'selection starting at the text');
  });

  it('a selection of the whole text is the whole format; text with syntax errors gets no edits', () => {
    const text = 'notifier "a" {\non package.added;\n slack{url=$Secret("s");}}';
    assert.equal(applyEdits(text, formatRange(text, { start: 0, end: text.length })), format(text).text);
    assert.deepEqual(formatRange('notifier "a" {\n  on package.added;\n slack { url = ', { start: 0, end: 20 }), []);
  });

  it('property: generated files and random selections', () => {
    let edited = 0;
    fc.assert(
      fc.property(
        generatedFile.chain((text) => fc.tuple(fc.constant(text), selection(text))),
        ([text, sel]) => {
          if (assertRangeFormat(text, sel.start, sel.end) > 0) edited++;
        },
      ),
      { seed: 15, numRuns: 250 },
    );
    assert.ok(edited > 30, `only ${edited} runs produced edits`);
  });

  it('property: example and docs files with disturbed layout, random selections', () => {
    const corpus = [...seedCorpus(), ...fixtures()].filter((s) => parses(s.text));
    assert.ok(corpus.length > 15, `only ${corpus.length} files`);
    let edited = 0;
    fc.assert(
      fc.property(
        fc
          .constantFrom(...corpus)
          .chain((s) => messUp(s.text))
          .chain((text) => fc.tuple(fc.constant(text), selection(text))),
        ([text, sel]) => {
          if (assertRangeFormat(text, sel.start, sel.end) > 0) edited++;
        },
      ),
      { seed: 16, numRuns: 200 },
    );
    assert.ok(edited > 30, `only ${edited} runs produced edits`);
  });
});
