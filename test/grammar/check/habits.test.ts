import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectClean, expectOne, notifier, run, SLACK_URL } from './helpers';

/** A notifier whose second channel has a mistake of its own: habits must not hide it. */
const withLaterError = (body: string, on = 'package.added') => notifier(`${body}\n    webhook { url = 3; }`, on);
const when = (cond: string, on = 'package.added') => notifier(`    when ${cond};\n    slack { ${SLACK_URL} text = "x"; }`, on);

function laterErrorStillReported(text: string): void {
  const codes = run(text).diagnostics.map((d) => d.code);
  assert.ok(codes.includes('NTF203'), `the later channel is still checked: ${codes.join(' ')}`);
}

const POWERSHELL: readonly [string, string][] = [
  ['$PackageId -eq "x"', '$PackageId == "x"'],
  ['$PackageId -ne "x"', '$PackageId != "x"'],
  ['$ListCount(@FindingAffected) -gt 2', '$ListCount(@FindingAffected) > 2'],
  ['$ListCount(@FindingAffected) -lt 2', '$ListCount(@FindingAffected) < 2'],
  ['$ListCount(@FindingAffected) -ge 2', '$ListCount(@FindingAffected) >= 2'],
  ['$ListCount(@FindingAffected) -le 2', '$ListCount(@FindingAffected) <= 2'],
];

for (const [written, meant] of POWERSHELL) {
  test(`PowerShell operator: ${written} is one NTF001 whose fix writes ${meant}`, () => {
    const on = written.includes('Finding') ? 'finding.new' : 'package.added';
    const text = when(written, on);
    const op = /-[a-z]+/.exec(written)![0];
    const d = expectOne(text, 'NTF001', 'error', op);
    assert.equal(run(text).diagnostics.length, 1, JSON.stringify(run(text).diagnostics.map((x) => x.message)));
    assert.equal(applyFix(text, d), when(meant, on));
    expectClean(applyFix(text, d));
    laterErrorStillReported(withLaterError(`    when ${written};`, on));
  });
}

test('PowerShell -and, -or, -not: one diagnostic each, fixes give a clean condition', () => {
  let text = when('-not ($PackageId -eq "a") -and $FeedName -ne "b" -or $UserName -eq "c"');
  const ds = run(text).diagnostics;
  assert.deepEqual(ds.map((d) => d.code), ['NTF001', 'NTF001', 'NTF001', 'NTF001', 'NTF001', 'NTF001']);
  for (let i = 0; i < 6; i++) {
    const d = run(text).diagnostics[0]!;
    text = applyFix(text, d);
  }
  assert.equal(text, when('! ($PackageId == "a") && $FeedName != "b" || $UserName == "c"'));
  expectClean(text);
});

test('PowerShell -like / -match: fix rewrites into $Matches / $MatchesRegex', () => {
  const like = when('$PackageId -like "MyCorp.*"');
  const d = expectOne(like, 'NTF001', 'error', '-like');
  assert.equal(applyFix(like, d), when('$Matches($PackageId, "MyCorp.*")'));
  expectClean(applyFix(like, d));
  const match = when('$PackageId -match "^My"');
  const m = expectOne(match, 'NTF001', 'error', '-match');
  assert.equal(applyFix(match, m), when('$MatchesRegex($PackageId, "^My")'));
  // The operands are still type-checked.
  assert.ok(run(when('@FindingAffected -like "x"', 'finding.new')).diagnostics.some((x) => x.code === 'NTF112'));
});

test('`=` where `==` is meant in `when`: one NTF001 on `=`, fix writes `==`, rest still checked', () => {
  const text = when('$PackageId = "x"');
  const d = expectOne(text, 'NTF001', 'error', '=');
  assert.equal(run(text).diagnostics.length, 1);
  assert.equal(applyFix(text, d), when('$PackageId == "x"'));
  laterErrorStillReported(withLaterError('    when $PackageId = "x";'));
});

test('JSON escapes in a string: one NTF003 each on `\\"` / `\\n`, fixes write the grave escapes', () => {
  const text = notifier(`    slack { ${SLACK_URL} text = "say \\"hi\\"\\n"; }`);
  const ds = run(text).diagnostics;
  assert.deepEqual(ds.map((d) => d.code), ['NTF003', 'NTF003', 'NTF003'], JSON.stringify(ds.map((d) => d.message)));
  let fixed = text;
  for (const d of [...ds].reverse()) fixed = applyFix(fixed, d);
  assert.equal(fixed, notifier(`    slack { ${SLACK_URL} text = "say \`"hi\`"\`n"; }`));
  expectClean(fixed);
  laterErrorStillReported(withLaterError(`    slack { ${SLACK_URL} text = "say \\"hi\\""; }`));
});

test('backslashes in regular expressions are not JSON escapes', () => {
  expectClean(when('$MatchesRegex($PackageId, "^\\\\d+\\\\.\\\\n")'));
  expectClean(when('$MatchesRegex($PackageId, "a\\\\nb")'));
});

test("unquoted operator argument (ProGet's $Compare($VulnerabilityScore,>=,7.5)): NTF004 with the quoting fix", () => {
  const text = when('$Compare($PackageVersion,>=,7.5)');
  const d = expectOne(text, 'NTF004', 'error', '>=');
  assert.equal(run(text).diagnostics.length, 1);
  expectClean(applyFix(text, d));
});

