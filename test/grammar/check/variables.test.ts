import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectClean, expectOne, notifier, SLACK_URL } from './helpers';

const slack = (text: string) => `    slack { ${SLACK_URL} text = ${text}; }`;

test('NTF101 unknown event, with a did-you-mean fix', () => {
  const text = notifier(slack('"x"'), 'vulnerability.detcted');
  const d = expectOne(text, 'NTF101', 'error', 'vulnerability.detcted');
  assert.match(d.message, /vulnerability\.detected/);
  expectClean(applyFix(text, d));
});

test('NTF101 for a sample of an unknown event', () => {
  const text = 'sample "s" for package.addded { $PackageId = "x"; }\n';
  const d = expectOne(text, 'NTF101', 'error', 'package.addded');
  expectClean(applyFix(text, d));
});

test('NTF102 unknown variable, with a did-you-mean fix', () => {
  const text = notifier(`    when $PackgeId == "x";\n${slack('"x"')}`);
  const d = expectOne(text, 'NTF102', 'error', 'PackgeId');
  assert.match(d.message, /PackageId/);
  expectClean(applyFix(text, d));
});

test('NTF102 in text, and no suggestion when nothing is close', () => {
  const text = notifier(slack('"by $Somebody"'));
  const d = expectOne(text, 'NTF102', 'error', 'Somebody');
  assert.equal(d.fixes?.length ?? 0, 0);
});

test('NTF102 is not reported where the event is unknown (one mistake, one diagnostic)', () => {
  const text = notifier(slack('"$Whatever"'), 'no.such_event');
  expectOne(text, 'NTF101', 'error', 'no.such_event');
});

test('NTF103 variable defined by only some events names the events that lack it', () => {
  const text = notifier(slack('"by $UserName"'), 'package.added, package.noncompliant');
  const d = expectOne(text, 'NTF103', 'warning', '$UserName');
  assert.match(d.message, /package\.noncompliant/);
  expectClean(notifier(slack('"$PackageId"'), 'package.added, package.noncompliant'));
});

test('NTF104 a list written with $ gets a fix to @', () => {
  const text = notifier(`    webhook { url = "https://example.com/h"; body = $ToJson($AffectedPackages); }`, 'vulnerability.detected');
  const d = expectOne(text, 'NTF104', 'error', '$AffectedPackages');
  assert.equal(applyFix(text, d), text.replace('$AffectedPackages', '@AffectedPackages'));
  expectClean(applyFix(text, d));
});

test('NTF104 a foreach variable must match the item kind', () => {
  const text = notifier(slack('"<% foreach %f in @FindingAffected { %>$f <% } %>"'), 'finding.new');
  const d = expectOne(text, 'NTF104', 'error', '%f');
  expectClean(applyFix(text, d));
});

test('NTF104 a record item needs %', () => {
  const text = notifier(slack('"<% foreach $p in @AffectedPackages { %>$(%p.Name)<% } %>"'), 'vulnerability.detected');
  const d = expectOne(text, 'NTF104', 'error', '$p');
  expectClean(applyFix(text, d));
});

test('NTF105 another case than declared is a hint with a fix', () => {
  const text = notifier(`    when $packageid == "x";\n${slack('"x"')}`);
  const d = expectOne(text, 'NTF105', 'hint', 'packageid');
  expectClean(applyFix(text, d));
});

test('loop variables: typed by the list item, scoped to the loop, shadowing quietly', () => {
  expectClean(
    notifier(
      slack('"<% foreach %PackageId in @AffectedPackages { %>$(%PackageId.Name)<% } %>"'),
      'vulnerability.detected',
    ),
  );
  // outside the loop the name is unknown again
  const text = notifier(slack('"<% foreach %p in @AffectedPackages { %>$(%p.Name)<% } %>$(%p.Name)"'), 'vulnerability.detected');
  const d = expectOne(text, 'NTF102', 'error', 'p');
  assert.ok(d.span.start > text.indexOf('<% } %>'));
});

test('NTF103 is not reported where $IsVariableDefined guards the variable', () => {
  const on = 'package.added, package.noncompliant';
  expectClean(notifier(slack('"<% if $IsVariableDefined(\'UserName\') { %>by $UserName<% } %>"'), on));
  expectClean(notifier(`    when $IsVariableDefined("UserName") && true;\n${slack('"by $UserName"')}`, on));
  expectClean(notifier(slack('"by $Coalesce($UserName, \'someone\')"'), on));
  // the else branch is not guarded
  const text = notifier(slack('"<% if $IsVariableDefined(\'UserName\') { %>x<% } else { %>$UserName<% } %>"'), on);
  expectOne(text, 'NTF103', 'warning', '$UserName');
});

test('NTF102 says which events do define a variable', () => {
  const text = notifier(slack('"$VulnerabilityId"'));
  const d = expectOne(text, 'NTF102', 'error', 'VulnerabilityId');
  assert.match(d.message, /It is a variable of `vulnerability\.detected`/);
});

test('NTF102 for a name $IsVariableDefined can never find', () => {
  const text = notifier(slack('"<% if $IsVariableDefined(\'UserNmae\') { %>x<% } %>"'), 'package.added, package.noncompliant');
  const d = expectOne(text, 'NTF102', 'error', 'UserNmae');
  expectClean(applyFix(text, d));
});
