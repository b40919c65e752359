import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../grammar/syntax/parser';
import type * as A from '../../../grammar/syntax/ast';
import { sx, valueOf, offsetOf } from './helpers';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

test('the spec example parses with no diagnostics', () => {
  const text = fixture('spec-example.notify');
  const { file, diagnostics } = parse(text);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(file.items.map((i) => i.kind), ['Import', 'Notifier', 'Sample']);
  const imp = file.items[0] as A.ImportDecl;
  assert.equal(sx(imp.path), '"events/deploy.json"');
  const n = file.items[1] as A.NotifierDecl;
  assert.deepEqual(n.clauses.map((c) => (c.kind === 'Channel' ? c.channel : c.kind)), ['On', 'When', 'slack', 'webhook', 'email']);
  // spans are exact
  const nameStart = offsetOf(text, '"Critical vulnerabilities"');
  assert.deepEqual(n.name!.span, { start: nameStart, end: nameStart + '"Critical vulnerabilities"'.length });
  assert.deepEqual(n.name!.contentSpan, { start: nameStart + 1, end: nameStart + '"Critical vulnerabilities"'.length - 1 });
  assert.equal(text.slice(n.span.start, n.span.end).split('\n').at(-1), '}');
  assert.deepEqual(n.bodySpan, { start: offsetOf(text, '{', 0), end: n.span.end });
  const on = n.clauses[0] as A.OnClause;
  assert.equal(text.slice(on.span.start, on.span.end), 'on vulnerability.detected;');
  assert.equal(on.events[0]!.name, 'vulnerability.detected');
  const slack = n.clauses[2] as A.ChannelBlock;
  assert.equal(text.slice(slack.keywordSpan.start, slack.keywordSpan.end), 'slack');
  const url = slack.properties[0]!;
  assert.equal(text.slice(url.span.start, url.span.end), 'url  = $Secret("slack-secops");');
  const call = url.value as A.CallExpr;
  assert.equal(text.slice(call.nameSpan.start, call.nameSpan.end), 'Secret');
  assert.equal(text.slice(call.argsSpan.start, call.argsSpan.end), '("slack-secops")');
  const when = n.clauses[1] as A.WhenClause;
  assert.equal(sx(when.condition), '(&& (>= $VulnerabilityScore 7) ($MatchesRegex $FeedName "^internal-"))');
  const email = n.clauses[4] as A.ChannelBlock;
  const body = email.properties[2]!.value as A.StringLiteral;
  assert.equal(body.quote, 'swim');
  assert.equal(body.marker, '>>');
  assert.equal(
    sx(body),
    '"A new vulnerability has been published: {name $VulnerabilitySummary}\n{foreach %p @AffectedPackages [* {expr (. %p Name)} {expr (. %p AffectedVersions)}\n]}\n"',
  );
  const sample = file.items[2] as A.SampleDecl;
  assert.equal(sample.event!.name, 'vulnerability.detected');
  assert.deepEqual(sample.assignments.map((a) => `${sx(a.variable)}=${sx(a.value)}`), ['$VulnerabilityScore=9.8', '$FeedName="internal-nuget"']);
  assert.equal(file.comments.length, 1);
  assert.equal(file.comments[0]!.text, '# extra event catalog (optional)');
});

test('operator precedence and associativity follow spec section 3', () => {
  assert.equal(sx(valueOf('$a || $b && !$c == 1')), '(|| $a (&& $b (! (== $c 1))))');
  assert.equal(sx(valueOf('$a && $b && $c')), '(&& (&& $a $b) $c)');
  assert.equal(sx(valueOf('$a || $b || $c')), '(|| (|| $a $b) $c)');
  assert.equal(sx(valueOf('!!$a')), '(! (! $a))');
  assert.equal(sx(valueOf('($a || $b) && $c')), '(&& (paren (|| $a $b)) $c)');
  for (const op of ['==', '!=', '<', '<=', '>', '>=']) assert.equal(sx(valueOf(`$a ${op} $b`)), `(${op} $a $b)`);
  assert.equal(sx(valueOf('$a>$b')), '(> $a $b)');
  assert.equal(sx(valueOf('%p.Name.First[0]')), '([] (. (. %p Name) First) 0)');
  assert.equal(sx(valueOf('@L[$i + 0 == 1]'.replace(' + 0', ''))), '([] @L (== $i 1))');
  assert.equal(sx(valueOf('$F(1)[0].X')), '(. ([] ($F 1) 0) X)');
});

