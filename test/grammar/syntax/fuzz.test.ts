/**
 * Property-based tests (seeded, so a failure reproduces): no input makes the
 * syntax layer or the formatter throw, and the formatter's output on valid
 * input re-parses to the same tree and is a fixed point.
 *
 * Speed is checked by size, not wall time: every run below handles hundreds
 * of inputs; a hang or blow-up shows as a test timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from '../../../grammar/syntax/parser';
import { tokenize } from '../../../grammar/syntax/tokens';
import { nodePathAt, walk } from '../../../grammar/syntax/visit';
import { parseTemplate } from '../../../grammar/syntax/template';
import { format, treeShape } from '../../../grammar/format/format';
import { printFile } from '../../../grammar/format/printer';

function notifyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? notifyFiles(p) : n.endsWith('.notify') ? [p] : [];
    });
}

const root = join(import.meta.dirname, '..', '..', '..');
const corpus = [
  ...notifyFiles(join(import.meta.dirname, 'fixtures')),
  ...notifyFiles(join(root, 'test', 'grammar', 'format', 'fixtures')),
  ...notifyFiles(join(root, 'examples')),
].map((p) => readFileSync(p, 'utf8'));

/** Everything the syntax layer offers must survive `text`. */
function exercise(text: string): void {
  const r = parse(text);
  assert.ok(!r.diagnostics.some((d) => d.message.startsWith('Internal parser error')), r.diagnostics[0]?.message);
  for (const d of r.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `span of ${d.code}`);
  }
  walk(r.file, (n) => {
    assert.ok(n.span.start >= 0 && n.span.end <= text.length && n.span.start <= n.span.end, `span of ${n.kind}`);
  });
  const { tokens } = tokenize(text);
  let last = 0;
  for (const t of tokens) {
    assert.ok(t.span.start >= last && t.span.end > t.span.start && t.span.end <= text.length);
    last = t.span.end;
  }
  for (const offset of [0, text.length >> 1, text.length, text.length + 3]) nodePathAt(r.file, offset);
  const f = format(text);
  if (r.diagnostics.length > 0) assert.equal(f.text, text);
}

const CODE_CHARS = [...'notifier sample import on when for slack email {}();,.:=!<>&|$@%"\'`#/*\n \t-09aZ_>>%><% if foreach } else in'];
const codeish = fc.array(fc.constantFrom(...CODE_CHARS), { maxLength: 120 }).map((a) => a.join(''));

test('random text never makes parse, tokenize, nodePathAt or format throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), codeish, fc.string({ unit: 'grapheme', maxLength: 80 })), (text) => exercise(text)),
    { seed: 42, numRuns: 300 },
  );
});

test('random template text never makes parseTemplate throw', () => {
  fc.assert(
    fc.property(codeish, fc.nat(1000), (text, base) => {
      const r = parseTemplate(text, base);
      for (const d of r.diagnostics) assert.ok(d.span.start >= base && d.span.end <= base + text.length);
    }),
    { seed: 7, numRuns: 300 },
  );
});

/** A valid file with one character or token deleted, inserted or duplicated. */
const mutant = fc
  .record({
    file: fc.constantFrom(...corpus),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    op: fc.constantFrom('delete', 'insert', 'duplicate', 'deleteToken', 'duplicateToken'),
    ch: fc.constantFrom(...CODE_CHARS),
  })
  .map(({ file, at, op, ch }) => {
    const i = Math.min(file.length, Math.floor(at * file.length));
    switch (op) {
      case 'delete':
        return file.slice(0, i) + file.slice(i + 1);
      case 'insert':
        return file.slice(0, i) + ch + file.slice(i);
      case 'duplicate':
        return file.slice(0, i) + file[i] + file.slice(i);
      default: {
        const tokens = tokenize(file).tokens;
        const t = tokens[Math.min(tokens.length - 1, Math.floor(at * tokens.length))];
        if (!t) return file;
        const piece = file.slice(t.span.start, t.span.end);
        return op === 'deleteToken' ? file.slice(0, t.span.start) + file.slice(t.span.end) : file.slice(0, t.span.end) + ' ' + piece + file.slice(t.span.end);
      }
    }
  });

