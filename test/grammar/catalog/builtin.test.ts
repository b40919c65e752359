import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, commonVariables, exampleValues } from '../../../grammar/catalog/builtin';
import { exampleProblem } from '../../../grammar/catalog/exampleFits';
import { typeToString } from '../../../grammar/types/type';

/** Spec section 7, written out again so a drift in builtin.ts fails here. */
const PACKAGE = ['PackageId', 'PackageVersion', 'FeedName', 'FeedType', 'UserName', 'WebhookEvent', 'PackageHash', 'PackageHashes:map<string>', 'PackageGroup', 'FeedId', 'PackageProperties:map<string>', 'WebBaseUrl'];
const FINDING = ['TenantId', 'ScanId', 'FindingId', 'FindingTitle', 'FindingSeverity', 'FindingCategory', 'FindingAffected:list<string>', 'RemediationUrl'];
const SPEC: Record<string, string[]> = {
  'package.added': PACKAGE,
  'package.overwritten': PACKAGE,
  'package.promoted': PACKAGE,
  'package.deployed': PACKAGE,
  'package.deleted': PACKAGE,
  'package.purged': PACKAGE,
  'package.status_changed': PACKAGE,
  'package.noncompliant': ['PackageId', 'PackageVersion', 'FeedName', 'PackageComplianceResult', 'PackageComplianceDetails', 'WebBaseUrl'],
  'vulnerability.detected': [
    'AffectedPackages:list<{Name: string, AffectedVersions: string}>',
    'VulnerabilityId',
    'VulnerabilitySummary',
    'VulnerabilitySeverity',
    'VulnerabilityScore:number',
    'FeedName',
    'PackageId',
    'PackageVersion',
    'WebBaseUrl',
  ],
  'build.issues_opened': ['BuildIssues:list<{Sequence: string, Detail: string}>', 'BuildNumber', 'BuildReleaseNumber', 'BuildProjectName', 'BuildId', 'WebBaseUrl'],
  'scan.completed': ['TenantId', 'ScanId', 'Score:number', 'Grade', 'NewFindings:number', 'TenantDisplayName', 'FindingCounts:{Critical: number, High: number, Medium: number, Low: number}'],
  'scan.failed': ['TenantId', 'TenantDisplayName', 'ScanId', 'Error'],
  'finding.new': FINDING,
  'finding.severity_changed': [...FINDING, 'PreviousSeverity'],
  'compliance.report_ready': ['TenantId', 'Framework', 'ReportUrl'],
  'storage.unhealthy': ['Organization', 'IntegrationName', 'Error'],
  'integration.unhealthy': ['Organization', 'IntegrationName', 'Error'],
  'product.compliance_changed': ['Organization', 'ProductName', 'ComplianceStatus', 'PreviousComplianceStatus'],
  'product.released': ['Organization', 'ProductName', 'ReleaseVersion'],
  'alert.raised': ['Tenant', 'Title', 'Severity', 'Invoking', 'Alerts:list<map<string>>'],
};
const COMMON = ['EventName', 'EventId', 'Timestamp:datetime', 'NotifierName'];

test('the built-in catalog has exactly the events of spec section 7', () => {
  assert.deepEqual([...BUILTIN_CATALOG.events.keys()].sort(), Object.keys(SPEC).sort());
});

test('every event has exactly its variables, with exact casing and types', () => {
  for (const [name, vars] of Object.entries(SPEC)) {
    const event = BUILTIN_CATALOG.events.get(name)!;
    const actual = [...event.variables.values()].map((v) => `${v.name}:${typeToString(v.type)}`).sort();
    const expected = [...vars, ...COMMON].map((v) => (v.includes(':') ? v : `${v}:string`)).sort();
    assert.deepEqual(actual, expected, name);
    for (const [key, v] of event.variables) assert.equal(key, v.name.toLowerCase());
    assert.equal(event.origin.kind, 'builtin');
    assert.ok(event.description.length > 10, name);
  }
});

