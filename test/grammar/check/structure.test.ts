import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectClean, expectOne, run, spanText } from './helpers';

const SLACK = 'slack { url = $Secret("s"); }';

test('NTF301 notifier without on, at its name', () => {
  expectOne(`notifier "A" { ${SLACK} }`, 'NTF301', 'error', '"A"');
  expectClean(`notifier "A" { on package.added; ${SLACK} }`);
});

test('NTF302 notifier without a channel is a warning', () => {
  expectOne(`notifier "A" { on package.added; }`, 'NTF302', 'warning', '"A"');
});

test('NTF303 duplicate notifier names; samples are a separate namespace', () => {
  const text = `notifier "A" { on package.added; ${SLACK} }\nnotifier "A" { on package.deleted; ${SLACK} }\n`;
  const d = expectOne(text, 'NTF303', 'error', '"A"');
  assert.ok(d.span.start > 10);
  assert.equal(spanText(text, { ...d, span: d.related![0]!.span }), '"A"');
  expectClean(`notifier "A" { on package.added; ${SLACK} }\nsample "A" for package.added { }\n`);
  expectOne(`sample "S" for package.added { }\nsample "S" for package.deleted { }\n`, 'NTF303', 'error', '"S"');
});

test('NTF304 more than one on, on the second', () => {
  const text = `notifier "A" { on package.added; on package.deleted; ${SLACK} }`;
  const d = expectOne(text, 'NTF304', 'error', 'on package.deleted;');
  assert.equal(d.related?.length, 1);
  assert.equal(applyFix(text, d), `notifier "A" { on package.added, package.deleted;  ${SLACK} }`);
  expectClean(applyFix(text, d));
  const lines = 'notifier "A" {\n    on package.added;\n    on package.added, package.deleted;\n    ' + SLACK + '\n}\n';
  const merged = applyFix(lines, expectOne(lines, 'NTF304', 'error', 'on package.added, package.deleted;'));
  assert.equal(merged, 'notifier "A" {\n    on package.added, package.deleted;\n    ' + SLACK + '\n}\n');
});

test('NTF402 sample sets a value of the wrong type, with a fix for quoted numbers', () => {
  const text = 'sample "s" for vulnerability.detected {\n    $VulnerabilityScore = "high";\n}\n';
  expectOne(text, 'NTF402', 'error', '"high"');
  const quoted = 'sample "s" for vulnerability.detected {\n    $VulnerabilityScore = "9.8";\n}\n';
  expectClean(applyFix(quoted, expectOne(quoted, 'NTF402', 'error', '"9.8"')));
});

test('NTF402 sample sets an unknown variable, with a did-you-mean fix', () => {
  const text = 'sample "s" for vulnerability.detected {\n    $VulnerabiltyId = "CVE-1";\n}\n';
  const d = expectOne(text, 'NTF402', 'error', 'VulnerabiltyId');
  expectClean(applyFix(text, d));
});

test('samples accept lists of records, datetimes as ISO strings, and check the sigil', () => {
  expectClean(
    'sample "s" for vulnerability.detected {\n' +
      '    @AffectedPackages = @(%(Name: "a", AffectedVersions: "<1.0"));\n' +
      '    $Timestamp = "2026-01-02T03:04:05Z";\n' +
      '    $VulnerabilityScore = 9.8;\n}\n',
  );
  expectOne('sample "s" for package.added { $Timestamp = "yesterday"; }', 'NTF402', 'error', '"yesterday"');
  const text = 'sample "s" for vulnerability.detected { $AffectedPackages = @(); }';
  expectClean(applyFix(text, expectOne(text, 'NTF104', 'error', '$AffectedPackages')));
});

test('sample resolutions are recorded with their declaration', () => {
  const text = 'sample "s" for package.added { $packageid = "x"; }';
  const a = run(text);
  const ref = a.model.references('PackageId')[0]!;
  const r = a.model.resolveVariable(ref)!;
  assert.equal(r.kind, 'sample');
  assert.equal(r.name, 'PackageId');
  assert.equal(spanText(text, { code: 'NTF001', severity: 'error', message: '', span: r.declaration! }), '$packageid = "x";');
  assert.equal(a.model.samples[0]!.event?.name, 'package.added');
});

test('NTF402 records in sample values are closed and complete', () => {
  const missing = 'sample "s" for vulnerability.detected { @AffectedPackages = @(%(Name: "a")); }';
  const d = expectOne(missing, 'NTF402', 'error', '@(%(Name: "a"))');
  assert.match(d.message, /AffectedVersions/);
  const unknown = 'sample "s" for vulnerability.detected { @AffectedPackages = @(%(Name: "a", AffectedVersion: "1")); }';
  assert.match(expectOne(unknown, 'NTF402', 'error', '@(%(Name: "a", AffectedVersion: "1"))').message, /Did you mean `AffectedVersions`/);
  const wrong = 'sample "s" for vulnerability.detected { @AffectedPackages = @(%(Name: 1, AffectedVersions: "1")); }';
  assert.match(expectOne(wrong, 'NTF402', 'error', '@(%(Name: 1, AffectedVersions: "1"))').message, /Name is a string/);
  expectClean('sample "s" for alert.raised { @Alerts = @(%(Message: "disk full", Anything: "x")); }');
});