test('functions from other template languages: $eq(…) → ==, $FeedName() → $FeedName, $upper → $ToUpper', () => {
  const eq = when('$eq($PackageId, "x")');
  const d = expectOne(eq, 'NTF110', 'error', 'eq');
  assert.equal(run(eq).diagnostics.length, 1);
  assert.equal(applyFix(eq, d), when('$PackageId == "x"'));
  const feed = when('$FeedName() == "x"');
  const f = expectOne(feed, 'NTF110', 'error', 'FeedName');
  assert.equal(applyFix(feed, f), when('$FeedName == "x"'));
  const not = when('$not($PackageId == "x")');
  expectClean(applyFix(not, expectOne(not, 'NTF110', 'error', 'not')));
});

test('ProGet variable names get a did-you-mean to the catalog name', () => {
  const pkg = when('$PackageName == "x"');
  const d = expectOne(pkg, 'NTF102', 'error', 'PackageName');
  assert.match(d.message, /PackageId/);
  expectClean(applyFix(pkg, d));
  const ev = when('$PackageEvent == "Added"');
  expectClean(applyFix(ev, expectOne(ev, 'NTF102', 'error', 'PackageEvent')));
});

test('on Package.Added: one error with a did-you-mean', () => {
  const text = notifier(`    slack { ${SLACK_URL} text = "$PackageId"; }`, 'Package.Added');
  const ds = run(text).diagnostics;
  assert.equal(ds.length, 1, JSON.stringify(ds.map((d) => d.message)));
  assert.match(ds[0]!.message, /Did you mean `package\.added`/);
  expectClean(applyFix(text, ds[0]!));
});

test('backslashes stay ordinary where the contract says so: Windows paths, a lone backslash string', () => {
  expectClean(notifier(`    slack { ${SLACK_URL} text = "C:\\\\path\\\\new"; }`));
  expectClean(notifier(`    slack { ${SLACK_URL} text = "$Join('\\\\', @('a', 'b'))"; }`));
  expectClean(notifier(`    webhook { url = "https://h.example/x"; body = "C:\\\\dir\\\\"; content_type = "text/plain"; }`));
});

test('NTF103 is narrowed by an event condition, in templates and in `when`', () => {
  const on = 'scan.completed, scan.failed';
  const warned = notifier(`    slack { ${SLACK_URL} text = "$Score"; }`, on);
  assert.deepEqual(run(warned).diagnostics.map((d) => d.code), ['NTF103']);
  expectClean(notifier(`    slack { ${SLACK_URL} text = "<% if $EventName == 'scan.completed' { %>$Score<% } %>"; }`, on));
  expectClean(notifier(`    slack { ${SLACK_URL} text = "<% if ($EventName == 'scan.completed') && $ScanId != '' { %>$Grade<% } %>"; }`, on));
  // Not narrowed by `||` with another event that lacks it, nor in the else branch.
  assert.deepEqual(
    run(notifier(`    slack { ${SLACK_URL} text = "<% if $EventName == 'scan.completed' || $EventName == 'scan.failed' { %>$Score<% } %>"; }`, on)).diagnostics.map((d) => d.code),
    ['NTF103'],
  );
  assert.deepEqual(
    run(notifier(`    slack { ${SLACK_URL} text = "<% if $EventName == 'scan.completed' { %>x<% } else { %>$Score<% } %>"; }`, on)).diagnostics.map((d) => d.code),
    ['NTF103'],
  );
  expectClean(notifier(`    when $EventName == "scan.completed";\n    slack { ${SLACK_URL} text = "$Score"; }`, on));
});

test('a list or map as a Slack/Discord field or Teams fact value: one error on the value at check time, the rest still checked', () => {
  const cases: readonly [string, string][] = [
    [`slack { ${SLACK_URL} text = "x"; fields = %(Affected: @FindingAffected); }`, '@FindingAffected'],
    [`teams { url = $Secret("t"); title = "x"; facts = %(Affected: @FindingAffected, Sev: $FindingSeverity); }`, '@FindingAffected'],
    [`discord { url = $Secret("d"); title = "x"; fields = %(Raw: %(a: 1)); }`, '%(a: 1)'],
    [`slack { ${SLACK_URL} text = "x"; fields = %(L: @(1, 2)); }`, '@(1, 2)'],
  ];
  for (const [block, value] of cases) {
    const text = notifier(`    ${block}\n    webhook { url = 3; body = "{}"; }`, 'finding.new');
    const ds = run(text).diagnostics;
    assert.equal(ds.length, 2, JSON.stringify(ds.map((d) => `${d.code} ${d.message}`)));
    const onValue = ds.filter((d) => text.slice(d.span.start, d.span.end) === value);
    assert.equal(onValue.length, 1, JSON.stringify(ds.map((d) => `${d.code} ${d.message}`)));
    assert.equal(onValue[0]!.severity, 'error');
  }
  expectClean(notifier(`    slack { ${SLACK_URL} text = "x"; fields = %(Affected: $Join(", ", @FindingAffected)); }`, 'finding.new'));
});

test('ProGet\'s $EncodeBasicAuth(…) is one NTF110 that says to write `auth` (the channel encodes it, the password stays secret)', () => {
  const text = notifier('    webhook { url = "https://h.example/x"; headers = %(Authorization: "Basic $EncodeBasicAuth(\'u\', \'p\')"); }');
  const d = expectOne(text, 'NTF110', 'error', 'EncodeBasicAuth');
  assert.equal(run(text).diagnostics.length, 1);
  assert.match(d.message, /auth = %\(scheme: "basic", username: …, password: \$Secret/);
});
