/**
 * The dispatcher finds and fills placeholders with a scan (forEachBracketed),
 * not with PLACEHOLDER_PATTERN: the two must agree on every text, or a
 * secret would be sent as its placeholder (or a look-alike filled in).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachBracketed, inertText, PLACEHOLDER_PATTERN } from '../../../grammar/values/value';

const pieces = fc.array(fc.constantFrom('\u2039', '\u203a', 'secret:', 'env:', 'secret', 'env', ':', 'a', 'B_1', ' ', '\n', '\u2039\u2039', '\u203a\u203a'), { maxLength: 40 });

function scanned(text: string): [number, string][] {
  const out: [number, string][] = [];
  forEachBracketed(text, (open, close) => {
    const span = text.slice(open, close + 1);
    if (span.startsWith('\u2039secret:') || span.startsWith('\u2039env:')) out.push([open, span]);
  });
  return out;
}

test('the placeholder scan finds exactly the matches of PLACEHOLDER_PATTERN, at the same offsets', () => {
  fc.assert(
    fc.property(pieces, (parts) => {
      const text = parts.join('');
      const matched = [...text.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, 'g'))].map((m): [number, string] => [m.index, m[0]]);
      assert.deepEqual(scanned(text), matched);
    }),
    { numRuns: 5000, seed: 20261202 },
  );
});

test('spans are reported left to right, each without a ‹ inside', () => {
  const spans: string[] = [];
  forEachBracketed('\u2039a\u2039secret:x\u203a \u2039env:Y\u203a\u203a \u2039open', (o, c) => spans.push('\u2039a\u2039secret:x\u203a \u2039env:Y\u203a\u203a \u2039open'.slice(o, c + 1)));
  assert.deepEqual(spans, ['\u2039secret:x\u203a', '\u2039env:Y\u203a']);
});

test('inert text (event data) holds no placeholder the scan or the pattern finds, whatever it is made of, and is the text with only U+200B added after each ‹', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(pieces.map((p) => p.join('')), fc.constantFrom('\u200b', '\u2039\u200b', 'x\u2039secret:a\u203a')), { maxLength: 4 }), (parts) => {
      const text = parts.join('');
      const inert = inertText(text);
      assert.deepEqual(scanned(inert), []);
      assert.equal(inert.match(new RegExp(PLACEHOLDER_PATTERN.source, 'g')), null);
      assert.equal(inertText(inert), inert, 'inert text stays as it is');
      // nothing but marks added: every character of the text, in order, and a mark right after each ‹
      assert.equal(inert.replace(/\u2039\u200b/g, '\u2039'), text.replace(/\u2039\u200b/g, '\u2039'));
    }),
    { numRuns: 5000, seed: 20261202 },
  );
});
