import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../../../grammar/syntax/tokens';
import { tokenize as tokenizeAlias } from '../../../grammar/syntax/tokenize';

function show(text: string): string[] {
  return tokenize(text).tokens.map((t) => `${t.kind}${t.sigil ?? ''}:${text.slice(t.span.start, t.span.end)}`);
}

test('code tokens', () => {
  assert.deepEqual(show('notifier "n" { on package.added; when !$a >= 7 && true; slack { url = @L[0].Name; t = 10s; } } # c'), [
    'keyword:notifier',
    'string:"n"',
    'punctuation:{',
    'keyword:on',
    'event:package.added',
    'punctuation:;',
    'keyword:when',
    'operator:!',
    'variable$:$a',
    'operator:>=',
    'number:7',
    'operator:&&',
    'bool:true',
    'punctuation:;',
    'channel:slack',
    'punctuation:{',
    'property:url',
    'operator:=',
    'variable@:@L',
    'punctuation:[',
    'number:0',
    'punctuation:]',
    'punctuation:.',
    'property:Name',
    'punctuation:;',
    'property:t',
    'operator:=',
    'duration:10s',
    'punctuation:;',
    'punctuation:}',
    'punctuation:}',
    'comment:# c',
  ]);
});

test('tokens inside strings: interpolations, calls, escapes, tags', () => {
  const text = 'x = "Hi ${A} `$ $F(\'a\', %m.k) $(1)<% if $b { %>y<% } %>";';
  assert.deepEqual(show(text).slice(2), [
    'string:"Hi ',
    'variable$:${A}',
    'string: ',
    'escape:`$',
    'string: ',
    'function$:$F',
    'punctuation:(',
    "string:'a'",
    'punctuation:,',
    'variable%:%m',
    'punctuation:.',
    'property:k',
    'punctuation:)',
    'string: ',
    'punctuation:$(',
    'number:1',
    'punctuation:)',
    'templateTag:<%',
    'templateTag:if',
    'variable$:$b',
    'templateTag:{',
    'templateTag:%>',
    'string:y',
    'templateTag:<%',
    'templateTag:}',
    'templateTag:%>',
    'string:"',
    'punctuation:;',
  ]);
});

test('unquoted text and map keys', () => {
  assert.deepEqual(show('when $A == NuGet; x = %(email: 1);').filter((t) => !t.startsWith('punct')), [
    'keyword:when',
    'variable$:$A',
    'operator:==',
    'unquoted:NuGet',
    'property:x',
    'operator:=',
    'property:email',
    'number:1',
  ]);
});

test('tokens never span lines, never overlap and come in order (spec example)', () => {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', 'spec-example.notify'), 'utf8');
  const { tokens } = tokenizeAlias(text);
  let last = 0;
  for (const t of tokens) {
    assert.ok(t.span.start >= last, `order at ${t.span.start}`);
    assert.ok(t.span.end > t.span.start);
    assert.ok(!/[\r\n]/.test(text.slice(t.span.start, t.span.end)), `line break in ${JSON.stringify(text.slice(t.span.start, t.span.end))}`);
    last = t.span.end;
  }
  const swimLine = tokens.filter((t) => t.kind === 'string').map((t) => text.slice(t.span.start, t.span.end));
  assert.ok(swimLine.includes('A new vulnerability has been published: '));
  assert.ok(tokens.some((t) => t.kind === 'templateTag' && text.slice(t.span.start, t.span.end) === 'foreach'));
});
