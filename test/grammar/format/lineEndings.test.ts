/**
 * One rule for line breaks (LANGUAGE.md section 1, issue 17): `\n`, `\r\n`
 * and a lone `\r` are line breaks for the lexer and the formatter alike, and
 * a swim string's line breaks are the text `\n` whatever the file's. So
 * `notify fmt` (which writes `\n`) never changes what is rendered, and is
 * idempotent on any mix of line endings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { format } from '../../../grammar/format/format';
import { parse } from '../../../grammar/syntax/parser';
import { render } from '../../../grammar/render/render';
import { BUILTIN_CATALOG } from '../../../grammar/catalog/builtin';

function rendered(text: string): string {
  const r = render(parse(text).file, BUILTIN_CATALOG, {});
  return JSON.stringify({ deliveries: r.deliveries, errors: r.errors.map((e) => e.message) });
}

function formatsSafely(text: string): string {
  const once = format(text);
  assert.deepEqual(
    once.diagnostics.filter((d) => d.severity === 'error'),
    [],
    JSON.stringify(text),
  );
  assert.equal(once.text.includes('\r'), false, `fmt leaves no CR: ${JSON.stringify(once.text)}`);
  assert.equal(format(once.text).text, once.text, `fmt is idempotent on ${JSON.stringify(text)}`);
  assert.equal(rendered(once.text), rendered(text), `fmt changes no rendering of ${JSON.stringify(text)}`);
  return once.text;
}

test('a comment ending in a lone CR formats idempotently', () => {
  assert.equal(format('#\r').text, '#\n');
  assert.equal(format(format('#\r').text).text, '#\n');
  assert.equal(format('# a\rnotifier "n" { on package.added; }\r').text, '# a\nnotifier "n" {\n    on package.added;\n}\n');
});

test('a swim string opened by `>>` and CR CRLF renders the same before and after fmt', () => {
  const text = 'notifier "n" { on package.added; webhook { url = "https://x.com/h"; body = >>\r\r\nq\r\r\n>>; } }\r\r\n';
  const out = formatsSafely(text);
  assert.match(rendered(text), /\\nq\\n\\n/);
  assert.match(out, />>\n\nq\n\n>>/);
});

test('CRLF and lone-CR swim strings render with \\n line breaks', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = `notifier "n" { on package.added; webhook { url = "https://x.com/h"; body = >>${eol}line1${eol}line2${eol}>>; } }${eol}`;
    assert.match(rendered(text), /"line1\\nline2\\n"/, JSON.stringify(eol));
  }
});

// ------------------------------------------------------------ generated files, any mix of line endings

const eol = fc.constantFrom('\n', '\r\n', '\r', '\r\r\n', '\n\r');
const word = fc.constantFrom('deploy', 'Done', '$PackageName', '${FeedName}', '`$5', '  indented', "<% if $FeedName == 'x' { %>yes<% } %>", '');
const comment = fc.oneof(
  fc.constantFrom('# note', '// note', '#'),
  fc.tuple(word, eol, word).map(([a, e, b]) => `/* ${a}${e}${b} */`),
);
const swim = fc
  .tuple(fc.constantFrom('>>', '>EOF>'), fc.array(fc.tuple(word, eol), { maxLength: 4 }), eol)
  .map(([m, lines, first]) => `${m}${first}${lines.map(([w, e]) => w + e).join('')}${m}`);
const quoted = fc.array(word, { maxLength: 3 }).map((ws) => `"${ws.join(' ').replace(/"/g, '`"')}"`);
const value = fc.oneof(swim, quoted);

function joinWith(parts: string[], eols: string[]): string {
  return parts.map((p, i) => p + (eols[i % eols.length] ?? '\n')).join('');
}

const file = fc
  .record({
    notifiers: fc.array(
      fc.record({
        body: value,
        text: value,
        comments: fc.array(comment, { maxLength: 2 }),
        blank: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    eols: fc.array(eol, { minLength: 1, maxLength: 6 }),
    trailing: fc.constantFrom('', '\r', '\n', '\r\n', '\r\r\n'),
  })
  .map(({ notifiers, eols, trailing }) => {
    const lines: string[] = [];
    notifiers.forEach((n, i) => {
      lines.push(...n.comments);
      lines.push(`notifier "n${i}" {`, '    on package.added;', '    webhook {', '        url = "https://example.com/h";');
      if (n.blank) lines.push('');
      lines.push(`        body = ${n.body};`, '    }', '    slack {', '        url = "https://hooks.slack.com/services/T0/B0/x";', `        text = ${n.text};`, '    }', '}');
    });
    return joinWith(lines, eols) + trailing;
  });

test('property: for any file with LF, CRLF and lone-CR mixes, render before and after fmt are equal and fmt(fmt(x)) == fmt(x)', () => {
  fc.assert(
    fc.property(file, (text) => {
      assert.deepEqual(
        parse(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
        JSON.stringify(text),
      );
      formatsSafely(text);
    }),
    { seed: 17, numRuns: 300 },
  );
});
