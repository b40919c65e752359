import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { diagnostic, type Diagnostic, type TextEdit } from '../../../grammar/diagnostics';
import { fixAllEdits } from '../../../grammar/fixAll';

/** The rule as LANGUAGE.md states it, checked edit against edit: the reference the fast version must agree with. */
function reference(diagnostics: readonly Diagnostic[]): TextEdit[] {
  const overlap = (a: TextEdit, b: TextEdit) => a.span.start < b.span.end && b.span.start < a.span.end;
  const taken: TextEdit[] = [];
  for (const d of diagnostics) {
    const fix = d.fixes?.find((f) => f.preferred);
    if (!fix) continue;
    if (fix.edits.some((e, i) => fix.edits.some((o, j) => i < j && overlap(e, o)))) continue;
    if (fix.edits.some((e) => taken.some((t) => overlap(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken;
}

const edit = fc.record({ start: fc.nat(60), length: fc.oneof(fc.constant(0), fc.nat(8)) }).map(({ start, length }) => ({ span: { start, end: start + length }, newText: 'x' }));
const fixable = fc.record({
  preferred: fc.array(edit, { minLength: 1, maxLength: 3 }),
  other: fc.boolean(),
  hasPreferred: fc.boolean(),
});
const diagnosticsArb = fc.array(fixable, { maxLength: 40 }).map((list) =>
  list.map((f, i) =>
    diagnostic('NTF101', { start: 0, end: 0 }, `d${i}`, {
      fixes: [
        ...(f.other ? [{ title: 'other', edits: [{ span: { start: 0, end: 100 }, newText: '' }] }] : []),
        { title: 'fix', edits: f.preferred, preferred: f.hasPreferred },
      ],
    }),
  ),
);

describe('fix all (grammar/fixAll.ts)', () => {
  it('takes exactly the edits the one-by-one rule takes, in order, over random overlapping and touching spans', () => {
    fc.assert(fc.property(diagnosticsArb, (ds) => assert.deepEqual(fixAllEdits(ds), reference(ds))), { numRuns: 3000, seed: 1203 });
  });

  it('never answers two edits that overlap (a client would refuse the whole edit)', () => {
    fc.assert(
      fc.property(diagnosticsArb, (ds) => {
        const out = fixAllEdits(ds);
        for (const [i, a] of out.entries()) for (const b of out.slice(i + 1)) assert.ok(!(a.span.start < b.span.end && b.span.start < a.span.end), JSON.stringify([a, b]));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('an insertion strictly inside a taken replacement is left out; at its edge, or beside another insertion, it is kept', () => {
    const fix = (start: number, end: number) => diagnostic('NTF101', { start, end }, 'x', { fixes: [{ title: 'f', edits: [{ span: { start, end }, newText: 'y' }], preferred: true }] });
    const out = fixAllEdits([fix(10, 20), fix(15, 15), fix(10, 10), fix(20, 20), fix(20, 20), fix(19, 21)]);
    assert.deepEqual(out.map((e) => [e.span.start, e.span.end]), [[10, 20], [10, 10], [20, 20], [20, 20]]);
  });
});