test('literals: numbers, durations, booleans, strings', () => {
  const n = valueOf('7.5') as A.NumberLiteral;
  assert.deepEqual([n.kind, n.value, n.raw], ['Number', 7.5, '7.5']);
  assert.equal((valueOf('-3') as A.NumberLiteral).value, -3);
  assert.equal((valueOf('1e3') as A.NumberLiteral).value, 1000);
  const ms = (src: string) => (valueOf(src) as A.DurationLiteral).ms;
  assert.deepEqual(['250ms', '10s', '1m', '5m', '2h', '1d'].map(ms), [250, 10_000, 60_000, 300_000, 7_200_000, 86_400_000]);
  assert.equal((valueOf('10s') as A.DurationLiteral).raw, '10s');
  assert.equal((valueOf('true') as A.BoolLiteral).value, true);
  assert.equal((valueOf('false') as A.BoolLiteral).value, false);
  const single = valueOf("'it`'s'") as A.StringLiteral;
  assert.deepEqual([single.quote, sx(single)], ["'", `"it's"`]);
  const dbl = valueOf('"say `"hi`""') as A.StringLiteral;
  assert.equal(sx(dbl), '"say "hi""');
  assert.equal(sx(valueOf('"a`nb`tc`rd``e`$f"')), '"a\nb\tc\rd`e$f"');
  assert.equal(sx(valueOf('"C:\\path\\n"')), '"C:\\path\\n"', 'backslash is ordinary');
});

test('swim strings: markers, the dropped first newline, only where a value is expected', () => {
  const v = valueOf('>>\nline 1\nline 2\n>>') as A.StringLiteral;
  assert.deepEqual([v.quote, v.marker, sx(v)], ['swim', '>>', '"line 1\nline 2\n"']);
  const eof = valueOf('>EOF>\nhas >> inside\n>EOF>') as A.StringLiteral;
  assert.deepEqual([eof.marker, sx(eof)], ['>EOF>', '"has >> inside\n"']);
  assert.equal(sx(valueOf('>>one line>>')), '"one line"');
  // One rule for line breaks: `\r\n` and a lone `\r` are line breaks, and a swim string's are the text `\n`.
  assert.equal(sx(valueOf('>>\r\nwindows\r\n>>')), '"windows\n"');
  assert.equal(sx(valueOf('>>\rold mac\rtext\r>>')), '"old mac\ntext\n"');
  assert.equal(sx(valueOf('>>\r\r\nx>>')), '"\nx"', 'a lone CR, then CRLF: the first is dropped, the second is text');
  assert.equal(sx(valueOf('>>\nescaped`r\r\n>>')), '"escaped\r\n"', 'the `r escape stays a CR');
  assert.equal(sx(valueOf('$F(>x>\nq\n>x>, 1)')), '($F "q\n" 1)');
  assert.equal(sx(valueOf('$a > >x>y>x>')), '(> $a "y")');
  // contentSpan covers everything between the markers (the dropped newline too)
  const text = 'notifier "n" { slack { x = >>\nhi>>; } }';
  const s = ((parse(text).file.items[0] as A.NotifierDecl).clauses[0] as A.ChannelBlock).properties[0]!.value as A.StringLiteral;
  assert.equal(text.slice(s.contentSpan.start, s.contentSpan.end), '\nhi');
  assert.equal(text.slice(s.span.start, s.span.end), '>>\nhi>>');
  assert.deepEqual(s.parts[0]!.span, { start: s.contentSpan.start + 1, end: s.contentSpan.end });
});

