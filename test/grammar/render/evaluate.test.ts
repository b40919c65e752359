import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackEscape, htmlEscape } from '../../../grammar/render/escape';
import { EvalFailure, evaluate, evaluateCondition, evaluateText } from '../../../grammar/render/evaluate';
import { DateTimeValue, DurationValue } from '../../../grammar/values/value';
import { envFor, exprOf, noFunctions } from './helpers';

const vuln = envFor('vulnerability.detected', noFunctions);

function text(src: string, escape?: (s: string) => string, env = vuln): string {
  return evaluateText(exprOf(src).expr, env, escape);
}

function failure(src: string, env = vuln): { message: string; spanText: string } {
  const { expr, text: source } = exprOf(src);
  try {
    evaluateText(expr, env);
  } catch (e) {
    assert.ok(e instanceof EvalFailure, `expected EvalFailure, got ${e}`);
    return { message: e.message, spanText: e.span ? source.slice(e.span.start, e.span.end) : '' };
  }
  assert.fail(`expected ${src} to fail`);
}

test('text parts verbatim, interpolations as text; names case-insensitive', () => {
  assert.equal(text('"*$VulnerabilityId* (${vulnerabilityseverity}, score $VULNERABILITYSCORE)"'), '*PGV-2245804* (High, score 7.5)');
});

test('scalars in text: numbers shortest, datetimes ISO UTC, durations as written, bools', () => {
  assert.equal(text('"$Timestamp|$(10s)|$(1.50)|$(true)|$(-3)"'), '2026-04-28T07:12:43Z|10s|1.5|true|-3');
});

test('catalog examples become typed values', () => {
  assert.ok(evaluate(exprOf('$Timestamp').expr, vuln) instanceof DateTimeValue);
  assert.ok(evaluate(exprOf('250ms').expr, vuln) instanceof DurationValue);
  assert.equal(evaluate(exprOf('$VulnerabilityScore').expr, vuln), 7.5);
});

test('escape applies to interpolated values only, never to written text', () => {
  const env = envFor('vulnerability.detected', noFunctions);
  (env.variables as Map<string, unknown>).set('vulnerabilitysummary', 'a <b> & c');
  assert.equal(text('"<!here> & $VulnerabilitySummary"', slackEscape, env), '<!here> & a &lt;b&gt; &amp; c');
  assert.equal(text('"<b>$VulnerabilitySummary</b>"', htmlEscape, env), '<b>a &lt;b&gt; &amp; c</b>');
  // A whole non-string expression is one interpolated value.
  assert.equal(text('$VulnerabilitySummary', slackEscape, env), 'a &lt;b&gt; &amp; c');
});

test('a variable the event does not define renders as ""', () => {
  assert.equal(text('"[$UserName]"'), '[]');
  assert.equal(evaluate(exprOf('$UserName').expr, vuln), null);
});

test('foreach and if in a swim string', () => {
  const src = `>>
<% foreach %p in @AffectedPackages { %>* $(%p.Name)<% if %p.Name == "Newtonsoft.Json" { %> (popular)<% } else { %> (ours)<% } %>
<% } %>
>>`;
  // The newline right after the opening marker is not part of the text.
  assert.equal(text(src), '* Newtonsoft.Json (popular)\n* MyCorp.CoolUtils (ours)\n\n');
});

test('foreach over a missing list renders nothing; loop variables shadow and unwind', () => {
  assert.equal(text('"<% foreach $x in @BuildIssues { %>x<% } %>end"'), 'end');
  assert.equal(text('"<% foreach $FeedName in @(1, 2) { %>$FeedName,<% } %>$FeedName"'), '1,2,internal-nuget');
});

test('members, indexes, lists and maps', () => {
  assert.equal(text('"$(@AffectedPackages[1].name)"'), 'MyCorp.CoolUtils');
  assert.equal(text(`"$(%(a: 1, b: %(c: 'deep')).b.c)"`), 'deep');
  assert.equal(text('"[$(%(a: 1).missing)]"'), '[]');
  assert.deepEqual(evaluate(exprOf('@(1, "two", true)').expr, vuln), [1, 'two', true]);
  const map = evaluate(exprOf('%(z: 1, a: 2, "quoted key": 3)').expr, vuln) as Map<string, unknown>;
  assert.deepEqual([...map.keys()], ['z', 'a', 'quoted key']);
});

