import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectClean, expectOne, notifier, run, SLACK_URL } from './helpers';

const slack = (text: string) => `    slack { ${SLACK_URL} text = ${text}; }`;
const when = (cond: string, on = 'package.added') => notifier(`    when ${cond};\n${slack('"x"')}`, on);

test('NTF110 unknown function with a did-you-mean fix', () => {
  const text = notifier(`    webhook { url = "https://example.com/h"; body = $ToJsn(%(a: 1)); }`);
  const d = expectOne(text, 'NTF110', 'error', 'ToJsn');
  expectClean(applyFix(text, d));
});

test('NTF111 wrong number of arguments names the signature', () => {
  const text = when('$ToUpper() == "X"');
  const d = expectOne(text, 'NTF111', 'error', '()');
  assert.match(d.message, /ToUpper/);
  expectClean(when('$ToUpper($PackageId) == "X"'));
});

test('NTF112 argument of the wrong type', () => {
  const text = notifier(slack(`$Join(", ", $PackageId)`));
  const d = expectOne(text, 'NTF112', 'error', '$PackageId');
  assert.match(d.message, /list/);
  expectClean(notifier(slack(`$Join(", ", @FindingAffected)`), 'finding.new'));
});

test('NTF112 a secret is not a string argument', () => {
  const text = when('$MatchesRegex($Env("NOTIFY_ENV_X"), "a")');
  expectOne(text, 'NTF112', 'error', '$Env("NOTIFY_ENV_X")');
});

test('NTF113 call sigil must match what the function returns, fix changes it', () => {
  const text = when('$ListCount($Split($PackageId, ".")) > 1');
  const d = expectOne(text, 'NTF113', 'error', '$Split');
  assert.equal(applyFix(text, d), text.replace('$Split', '@Split'));
  expectClean(applyFix(text, d));
});

test('NTF120 number compared with a string, fix to the number', () => {
  const text = when('$VulnerabilityScore >= "7"', 'vulnerability.detected');
  const d = expectOne(text, 'NTF120', 'error', '$VulnerabilityScore >= "7"');
  assert.equal(applyFix(text, d), text.replace('"7"', '7'));
  expectClean(applyFix(text, d));
});

test('NTF120 && takes bools; the offending operand is marked', () => {
  const text = when('$PackageId == "a" && $PackageVersion');
  expectOne(text, 'NTF120', 'error', '$PackageVersion');
});

test('NTF120 .Key on a list', () => {
  const text = notifier(slack('"$(@AffectedPackages.Name)"'), 'vulnerability.detected');
  expectOne(text, 'NTF120', 'error', 'Name');
});

test('NTF120 comparing durations and datetimes is fine, a bool with < is not', () => {
  expectClean(when('10s < 1m && $Timestamp >= $Timestamp && "a" < "b" && 1 != 2'));
  expectOne(when('true < false'), 'NTF120', 'error', 'true < false');
});

test('NTF121 when and if conditions must be bool', () => {
  expectOne(when('$PackageId'), 'NTF121', 'error', '$PackageId');
  const text = notifier(slack('"<% if $PackageId { %>yes<% } %>"'));
  expectOne(text, 'NTF121', 'error', '$PackageId');
  expectClean(notifier(slack('"<% if $PackageId == \'a\' { %>yes<% } else { %>no<% } %>"')));
});

test('NTF122 a list in text, fixed with $Join', () => {
  const text = notifier(slack('"Affected: $FindingAffected"'), 'finding.new');
  const d = expectOne(text, 'NTF122', 'error', '$FindingAffected');
  assert.equal(applyFix(text, d), text.replace('$FindingAffected', "$Join(', ', @FindingAffected)"));
  expectClean(applyFix(text, d));
});

test('NTF122 a list of maps in text, fixed with $ToJson', () => {
  const text = notifier(slack('>>Alerts: $Alerts>>'), 'alert.raised');
  const d = expectOne(text, 'NTF122', 'error', '$Alerts');
  assert.equal(applyFix(text, d), text.replace('$Alerts', '$ToJson(@Alerts)'));
  expectClean(applyFix(text, d));
});

test('NTF122 a list-returning call in text', () => {
  const text = notifier(slack(`"parts: $Split($PackageId, '.')"`));
  const d = expectOne(text, 'NTF122', 'error', `$Split($PackageId, '.')`);
  expectClean(applyFix(text, d));
});

test('NTF123 unknown key of a record, with a did-you-mean fix', () => {
  const text = notifier(slack('"<% foreach %p in @AffectedPackages { %>$(%p.Nmae)<% } %>"'), 'vulnerability.detected');
  const d = expectOne(text, 'NTF123', 'error', 'Nmae');
  expectClean(applyFix(text, d));
});

test('a map<T> is open: any key is fine and has type T', () => {
  expectClean(notifier(slack('"<% foreach %a in @Alerts { %>$(%a.Anything) <% } %>"'), 'alert.raised'));
});

test('scalars of every kind may be written into text', () => {
  expectClean(notifier(slack('"$VulnerabilityScore $Timestamp $(1 < 2) $(10s)"'), 'vulnerability.detected'));
});

test('typeOf and resolveCall are recorded for the language server', () => {
  const text = when('$ListCount(@Split($PackageId, ".")) > 1');
  const a = run(text);
  const n = a.model.notifiers[0]!;
  const cond = (n.decl.clauses.find((c) => c.kind === 'When') as { condition?: import('../../../grammar/syntax/ast').Expr }).condition!;
  assert.equal(a.model.typeOf(cond)?.kind, 'bool');
  assert.equal(cond.kind, 'Binary');
  if (cond.kind !== 'Binary' || cond.left.kind !== 'Call') throw new Error('shape');
  assert.equal(a.model.resolveCall(cond.left)?.name, 'ListCount');
  assert.equal(a.model.typeOf(cond.left)?.kind, 'number');
  const split = cond.left.args[0]!;
  assert.deepEqual(a.model.typeOf(split), { kind: 'list', item: { kind: 'string' } });
});

test('NTF120 a string ordered against a number gets no fix that would compare text', () => {
  const text = when('$BuildNumber > 3', 'build.issues_opened');
  const d = expectOne(text, 'NTF120', 'error', '$BuildNumber > 3');
  assert.equal(d.fixes?.length ?? 0, 0);
  const eq = when('$FeedName == 3');
  assert.equal(applyFix(eq, expectOne(eq, 'NTF120', 'error', '$FeedName == 3')), eq.replace('== 3', '== "3"'));
});

test('NTF122 fix for a call keeps a sigil the function allows', () => {
  const text = notifier(slack('"first: $ListItem(@BuildIssues, 0)"'), 'build.issues_opened');
  const d = expectOne(text, 'NTF122', 'error', '$ListItem(@BuildIssues, 0)');
  assert.equal(applyFix(text, d), text.replace('$ListItem(@BuildIssues, 0)', '$ToJson(%ListItem(@BuildIssues, 0))'));
  expectClean(applyFix(text, d));
});