test('mutated valid files never make anything throw', () => {
  assert.ok(corpus.length >= 5);
  fc.assert(fc.property(mutant, (text) => exercise(text)), { seed: 42, numRuns: 250 });
});

test('a mutant that still parses formats to the same tree, idempotently', () => {
  fc.assert(
    fc.property(mutant, (text) => {
      const src = text.replace(/\r\n/g, '\n');
      const r = parse(src);
      if (r.diagnostics.length > 0) return;
      const out = printFile(src, r.file);
      const again = parse(out);
      assert.deepEqual(again.diagnostics, []);
      assert.equal(treeShape(again.file), treeShape(r.file));
      assert.equal(printFile(out, again.file), out);
    }),
    { seed: 3, numRuns: 200 },
  );
});

// ------------------------------------------------------------ generated valid files

/** Whitespace between tokens, comments included. */
const gap = fc.constantFrom(' ', ' ', ' ', '', '\n', '\n\n', '  ', '\t', ' /* c */ ', ' # note\n', ' // n\n', '\n\n\n');
const sp = fc.constantFrom(' ', ' ', '\n', ' /* k */ ', ' # x\n');
const name = fc.constantFrom('PackageId', 'FeedName', 'X', 'a-b', 'Score', 'email', 'on');
const sigil = fc.constantFrom('$', '@', '%');
const variable = fc.oneof(
  fc.tuple(sigil, name).map(([s, n]) => s + n),
  fc.tuple(sigil, name).map(([s, n]) => `${s}{${n}}`),
);
const textChar = fc.constantFrom('"', "'", 'a', 'B', ' ', '.', '@', '%', '100%', 'ops@x.com', '`$', '``', '`n', '<%=', '\\', '#', '//');
function str(quote: '"' | "'"): fc.Arbitrary<string> {
  const other = quote === '"' ? "'" : '"';
  const piece = fc.oneof(
    { weight: 5, arbitrary: textChar.map((c) => (c === quote ? '`' + c : c)) },
    { weight: 2, arbitrary: name.map((n) => `$${n} `) },
    { weight: 1, arbitrary: name.map((n) => `\${${n}}`) },
    { weight: 1, arbitrary: name.map((n) => `$Join(${other}, ${other}, @${n})`) },
    { weight: 1, arbitrary: name.map((n) => `$(%m.${n})`) },
    { weight: 1, arbitrary: name.map((n) => `<% if $${n} == 1 { %>y<% } else { %>n<% } %>`) },
    { weight: 1, arbitrary: name.map((n) => `<% foreach %p in @${n} { %>$(%p.Name)<% } %>`) },
  );
  return fc.array(piece, { maxLength: 6 }).map((ps) => quote + ps.join('') + quote);
}
/** Fixed text (names, paths, map keys): no `$` and no tags. */
const plain = fc.array(fc.constantFrom('a', 'B c', '.', '@', '100%', '<%=', '`$', "`'", '`"', '-'), { maxLength: 5 }).map((ps) => ps.join(''));
const plainStr = fc.tuple(fc.constantFrom('"', "'"), plain).map(([q, t]) => q + t + q);
const swim = fc.tuple(fc.constantFrom('>>', '>EOF>', '>x>'), fc.array(fc.constantFrom('line', '\n', '  indented', '$X', '"q"', "'s'", '<% if $a { %>z<% } %>'), { maxLength: 6 })).map(
  ([m, ps]) => `${m}\n${ps.join('')}\n${m}`,
);
const number = fc.oneof(fc.integer({ min: -1000, max: 1000 }).map(String), fc.constantFrom('7.5', '-3', '1e3', '0.25'));
const duration = fc.tuple(fc.nat(500), fc.constantFrom('ms', 's', 'm', 'h', 'd')).map(([n, u]) => `${n}${u}`);