test('every example fits its type and every variable has a description', () => {
  for (const event of BUILTIN_CATALOG.events.values()) {
    for (const v of event.variables.values()) {
      assert.equal(exampleProblem(v.type, v.example), undefined, `${event.name}.${v.name}`);
      assert.ok(v.description && v.description.length > 5, `${event.name}.${v.name}`);
    }
    assert.equal(event.variables.get('eventname')!.example, event.name);
    assert.match(event.variables.get('eventid')!.example as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(event.variables.get('timestamp')!.example, '2026-04-28T07:12:43Z');
  }
});

test('examples named by the brief', () => {
  const added = exampleValues(BUILTIN_CATALOG.events.get('package.added')!);
  assert.equal(added.get('PackageId'), 'MyCorp.CoolUtils');
  assert.equal(added.get('PackageVersion'), '3.2.0-pre.1');
  assert.equal(added.get('FeedName'), 'internal-nuget');
  assert.equal(added.get('FeedType'), 'NuGet');
  assert.equal(added.get('UserName'), 'Admin');
  assert.equal(added.get('WebhookEvent'), 'Added');
  assert.equal(exampleValues(BUILTIN_CATALOG.events.get('package.promoted')!).get('WebhookEvent'), 'Promoted');
  const vuln = exampleValues(BUILTIN_CATALOG.events.get('vulnerability.detected')!);
  assert.equal(vuln.get('VulnerabilityId'), 'PGV-2245804');
  assert.equal(vuln.get('VulnerabilityScore'), 7.5);
  assert.equal(vuln.get('VulnerabilitySeverity'), 'High');
  const scan = exampleValues(BUILTIN_CATALOG.events.get('scan.completed')!);
  assert.equal(scan.get('Grade'), 'B');
  assert.match(scan.get('TenantId') as string, /^[0-9a-f-]{36}$/);
  // declaration order: the event's own variables, then the common ones
  assert.deepEqual([...added.keys()].slice(-4), ['EventName', 'EventId', 'Timestamp', 'NotifierName']);
});

test('commonVariables', () => {
  const vars = commonVariables();
  assert.deepEqual(vars.map((v) => `${v.name}:${typeToString(v.type)}`), ['EventName:string', 'EventId:string', 'Timestamp:datetime', 'NotifierName:string']);
});

/**
 * A light reading of the defaults' template text (the syntax engine does the
 * full parse): every variable used must belong to the event (or be a
 * foreach variable), lists never appear bare in text, and every `$` starts
 * a name, `{`, or `(`.
 */
test('every event has the four defaults, using only its own variables', () => {
  for (const event of BUILTIN_CATALOG.events.values()) {
    for (const key of ['body', 'text', 'title', 'subject'] as const) {
      const text = event.defaults[key];
      assert.ok(text && text.trim().length > 0, `${event.name} ${key}`);
      const loopVars = new Set([...text.matchAll(/foreach\s+([$%@][A-Za-z]\w*)/g)].map((m) => m[1]!.toLowerCase()));
      for (const m of text.matchAll(/([$@%])(\{)?([A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)(\}|\()?/g)) {
        const [, sigil, brace, name, after] = m;
        if (after === '(') continue; // a call
        if (loopVars.has(sigil! + name!.toLowerCase())) continue;
        if (!brace && m.index! > 0 && /\w/.test(text[m.index! - 1]!)) continue; // e.g. an address
        const v = event.variables.get(name!.toLowerCase());
        assert.ok(v, `${event.name} ${key}: unknown variable ${sigil}${name}`);
        assert.equal(v.name, name, `${event.name} ${key}: casing of ${name}`);
        const kind = v.type.kind === 'list' ? '@' : v.type.kind === 'map' || v.type.kind === 'record' ? '%' : '$';
        assert.equal(sigil, kind, `${event.name} ${key}: sigil of ${name}`);
      }
      for (const m of text.matchAll(/\$(?![A-Za-z{(])/g)) assert.fail(`${event.name} ${key}: stray $ at ${m.index}`);
      if (key !== 'body') {
        // outside `$(...)`/calls, `@List` would be literal text, which is never what a default means
        const outsideCalls = text.replace(/\$[A-Za-z]+\([^)]*\)/g, '').replace(/<%.*?%>/g, '').replace(/\$\([^)]*\)/g, '');
        assert.doesNotMatch(outsideCalls, /@[A-Z]/, `${event.name} ${key}`);
      }
    }
  }
});