test('comparisons and logic', () => {
  const cond = (src: string) => evaluateCondition(exprOf(src).expr, vuln);
  assert.equal(cond('$VulnerabilityScore >= 7 && $FeedName == "internal-nuget"'), true);
  assert.equal(cond('$VulnerabilityScore > 7.5 || !($FeedName != "internal-nuget")'), true);
  assert.equal(cond('$FeedName == "Internal-NuGet"'), false, 'strings compare case-sensitively');
  assert.equal(cond('"abc" < "abd" && 10s < 1m && $Timestamp <= $Timestamp'), true);
  assert.equal(cond('$PackageId == "x"'), false, 'a missing variable equals nothing but a missing variable');
  assert.equal(cond('$Score >= 0'), false, 'an ordering with a missing value does not hold');
  assert.equal(cond('false && $Nope.x.y'), false, '&& short-circuits');
  assert.equal(cond('@(1, 2) == @(1, 2) && %(a: 1) != %(a: 2)'), true);
});

test('errors name the problem and carry the span of the failing node', () => {
  assert.deepEqual(failure('"x $(@AffectedPackages) y"'), {
    message: 'a list cannot be used as text; use $Join(", ", @list) or $ToJson(@list)',
    spanText: '@AffectedPackages',
  });
  assert.deepEqual(failure(`"$(1 < 'a')"`), {
    message: 'cannot order a number and a string: use two numbers, datetimes, durations or strings',
    spanText: "1 < 'a'",
  });
  assert.deepEqual(failure('"$(@AffectedPackages[5].Name)"'), {
    message: 'index 5 is out of range: the list has 2 items',
    spanText: '@AffectedPackages[5]',
  });
  assert.deepEqual(failure('"$(%(a: 1) == 1)"'), { message: 'cannot compare a map with a number', spanText: '%(a: 1) == 1' });
  assert.deepEqual(failure('"$Nope(1)"'), { message: 'unknown function $Nope', spanText: 'Nope' });
  assert.deepEqual(failure('"$($FeedName.x)"'), { message: 'cannot read .x of a string', spanText: '$FeedName.x' });
  assert.deepEqual(failure('"<% if $FeedName { %>x<% } %>"'), {
    message: 'an `if` condition must be true or false, but this is a string',
    spanText: '$FeedName',
  });
  assert.deepEqual(failure('"<% foreach %p in @(1, 2) { %>x<% } %>"'), {
    message: 'the loop variable is written for maps (use %), but an item is a number',
    spanText: '%p',
  });
});

test('bound: foreach nesting depth', () => {
  const depth = 20;
  let body = 'x';
  for (let i = 0; i < depth; i++) body = `<% foreach $i${i} in @(1) { %>${body}<% } %>`;
  const f = failure(`"${body}"`);
  assert.equal(f.message, 'foreach tags are nested more than 16 deep');
  // 16 deep is fine.
  let ok = 'x';
  for (let i = 0; i < 16; i++) ok = `<% foreach $i${i} in @(1) { %>${ok}<% } %>`;
  assert.equal(text(`"${ok}"`), 'x');
});

test('bound: loop iterations end with a clear error, not a hang', () => {
  const env = envFor('vulnerability.detected', noFunctions, { maxIterations: 1000 });
  const ten = '@(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)';
  const src = `"<% foreach $a in ${ten} { %><% foreach $b in ${ten} { %><% foreach $c in ${ten} { %><% foreach $d in ${ten} { %>.<% } %><% } %><% } %><% } %>"`;
  assert.equal(failure(src, env).message, 'loops ran more than 1000 times in one evaluation');
});

test('bound: output size', () => {
  const env = envFor('vulnerability.detected', noFunctions, { maxOutput: 100 });
  const src = `"<% foreach $a in @(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) { %>$VulnerabilitySummary<% } %>"`;
  assert.equal(failure(src, env).message, 'the rendered text is longer than the limit of 100 characters');
});

test('bound: expression depth', () => {
  const env = envFor('vulnerability.detected', noFunctions, { maxDepth: 30 });
  const src = `"$(${'('.repeat(40)}1${')'.repeat(40)})"`;
  assert.equal(failure(src, env).message, 'expressions are nested more than 30 deep');
});
