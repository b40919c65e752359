/**
 * fast-check generators of `.notify` text for property tests: syntactically
 * valid files with arbitrary layout (gaps of whitespace and comments between
 * tokens), and layout mutations of existing files (re-indented lines, blank
 * lines, joined lines, CR LF endings).
 */
import fc from 'fast-check';

/** Whitespace between tokens, comments included. */
const gap = fc.constantFrom(' ', ' ', ' ', '', '\n', '\n\n', '  ', '\t', ' /* c */ ', ' # note\n', ' // n\n', '\n\n\n', '\r\n  ');
const sp = fc.constantFrom(' ', ' ', '\n', ' /* k */ ', ' # x\n');
const name = fc.constantFrom('PackageId', 'FeedName', 'X', 'a-b', 'Score');
const sigil = fc.constantFrom('$', '@', '%');
const variable = fc.oneof(
  fc.tuple(sigil, name).map(([s, n]) => s + n),
  fc.tuple(sigil, name).map(([s, n]) => `${s}{${n}}`),
);
const textChar = fc.constantFrom('a', 'B', ' ', '.', '@', '%', 'ops@x.com', '`$', '``', '`n', '\\', '#');
const str = fc
  .array(fc.oneof({ weight: 4, arbitrary: textChar }, name.map((n) => `$${n} `), name.map((n) => `<% if $${n} == 1 { %>y<% } %>`)), { maxLength: 5 })
  .map((ps) => `"${ps.join('')}"`);
const swim = fc.tuple(fc.constantFrom('>>', '>EOF>'), fc.array(fc.constantFrom('line', '\n', '  indented', '$X', '"q"'), { maxLength: 5 })).map(([m, ps]) => `${m}\n${ps.join('')}\n${m}`);

const { expr } = fc.letrec<{ expr: string; primary: string }>((tie) => ({
  primary: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('7', '-3', '7.5', '10s', '250ms', 'true', 'false'),
    str,
    swim,
    variable,
    fc.tuple(fc.constantFrom('$ToJson', '@Split', '$Coalesce'), fc.array(tie('expr'), { maxLength: 3 }), sp).map(([f, args, s]) => `${f}(${args.join(`,${s}`)})`),
    fc.tuple(fc.array(tie('expr'), { maxLength: 3 }), sp).map(([items, s]) => `@(${s}${items.join(`,${s}`)})`),
    fc.tuple(fc.array(fc.tuple(name, tie('expr')), { maxLength: 3 }), sp).map(([es, s]) => `%(${es.map(([k, v]) => `${k}:${s}${v}`).join(`,${s}`)}${s})`),
  ),
  expr: fc.oneof(
    { depthSize: 'small' },
    tie('primary'),
    fc.tuple(tie('primary'), fc.constantFrom('==', '>=', '&&'), tie('primary'), sp).map(([a, op, b, s]) => `${a}${s}${op} ${b}`),
    tie('primary').map((p) => `!${p}`),
  ),
})) as unknown as { expr: fc.Arbitrary<string> };

const event = fc.constantFrom('package.added', 'finding.severity_changed', 'vulnerability.detected');
const property = fc.tuple(fc.constantFrom('url', 'text', 'body', 'timeout', 'to'), gap, expr, gap).map(([n, g, e, g2]) => `${n}${g}=${g2}${e};`);
const clause = fc.oneof(
  fc.tuple(fc.array(event, { minLength: 1, maxLength: 2 }), gap).map(([evs, g]) => `on ${evs.join(`,${g}`)};`),
  fc.tuple(expr, gap).map(([e, g]) => `when${g === '' ? ' ' : g}${e};`),
  fc.tuple(fc.constantFrom('webhook', 'slack', 'teams', 'email'), fc.array(fc.tuple(gap, property), { maxLength: 3 }), gap).map(([k, ps, g]) => `${k} {${ps.map(([a, b]) => a + b).join('')}${g}}`),
);
const item = fc.oneof(
  fc.constantFrom('import "events/deploy.json";', "import 'x.json';"),
  fc.tuple(fc.constantFrom('"a"', '"b c"', "'d'"), fc.array(fc.tuple(gap, clause), { maxLength: 4 }), gap).map(([n, cs, g]) => `notifier ${n} {${cs.map(([a, b]) => a + b).join('')}${g}}`),
  fc.tuple(fc.constantFrom('"s"', '"t"'), event, fc.array(fc.tuple(gap, variable, expr), { maxLength: 2 }), gap).map(([n, e, as, g]) => `sample ${n} for ${e} {${as.map(([a, v, x]) => `${a}${v} = ${x};`).join('')}${g}}`),
);

/** Files that parse without errors, laid out arbitrarily. */
export const generatedFile = fc.tuple(fc.array(fc.tuple(gap, item), { maxLength: 4 }), gap).map(([items, g]) => items.map(([a, b]) => a + b).join('') + g);

type LineOp = { kind: 'indent'; text: string } | { kind: 'blank' } | { kind: 'join' } | { kind: 'crlf' } | { kind: 'keep' };
const lineOp: fc.Arbitrary<LineOp> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<LineOp>({ kind: 'keep' }) },
  fc.constantFrom('', ' ', '  ', '\t', '      ', '          ').map((text): LineOp => ({ kind: 'indent', text })),
  fc.constant<LineOp>({ kind: 'blank' }),
  fc.constant<LineOp>({ kind: 'join' }),
  fc.constant<LineOp>({ kind: 'crlf' }),
);

/** `text` with its layout disturbed line by line (the result may no longer parse: a joined line comment). */
export function messUp(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  return fc.array(lineOp, { minLength: lines.length, maxLength: lines.length }).map((ops) => {
    let out = '';
    lines.forEach((line, i) => {
      const op = ops[i]!;
      let l = line;
      if (op.kind === 'indent') l = op.text + line.trimStart();
      const end = i === lines.length - 1 ? '' : op.kind === 'join' ? ' ' : op.kind === 'crlf' ? '\r\n' : op.kind === 'blank' ? '\n\n' : '\n';
      out += l + end;
    });
    return out;
  });
}