const { expr } = fc.letrec<{ expr: string; primary: string; postfix: string }>((tie) => ({
  primary: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    duration,
    fc.constantFrom('true', 'false'),
    str('"'),
    str("'"),
    swim,
    variable,
    fc.tuple(fc.constantFrom('$F', '@Split', '%FromJson', '$ToJson'), fc.array(tie('expr'), { maxLength: 3 }), sp).map(
      ([f, args, s]) => `${f}(${args.join(`,${s}`)})`,
    ),
    fc.tuple(fc.array(tie('expr'), { maxLength: 3 }), sp).map(([items, s]) => `@(${s}${items.join(`,${s}`)})`),
    fc.tuple(fc.array(fc.tuple(fc.oneof(name, plainStr), tie('expr')), { maxLength: 3 }), sp).map(
      ([es, s]) => `%(${es.map(([k, v]) => `${k}:${s}${v}`).join(`,${s}`)}${s})`,
    ),
    tie('expr').map((e) => `(${e})`),
  ),
  postfix: fc.tuple(tie('primary'), fc.array(fc.oneof(name.map((n) => `.${n}`), tie('expr').map((e) => `[${e}]`)), { maxLength: 2 })).map(
    ([p, s]) => p + s.join(''),
  ),
  expr: fc.oneof(
    { depthSize: 'small' },
    tie('postfix'),
    fc.tuple(tie('postfix'), fc.constantFrom('==', '!=', '<', '<=', '>', '>='), tie('postfix'), sp).map(([a, op, b, s]) => `${a}${s}${op} ${b}`),
    fc.tuple(tie('postfix'), fc.constantFrom('&&', '||'), tie('postfix'), sp).map(([a, op, b, s]) => `${a} ${op}${s}${b}`),
    tie('postfix').map((p) => `!${p}`),
  ),
})) as unknown as { expr: fc.Arbitrary<string> };

const event = fc.constantFrom('package.added', 'finding.severity_changed', 'deploy.finished');
const property = fc.tuple(fc.constantFrom('url', 'text', 'body', 'content_type', 'to'), gap, expr, gap).map(([n, g, e, g2]) => `${n}${g}=${g2}${e};`);
const clause = fc.oneof(
  fc.tuple(fc.array(event, { minLength: 1, maxLength: 3 }), gap).map(([evs, g]) => `on ${evs.join(`,${g}`)};`),
  fc.tuple(expr, gap).map(([e, g]) => `when${g === '' ? ' ' : g}${e};`),
  fc.tuple(fc.constantFrom('webhook', 'slack', 'teams', 'discord', 'email'), fc.array(fc.tuple(gap, property), { maxLength: 4 }), gap).map(
    ([k, ps, g]) => `${k} {${ps.map(([a, b]) => a + b).join('')}${g}}`,
  ),
);
const item = fc.oneof(
  plainStr.map((s) => `import ${s};`),
  fc.tuple(plainStr, fc.array(fc.tuple(gap, clause), { maxLength: 4 }), gap).map(([n, cs, g]) => `notifier ${n} {${cs.map(([a, b]) => a + b).join('')}${g}}`),
  fc.tuple(plainStr, event, fc.array(fc.tuple(gap, variable, expr), { maxLength: 3 }), gap).map(
    ([n, e, as, g]) => `sample ${n} for ${e} {${as.map(([a, v, x]) => `${a}${v} = ${x};`).join('')}${g}}`,
  ),
);
const validFile = fc.tuple(fc.array(fc.tuple(gap, item), { maxLength: 4 }), gap).map(([items, g]) => items.map(([a, b]) => a + b).join('') + g);

test('generated valid files parse without errors; the printer keeps the tree and is a fixed point', () => {
  let nonTrivial = 0;
  fc.assert(
    fc.property(validFile, (text) => {
      const r = parse(text);
      assert.deepEqual(r.diagnostics.map((d) => d.message), [], text);
      const out = printFile(text, r.file);
      const again = parse(out);
      assert.deepEqual(again.diagnostics.map((d) => d.message), [], out);
      assert.equal(treeShape(again.file), treeShape(r.file), `${text}\n----\n${out}`);
      assert.equal(printFile(out, again.file), out, out);
      assert.equal(format(text).text, out);
      if (r.file.items.length > 0) nonTrivial++;
    }),
    { seed: 42, numRuns: 300 },
  );
  assert.ok(nonTrivial > 100, 'most generated files have items');
});
