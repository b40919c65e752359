import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../../grammar/syntax/template';
import type * as A from '../../../grammar/syntax/ast';
import { sx } from './helpers';

function tpl(content: string): string {
  const r = parseTemplate(content);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], `diagnostics for ${content}`);
  return r.parts.map(sx).join('|');
}

test('interpolation forms: $Name, ${Name}, $Func(args), $(expr)', () => {
  assert.equal(tpl('Hi $PackageId!'), 'Hi |{name $PackageId}|!');
  assert.equal(tpl('$PackageId-x'), '{name $PackageId-x}');
  assert.equal(tpl('${PackageId}-x'), '{braced ${PackageId}}|-x');
  assert.equal(tpl('$PackageId_'), '{name $PackageId}|_');
  assert.equal(tpl('v$ToUpper($Name).'), 'v|{call ($ToUpper $Name)}|.');
  assert.equal(tpl('$(%p.Name) and $(1 == 2)'), '{expr (. %p Name)}| and |{expr (== 1 2)}');
  assert.equal(tpl('$Name (not a call)'), '{name $Name}| (not a call)');
});

test('expressions in strings may hold strings of the other quote kind and nested parentheses', () => {
  assert.equal(tpl("$Join(', ', @L)"), "{call ($Join \", \" @L)}");
  assert.equal(tpl('$(($a || $b) && $F(%(k: "v)"), @(1)))'), '{expr (&& (paren (|| $a $b)) ($F (map k:"v)") (list 1)))}');
  assert.equal(tpl("$Replace($X, ')', '(')x"), '{call ($Replace $X ")" "(")}|x');
});

test('@ and % are literal in text; backslash is ordinary', () => {
  assert.equal(tpl('ops@example.com 100% \\n'), 'ops@example.com 100% \\n');
});

test('escapes', () => {
  const r = parseTemplate('a`$b`"c`\'d`ne`tf`rg``h');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.parts, [{ kind: 'Text', span: { start: 0, end: 22 }, value: 'a$b"c\'d\ne\tf\rg`h' }]);
});

test('template tags: if / else / else if / foreach, nested', () => {
  assert.equal(tpl('<% if $a { %>yes<% } %>'), '{if $a [yes]}');
  assert.equal(tpl('<%if $a>1{%>yes<%}else{%>no<%}%>'), '{if (> $a 1) [yes] else [no]}');
  assert.equal(
    tpl('<% if $a == 1 { %>one<% } else if $a == 2 { %>two<% } else { %>many<% } %>'),
    '{if (== $a 1) [one] else [{if (== $a 2) [two] else [many]}]}',
  );
  assert.equal(
    tpl('<% foreach %p in @AffectedPackages { %>* $(%p.Name)<% if %p.Name == "x" { %>!<% } %>\n<% } %>'),
    '{foreach %p @AffectedPackages [* {expr (. %p Name)}{if (== (. %p Name) "x") [!]}\n]}',
  );
  assert.equal(tpl('<% foreach @row in @Rows { %>$Join(",", @row)<% } %>'), '{foreach @row @Rows [{call ($Join "," @row)}]}');
  assert.equal(tpl('<% foreach $x in @Split($S, ",") { %>$x<% } %>'), '{foreach $x (@Split $S ",") [{name $x}]}');
});

test('a `<%` that is not followed by if, foreach or } is literal text', () => {
  assert.equal(tpl('50<% and <%= x %> and <%iffy'), '50<% and <%= x %> and <%iffy');
});

test('spans are offset by baseOffset', () => {
  const r = parseTemplate('ab $X <% if $Y { %>z<% } %>', 100);
  assert.deepEqual(r.diagnostics, []);
  const [text, interp, , ifTag] = r.parts as [A.TextPart, A.InterpolationPart, A.TextPart, A.IfTag];
  assert.deepEqual(text.span, { start: 100, end: 103 });
  assert.deepEqual(interp.span, { start: 103, end: 105 });
  assert.deepEqual((interp.expr as A.VariableRef).nameSpan, { start: 104, end: 105 });
  assert.deepEqual(ifTag.span, { start: 106, end: 127 });
  assert.deepEqual(ifTag.condition!.span, { start: 112, end: 114 });
  const bad = parseTemplate('x $', 10);
  assert.deepEqual(bad.diagnostics.map((d) => [d.code, d.span]), [['NTF003', { start: 12, end: 13 }]]);
});

test('template errors: codes and places', () => {
  const codes = (s: string) => parseTemplate(s).diagnostics.map((d) => `${d.code}@${d.span.start}`);
  assert.deepEqual(codes('a $ b'), ['NTF003@2']);
  assert.deepEqual(codes('a `x'), ['NTF003@2']);
  assert.deepEqual(codes('a `'), ['NTF003@2']);
  assert.deepEqual(codes('${}'), ['NTF003@0']);
  assert.deepEqual(codes('$()'), ['NTF001@0']);
  assert.deepEqual(codes('$(1'), ['NTF001@0']);
  assert.deepEqual(codes('<% if $a { %>x'), ['NTF001@0']);
  assert.deepEqual(codes('x<% } %>'), ['NTF001@1']);
  assert.deepEqual(codes('<% if { %>x<% } %>'), ['NTF001@3']);
  assert.deepEqual(codes('<% if $a %>x<% } %>'), ['NTF001@9']);
  assert.deepEqual(codes('<% foreach in @L { %>x<% } %>'), ['NTF001@11']);
  assert.deepEqual(codes('<% foreach $x in @L { %>x<% } else { %>y<% } %>'), ['NTF001@25']);
  assert.deepEqual(codes('<% if $a { %>x<% } else { %>y<% } else { %>z<% } %>'), ['NTF001@29']);
  assert.deepEqual(codes('$F(1,)'), ['NTF001@5']);
  const unclosed = parseTemplate('<% foreach $x in @L { %>x');
  assert.match(unclosed.diagnostics[0]!.message, /never closed: add `<% } %>`/);
  // the part is still there for the checker
  assert.equal(unclosed.parts[0]!.kind, 'Foreach');
});

test('names are ASCII: a letter of another script right after `$Name` is NTF001 at it, with a fix that braces the variable', () => {
  const r = parseTemplate('id $PackageIdé and $Nameさん, $Name€ $Name… $Name—x');
  // `€`, `…` and `—` are not letters: they end a name as any punctuation does
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.span.start, d.span.end]),
    [
      ['NTF001', 13, 14],
      ['NTF001', 24, 26],
    ],
  );
  assert.match(r.diagnostics[0]!.message, /ASCII.*`é` ends `\$PackageId`; write `\$\{PackageId\}é`/);
  assert.deepEqual(r.diagnostics[0]!.fixes![0]!.edits, [{ span: { start: 3, end: 13 }, newText: '${PackageId}' }]);
  // the name still reads as far as ASCII goes, and the rest stays text
  assert.equal(r.parts.map(sx).join('|'), 'id |{name $PackageId}|é and |{name $Name}|さん, |{name $Name}|€ |{name $Name}|… |{name $Name}|—x');
  assert.deepEqual(parseTemplate('${PackageId}é e\u0301 $Name2x').diagnostics, []);
});