test('variables, calls, lists and maps', () => {
  const v = valueOf('${PackageId}') as A.VariableRef;
  assert.deepEqual([v.sigil, v.name, v.braced], ['$', 'PackageId', true]);
  assert.deepEqual(v.nameSpan.end - v.nameSpan.start, 'PackageId'.length);
  assert.equal(sx(valueOf('@{L}')), '@{L}');
  assert.equal(sx(valueOf('$PackageId-x')), '$PackageId-x');
  assert.equal(sx(valueOf('$packageid')), '$packageid', 'case kept as written');
  assert.equal(sx(valueOf('@Split("a,b", ",")')), '(@Split "a,b" ",")');
  assert.equal(sx(valueOf('%FromJson("{}")')), '(%FromJson "{}")');
  assert.equal(sx(valueOf('$Date()')), '($Date)');
  assert.equal(sx(valueOf('@(1, "a", @(2))')), '(list 1 "a" (list 2))');
  assert.equal(sx(valueOf('@()')), '(list)');
  assert.equal(sx(valueOf('%()')), '(map)');
  assert.equal(sx(valueOf('%(a: 1, "b c": $X, email: true, on: @())')), '(map a:1 b c:$X email:true on:(list))');
  const m = valueOf('%( "k": 1 )') as A.MapLiteral;
  assert.equal(m.entries[0]!.key, 'k');
  assert.equal(m.entries[0]!.keySpan.end - m.entries[0]!.keySpan.start, 3);
});

test('clauses, events, samples, imports and comments', () => {
  const text = [
    'import "events/deploy.json"; // catalog',
    '# a notifier',
    'notifier "N" {',
    '    on finding.severity_changed, package.added;',
    '    when false; /* off */',
    '    teams { url = "https://x"; }',
    '}',
    "sample 's' for deploy.finished {",
    '    $Seconds = 42;',
    '    @Hosts = @("a");',
    '    %Commit = %(Sha: "1");',
    '}',
  ].join('\n');
  const { file, diagnostics } = parse(text);
  assert.deepEqual(diagnostics, []);
  const n = file.items[1] as A.NotifierDecl;
  assert.deepEqual((n.clauses[0] as A.OnClause).events.map((e) => e.name), ['finding.severity_changed', 'package.added']);
  const ev = (n.clauses[0] as A.OnClause).events[0]!;
  assert.equal(text.slice(ev.span.start, ev.span.end), 'finding.severity_changed');
  assert.equal(sx((n.clauses[1] as A.WhenClause).condition), 'false');
  assert.equal((n.clauses[2] as A.ChannelBlock).channel, 'teams');
  const s = file.items[2] as A.SampleDecl;
  assert.equal(s.name!.quote, "'");
  assert.deepEqual(s.assignments.map((a) => sx(a.variable)), ['$Seconds', '@Hosts', '%Commit']);
  assert.deepEqual(
    file.comments.map((c) => [c.style, c.text]),
    [
      ['//', '// catalog'],
      ['#', '# a notifier'],
      ['/*', '/* off */'],
    ],
  );
  assert.equal(text.slice(file.comments[2]!.span.start, file.comments[2]!.span.end), '/* off */');
});

test('keywords are names after `.`, in map keys and in event names', () => {
  assert.equal(sx(valueOf('%m.email')), '(. %m email)');
  const { file, diagnostics } = parse('notifier "n" { on email.sent, on.when; slack { url = "x"; } }');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(((file.items[0] as A.NotifierDecl).clauses[0] as A.OnClause).events.map((e) => e.name), ['email.sent', 'on.when']);
});

test('a file of only comments and whitespace, and an empty file', () => {
  assert.deepEqual(parse('').file.items, []);
  assert.deepEqual(parse('').diagnostics, []);
  const r = parse('  # c\n/* d */\n// e');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.file.comments.length, 3);
});
