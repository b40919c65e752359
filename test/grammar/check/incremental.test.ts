/**
 * `analyze()` reads a file piece by piece, where the lexer says top-level
 * items start, and may reuse pieces from a cache kept between calls. Neither
 * may change an answer: after any sequence of edits, an analysis through a
 * cache equals a fresh one (diagnostics, tree, model), and a piece lexed on
 * its own gives the tokens the whole text gives there. The same property
 * through the real language server is test/server/incremental.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyze, AnalysisCache, parseFile } from '../../../grammar/analyze';
import { lex } from '../../../grammar/syntax/lexer';
import { topLevelItemStarts } from '../../../grammar/syntax/items';
import { hostOf } from './helpers';

const TEST_HOST = hostOf({ 'x.json': '{"events": {}}' });

const EXAMPLES = readdirSync(join(import.meta.dirname, '../../../examples'))
  .filter((n) => n.endsWith('.notify'))
  .sort()
  .map((n) => readFileSync(join(import.meta.dirname, '../../../examples', n), 'utf8'));

const TRICKY =
  'notifier "a" {\n  on package.added;\n  email {\n    to = "a@example.com";\n    body = >>\nnotifier "fake" {\nsample "x" for package.added {\n>>;\n  }\n}\n' +
  '/*\nnotifier "in comment" {\n*/\nsample "s" for package.added { $PackageId = "x"; }\n';

const TYPED = ['/*', '*/', '#', '//', '>>', '>EOF>', '"', "'", '`', '{', '}', ';', '(', ')', '%(', '\n', '\r\n', '\r', ' ', 'notifier "n" {', '\nsample "s" for package.added {\n', 'import "x.json";', '\n}\n'];

/** Every token of `text` (type, place, role): what a piece lexed on its own must reproduce. */
function tokens(text: string, shift = 0) {
  const l = lex(text);
  return {
    tokens: l.tokens.map((t) => `${t.tokenType.name}@${t.startOffset + shift}-${t.end + shift}:${t.role ?? ''}:${t.firstOnLine ?? ''}`),
    comments: l.comments.map((c) => `${c.span.start + shift}-${c.span.end + shift}`),
    diagnostics: l.diagnostics.map((d) => `${d.code}@${d.span.start + shift}:${d.message}`),
  };
}

test('pieces start at top-level items only, never inside a swim string or a comment', () => {
  const { starts } = topLevelItemStarts(TRICKY);
  assert.deepEqual(
    starts.map((s) => TRICKY.slice(s).split('\n')[0]),
    ['notifier "a" {', 'sample "s" for package.added { $PackageId = "x"; }'],
  );
});

test('a piece lexed on its own gives exactly the tokens, comments and lexer errors of the whole text', () => {
  fc.assert(
    fc.property(fc.constantFrom(...EXAMPLES, TRICKY), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TYPED)), { maxLength: 6 }), (start, inserts) => {
      let text = start;
      for (const [at, s] of inserts) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + s + text.slice(i);
      }
      const { starts } = topLevelItemStarts(text);
      const joined = { tokens: [] as string[], comments: [] as string[], diagnostics: [] as string[] };
      starts.forEach((s, i) => {
        const piece = tokens(text.slice(s, starts[i + 1] ?? text.length), s);
        joined.tokens.push(...piece.tokens);
        joined.comments.push(...piece.comments);
        joined.diagnostics.push(...piece.diagnostics);
      });
      assert.deepEqual(joined, tokens(text), text);
    }),
    { seed: 11, numRuns: 300 },
  );
});

test('a fresh analysis cuts its pieces exactly where the lexer of the whole text does, without that pass', () => {
  // The first analysis guesses the cuts from the text and confirms each from its pieces' parses (analyze.ts).
  const edge = ['\u2028notifier "n" {}\n', '}\u2028notifier "n" {}\n', 'notifierx\n', 'import\n', '\nnotifier', '%(a: 1,\nnotifier "n" {\n', ' \t'];
  fc.assert(
    fc.property(fc.constantFrom(...EXAMPLES, TRICKY), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TYPED, ...edge)), { maxLength: 8 }), (start, inserts) => {
      let text = start;
      for (const [at, s] of inserts) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + s + text.slice(i);
      }
      assert.deepEqual(analyze(text, TEST_HOST).pieces.map((p) => p.base), topLevelItemStarts(text).starts, text);
    }),
    { seed: 12, numRuns: 400 },
  );
});

test('an analysis that lets its trees go (a large file) answers as one that keeps them', () => {
  const host = hostOf({ 'x.json': '{"events": {"build.done": {"fields": {"id": "string"}}}}' });
  const texts = [...EXAMPLES, TRICKY, 'import "x.json";\nnotifier "n" {\n  on build.done;\n  slack { channel = "#c"; text = "$Id $Nope"; }\n}\nimport "y.json";\n'];
  for (const text of texts) {
    const kept = analyze(text, host);
    const let_ = analyze(text, host, { keepTreesUpTo: 0 });
    assert.deepEqual(let_.diagnostics, kept.diagnostics, text);
    assert.deepEqual(let_.file, kept.file, text);
    kept.pieces.forEach((p, i) => {
      const q = let_.pieces[i]!.analysis;
      // the tree and model built again agree with each other: the model knows the tree's own nodes
      assert.deepEqual(q.file, p.analysis.file);
      // (typeOf knows only the nodes of the tree the model was built on)
      const typesOf = (a: typeof q) =>
        a.file.items.flatMap((item) => (item.kind === 'Notifier' ? item.clauses : [])).flatMap((c) => (c.kind === 'Channel' ? c.properties : [])).map((prop) => (prop.value ? a.model.typeOf(prop.value)?.kind ?? 'unknown node' : '-'));
      assert.deepEqual(typesOf(q), typesOf(p.analysis));
      assert.ok(!typesOf(q).includes('unknown node'));
    });
  }
});

test('after any edits, an analysis through a kept cache equals a fresh one', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...EXAMPLES, TRICKY),
      fc.array(fc.record({ at: fc.nat(), remove: fc.nat(5), insert: fc.constantFrom(...TYPED, '') }), { minLength: 1, maxLength: 10 }),
      (start, edits) => {
        const cache = new AnalysisCache();
        let text = start;
        analyze(text, TEST_HOST, { cache });
        for (const e of edits) {
          const i = e.at % (text.length + 1);
          text = text.slice(0, i) + e.insert + text.slice(Math.min(text.length, i + e.remove));
          const kept = analyze(text, TEST_HOST, { cache });
          const fresh = analyze(text, TEST_HOST);
          assert.deepEqual(kept.diagnostics, fresh.diagnostics, text);
          assert.deepEqual(kept.pieces.map((p) => p.base), fresh.pieces.map((p) => p.base), text);
          assert.deepEqual(kept.file, fresh.file, text);
          assert.deepEqual(parseFile(text, cache), fresh.file, text);
        }
      },
    ),
    { seed: 12, numRuns: 200 },
  );
});
