/**
 * The server keeps open documents as pieces (so an edit never copies the
 * whole text); positions must match vscode-languageserver-textdocument,
 * which is what editors and the LSP libraries agree on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PieceDocument } from '../../server/pieceDocument';

const unit = fc.constantFrom('a', 'b', '\n', '\r\n', '\r', ' ', '😀', 'é', '}', 'notifier "x" {\n', '$Pack');
const textArb = fc.array(unit, { maxLength: 400 }).map((a) => a.join(''));

describe('PieceDocument', () => {
  it('agrees with TextDocument on text and positions through random edits (large texts split into pieces)', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.nat(4),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(3), fc.nat(5), textArb), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        (seed, repeat, edits, probes) => {
          const initial = seed.repeat(repeat * 60 + 1); // up to ~100 KB: several pieces
          const ref = TextDocument.create('file:///x', 'notify', 1, initial);
          const doc = new PieceDocument('file:///x', 'notify', 1, initial);
          let version = 1;
          for (const [a, b, dl, dc, insert] of edits) {
            const start = ref.positionAt(a % (ref.getText().length + 1));
            const endOffset = Math.min(ref.getText().length, ref.offsetAt(start) + (b % 50));
            // sometimes an end given by line/character beyond the line, as clients may send
            const end = dl === 0 ? { line: start.line + dl, character: start.character + dc * 40 } : ref.positionAt(endOffset);
            const range = { start, end };
            version++;
            TextDocument.update(ref, [{ range, text: insert }], version);
            doc.apply({ range, text: insert });
            assert.equal(doc.length, ref.getText().length);
            for (const p of probes) {
              const off = p % (ref.getText().length + 1);
              assert.deepEqual(doc.positionAt(off), ref.positionAt(off), `positionAt(${off})`);
              const pos = ref.positionAt(off);
              assert.equal(doc.offsetAt(pos), ref.offsetAt(pos));
              const wide = { line: pos.line, character: pos.character + 7 };
              assert.equal(doc.offsetAt(wide), ref.offsetAt(wide), `offsetAt(${JSON.stringify(wide)})`);
              assert.equal(doc.slice(off, off + 33), ref.getText().slice(off, off + 33));
            }
          }
          assert.equal(doc.getText(), ref.getText());
          assert.equal(doc.lineCount, ref.lineCount);
        },
      ),
      { seed: 7, numRuns: 600 },
    );
  });
});
