import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

/**
 * examples/seeds/: per seed system, every notification its documentation
 * describes, rendered by the built `notify render`, and each payload checked
 * against the structure the documentation shows (keys, nesting, types).
 */

interface Delivery {
  notifier: string;
  event: string;
  channel: string;
  scope?: string;
  item?: number;
  group?: string;
  count?: number;
  request?: { method: string; headers: Record<string, string>; body: string };
  email?: { to: string[]; cc: string[]; subject: string; text: string; html: string | null };
}

async function render(file: string, ...args: string[]): Promise<Delivery[]> {
  const r = await runCli(['render', `examples/seeds/${file}`, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { deliveries: Delivery[] }).deliveries;
}

/** The structure of a JSON value: `'string'`, `'number'`, …, `[item structure]`, `{key: structure}` (keys in order). */
type Shape = string | Shape[] | { [key: string]: Shape };
function shape(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    const items = v.map(shape);
    for (const s of items) assert.deepEqual(s, items[0], 'every item of a list has the same structure');
    return items.length ? [items[0]!] : [];
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

const body = (d: Delivery): unknown => JSON.parse(d.request!.body);
const one = (all: Delivery[], notifier: string, channel?: string): Delivery => {
  const found = all.filter((d) => d.notifier === notifier && (channel === undefined || d.channel === channel));
  assert.equal(found.length, 1, `${notifier} ${channel ?? ''}: ${found.length} deliveries`);
  return found[0]!;
};

/** Every event of `events` has a notifier in `file` that renders for it. */
async function coversEvents(file: string, events: readonly string[]): Promise<void> {
  for (const event of events) {
    const all = await render(file, '--event', event);
    assert.ok(all.some((d) => d.event === event), `${file}: nothing renders for ${event}`);
  }
}

describe('ProGet (docs: Notifications & Webhooks, Customizing Content & Webhooks, HOWTO Slack/Teams)', () => {
  const PACKAGE = ['package.added', 'package.overwritten', 'package.promoted', 'package.deployed', 'package.deleted', 'package.purged', 'package.status_changed'];
  const SCA = ['package.noncompliant', 'vulnerability.detected', 'build.issues_opened'];

  it('every package event and SCA event ProGet documents has a notifier', async () => {
    await coversEvents('proget.notify', [...PACKAGE, ...SCA]);
  });

  it('package events: the default webhook content has the documented keys, all strings', async () => {
    const all = await render('proget.notify');
    const d = one(all, 'Package events: default webhook');
    assert.deepEqual(shape(body(d)), { package: 'string', version: 'string', event: 'string', user: 'string', feed: 'string' });
    assert.deepEqual(body(d), { package: 'MyCorp.CoolUtils', version: '3.2.0-pre.1', event: 'Promoted', user: 'API', feed: 'internal-utils' });
    assert.equal(d.request!.headers['Content-Type'], 'application/json');
    assert.equal(d.request!.method, 'POST');
  });

  it('package events: the default email reads as documented', async () => {
    const d = one(await render('proget.notify'), 'Package events: default email');
    assert.equal(d.email!.subject, 'MyCorp.CoolUtils 3.2.0-pre.1 Promoted to internal-utils by API');
    assert.equal(d.email!.text, d.email!.subject);
  });

  it('the Slack and Teams sample payloads: {text} and a MessageCard {@context, @type, themeColor, title, text}', async () => {
    const all = await render('proget.notify');
    assert.deepEqual(shape(body(one(all, 'Package events: Slack sample payload'))), { text: 'string' });
    const card = body(one(all, 'Package events: Teams sample payload')) as Record<string, string>;
    assert.deepEqual(shape(card), { '@context': 'string', '@type': 'string', themeColor: 'string', title: 'string', text: 'string' });
    assert.equal(card['@type'], 'MessageCard');
    assert.equal(card.title, 'ProGet Webhooks - NuGet Package Promoted to internal-utils');
    const slack = body(one(all, 'Package events: Slack message')) as Record<string, unknown>;
    assert.equal(typeof slack.text, 'string');
  });

  it("package metadata: $PackageGroup, $FeedId, $PackageHash(format, algorithm) and $PackageProperty from the event's data", async () => {
    const d = one(await render('proget.notify'), 'Package events: package metadata');
    const sha256 = '9c1e4b7f0a2d5e8c3b6f9a1d4e7c0b3f6a9d2e5c8b1f4a7d0e3c6b9f2a5d8e1c'; // the catalog's placeholder for %PackageHashes.SHA256
    assert.deepEqual(body(d), {
      group: '', package: 'MyCorp.CoolUtils', version: '3.2.0-pre.1', feedId: '7',
      sha256: Buffer.from(sha256, 'hex').toString('base64'), sourceTarget: 'https://github.com/mycorp/coolutils',
    });
  });

  it('noncompliant package: webhook {package, version, result, details, feed}; email subject and reason', async () => {
    const all = await render('proget.notify', '--event', 'package.noncompliant');
    assert.deepEqual(shape(body(one(all, 'Noncompliant package: default webhook'))), {
      package: 'string', version: 'string', result: 'string', details: 'string', feed: 'string',
    });
    const mail = one(all, 'Noncompliant package: default email').email!;
    assert.equal(mail.subject, 'MyCorp.CoolUtils 3.2.0-pre.1 is Noncompliant');
    assert.match(mail.text, /^MyCorp\.CoolUtils 3\.2\.0-pre\.1 is Noncompliant in internal-nuget\.\nReason: /);
  });

  it('new vulnerability: webhook {packages: [{Name, AffectedVersions}], vulnerabilityId, summary, severity, score}; email lists the packages', async () => {
    const all = await render('proget.notify', '--sample', 'PGV-2245804');
    // ProGet's example output quotes the score ("7.5") because OtterScript values are text; the catalog's is a number (LANGUAGE.md 7).
    assert.deepEqual(shape(body(one(all, 'New vulnerability: default webhook'))), {
      packages: [{ Name: 'string', AffectedVersions: 'string' }], vulnerabilityId: 'string', summary: 'string', severity: 'string', score: 'number',
    });
    const mail = one(all, 'New vulnerability: default email').email!;
    assert.match(mail.subject, /^\S+ \S+: Vulnerability PGV-2245804$/);
    assert.match(mail.text, /A new vulnerability has been published: PGV-2245804 Improper Handling.*\nAffected packages:\n\n  \* nuget:Newtonsoft\.Json < 13\.0\.1\n/);
  });

  it('issues opened on build: webhook {issues: [{Sequence, Detail}], buildNumber, releaseNumber, projectName}; email links the issues', async () => {
    const all = await render('proget.notify', '--sample', 'XAPUtil.Web 25.4.2');
    const hook = body(one(all, 'Issues opened on build: default webhook'));
    assert.deepEqual(shape(hook), { issues: [{ Sequence: 'string', Detail: 'string' }], buildNumber: 'string', releaseNumber: 'string', projectName: 'string' });
    assert.deepEqual(hook, {
      issues: [{ Sequence: '1', Detail: 'Noncompliant package (PGV-892418)' }, { Sequence: '4', Detail: 'Noncompliant package (MIT License)' }],
      buildNumber: '25.4.2', releaseNumber: 'v25-Q4', projectName: 'XAPUtil.Web',
    });
    const mail = one(all, 'Issues opened on build: default email').email!;
    assert.equal(mail.subject, 'Issues detected in XAPUtil.Web 25.4.2');
    assert.match(mail.text, /To view issues, see https:\/\/proget\.example\.com\/projects\/build\/issues\?projectBuildId=1042&resolved=Unresolved\n$/);
  });
});

describe('CIPP (docs: Settings > Notifications; standardized alert schema)', () => {
  it('email: one message per tenant with one table row per alert', async () => {
    const mails = (await render('cipp.notify')).filter((d) => d.notifier === 'CIPP email: one table per tenant');
    assert.deepEqual(mails.map((d) => [d.group, d.count]), [['contoso.onmicrosoft.com', 2], ['fabrikam.onmicrosoft.com', 1]]);
    assert.equal(mails[0]!.email!.html!.match(/<tr><td>/g)!.length, 3);
    assert.equal(mails[1]!.email!.html!.match(/<tr><td>/g)!.length, 1);
  });

  it('Teams and Discord: a basic HTML table, one row per alert', async () => {
    const all = await render('cipp.notify');
    const card = body(one(all, 'CIPP webhook to Teams: HTML table')) as Record<string, unknown>;
    assert.equal(card['@type'], 'MessageCard');
    assert.equal(String(card.text).match(/<tr><td>/g)!.length, 2);
    const discord = body(one(all, 'CIPP webhook to Discord: HTML table')) as Record<string, unknown>;
    assert.equal(typeof discord.content, 'string');
    assert.equal(String(discord.content).match(/<tr><td>/g)!.length, 2);
  });

  it('Slack: a separate markdown message per alert', async () => {
    const slack = (await render('cipp.notify')).filter((d) => d.channel === 'slack');
    assert.deepEqual(slack.map((d) => d.item), [0, 1]);
    for (const d of slack) assert.match((body(d) as { text: string }).text, /^\*Admins without MFA\*\n>Admin user \S+ does not have MFA registered\n_Tenant: contoso\.onmicrosoft\.com_$/);
  });

  it('any other server: the JSON array of the alerts\' values; custom headers come from one secret', async () => {
    const d = one(await render('cipp.notify'), 'CIPP webhook: JSON array of the alerts');
    assert.deepEqual(shape(body(d)), [{ Message: 'string', Tenant: 'string' }]);
    assert.equal(d.request!.headers['‹secret:cipp-headers›'], '‹headers›');
  });

  it('the standardized schema: {schemaVersion, source, invoking, title, tenant, generatedAt, alertCount, payload} with alertCount = payload length', async () => {
    const d = one(await render('cipp.notify'), 'CIPP webhook: standardized alert schema');
    const b = body(d) as Record<string, unknown>;
    assert.deepEqual(shape(b), {
      schemaVersion: 'string', source: 'string', invoking: 'string', title: 'string', tenant: 'string', generatedAt: 'string', alertCount: 'number',
      payload: [{ Message: 'string', Tenant: 'string' }],
    });
    assert.equal(b.schemaVersion, '1.0');
    assert.equal(b.alertCount, (b.payload as unknown[]).length);
    assert.equal(b.invoking, 'CIPP webhook: standardized alert schema');
  });
});

describe('EntraGuard (the catalog\'s events and default bodies)', () => {
  it('every event has a notifier', async () => {
    await coversEvents('entraguard.notify', ['scan.completed', 'scan.failed', 'finding.new', 'finding.severity_changed', 'compliance.report_ready']);
  });

  it('the scan summary shows the tenant display name and the findings per severity', async () => {
    const all = await render('entraguard.notify', '--event', 'scan.completed');
    const hook = body(one(all, 'Scan summary', 'webhook'));
    assert.deepEqual(shape(hook), {
      tenant: { id: 'string', displayName: 'string' }, scanId: 'string', score: 'number', grade: 'string', newFindings: 'number',
      findingCounts: { Critical: 'number', High: 'number', Medium: 'number', Low: 'number' },
    });
    const card = body(one(all, 'Scan summary', 'teams')) as { attachments: { content: { body: { type: string; text?: string; facts?: { title: string }[] }[] } }[] };
    const blocks = card.attachments[0]!.content.body;
    assert.equal(blocks[0]!.text, 'Contoso Ltd: grade B (score 78)');
    assert.deepEqual(blocks.find((b) => b.type === 'FactSet')!.facts!.map((f) => f.title), ['Critical', 'High', 'Medium', 'Low']);
  });

  it('default webhook bodies: the event envelope and each event\'s own fields', async () => {
    const envelope = { event: 'string', id: 'string', timestamp: 'string' };
    const expected: Record<string, Shape> = {
      'scan.failed': { ...envelope, tenantId: 'string', tenantDisplayName: 'string', scanId: 'string', error: 'string' },
      'finding.new': { ...envelope, tenantId: 'string', scanId: 'string', findingId: 'string', title: 'string', severity: 'string', category: 'string', affected: ['string'], remediationUrl: 'string' },
      'finding.severity_changed': { ...envelope, tenantId: 'string', scanId: 'string', findingId: 'string', title: 'string', severity: 'string', previousSeverity: 'string', category: 'string', affected: ['string'], remediationUrl: 'string' },
      'compliance.report_ready': { ...envelope, tenantId: 'string', framework: 'string', reportUrl: 'string' },
    };
    for (const [event, want] of Object.entries(expected)) {
      const all = await render('entraguard.notify', '--event', event);
      const hook = all.find((d) => d.channel === 'webhook' && d.event === event)!;
      assert.deepEqual(shape(body(hook)), want, event);
    }
  });
});

describe('Chainloop (docs: Notifications; organization and product scope, roles)', () => {
  it('system status, product compliance and product releases, by email to the roles', async () => {
    const expected: [string, string, string, string[]][] = [
      ['storage.unhealthy', 'Storage backend unhealthy', 'organization', ['ana.admin@example.com', 'owner@example.com']],
      ['integration.unhealthy', 'Integration unhealthy', 'organization', ['ana.admin@example.com', 'owner@example.com']],
      ['product.compliance_changed', 'Product compliance changed', 'product', ['product-lead@example.com', 'release-manager@example.com']],
      ['product.released', 'Product released', 'product', ['product-lead@example.com', 'release-manager@example.com']],
    ];
    for (const [event, notifier, scope, to] of expected) {
      const d = one(await render('chainloop.notify', '--event', event), notifier, 'email');
      assert.equal(d.scope, scope);
      assert.deepEqual(d.email!.to, to);
      assert.ok(d.email!.subject.length > 0 && d.email!.text.length > 0);
    }
  });
});

/**
 * ProGet's documented contents, pasted exactly as its pages show them
 * (markdown's `\*` unescaped to `*`), each into the property ProGet puts it
 * in. Those that use only the catalog's names check without a diagnostic;
 * the others get exactly the did-you-mean the issue asks for. docs/seeds.md
 * has the same list as a table; keep the two together.
 */
describe('ProGet: documented contents pasted unchanged (docs/seeds.md)', () => {
  const EMAIL_PACKAGE = '$PackageId $PackageVersion $PackageEvent to $FeedName by $UserName';
  const EMAIL_VULN_SUBJECT = '$PackageId $PackageVersion: Vulnerability $VulnerabilityId';
  const EMAIL_VULN_BODY = 'A new vulnerability has been published: $VulnerabilityId $VulnerabilitySummary\nAffected packages:\n<% foreach %p in @AffectedPackages { %>\n  * $(%p.Name) $(%p.AffectedVersions)\n<% } %>';
  const EMAIL_NONCOMPLIANT_SUBJECT = '$PackageId $PackageVersion is $PackageComplianceResult';
  const EMAIL_NONCOMPLIANT_BODY = '$PackageId $PackageVersion is $PackageComplianceResult in $FeedName.\nReason: $PackageComplianceDetails';
  const EMAIL_BUILD_SUBJECT = 'Issues detected in $ProjectName $BuildNumber';
  const EMAIL_BUILD_BODY = 'Issues were detected in $ProjectName $BuildNumber\n<% foreach %i in @BuildIssues { %>\n * $(%i.Sequence) $(%i.Detail)\n<% } %>\nTo view issues, see $WebBaseUrl/projects/build/issues?projectBuildId=$BuildId&resolved=Unresolved';
  const HOOK_VULN = '$ToJson(%(\n    packages: @AffectedPackages,\n    vulnerabilityId: $VulnerabilityId,\n    summary: $VulnerabilitySummary,\n    severity: $VulnerabilitySeverity,\n    score: $VulnerabilityScore\n))';
  // "Customizing Content & Webhooks" spells the event $PackageEvent; "Notifications & Webhooks" $WebhookEvent.
  const HOOK_PACKAGE_CUSTOMIZING = '$ToJson(%(\n    package: $PackageId,\n    version: $PackageVersion,\n    event: $PackageEvent,\n    user: $UserName,\n    feed: $FeedName\n))  ';
  const HOOK_PACKAGE_OVERVIEW = HOOK_PACKAGE_CUSTOMIZING.replace('$PackageEvent', '$WebhookEvent');
  const HOOK_NONCOMPLIANT = '$ToJson(%(\n    package: $PackageId,\n    version: $PackageVersion,\n    result: $PackageComplianceResult,\n    details: $PackageComplianceDetails,\n    feed: $FeedName\n))';
  // Likewise: $ReleaseNumber/$ProjectName on one page, $BuildReleaseNumber/$BuildProjectName on the other.
  const HOOK_BUILD_CUSTOMIZING = '$ToJson(%(\n    issues: @BuildIssues,\n    buildNumber: $BuildNumber,\n    releaseNumber: $ReleaseNumber,\n    projectName: $ProjectName\n))';
  const HOOK_BUILD_OVERVIEW = '$ToJson(%(\n    issues: @BuildIssues,\n    buildNumber: $BuildNumber,\n    releaseNumber: $BuildReleaseNumber,\n    projectName: $BuildProjectName\n))';
  // ProGet 2023 and earlier: the default webhook payload of every package event.
  const HOOK_PACKAGE_2023 = '$ToJson(%(\n    feed: $FeedName,\n    package: $PackageId,\n    version: $PackageVersion,\n    hash: $PackageHash,\n    packageType: $FeedType,\n    event: $WebhookEvent,\n    user: $UserName\n))';
  const CUSTOM_EMAIL = 'Great news, $PackageId $PackageVersion has just been promoted to $FeedName!!\nThanks to $UserName for pressing the Promote button.';

  const email = (name: string, event: string, subject: string, body: string): string =>
    `notifier "${name}" {\n    on ${event};\n    email {\n        to = "ops@example.com";\n        subject = >>${subject}>>;\n        body = >>\n${body}\n>>;\n    }\n}\n`;
  const hook = (name: string, event: string, body: string): string =>
    `notifier "${name}" {\n    on ${event};\n    webhook {\n        url = "https://hooks.example.com/proget";\n        body = >>\n${body}\n>>;\n    }\n}\n`;

  // "Sample Advanced Expressions (Conditions)", as ProGet generates them.
  const WHEN_SCORE = '$Compare($VulnerabilityScore,>=,7.5)';
  const WHEN_PACKAGE = '$MatchesRegex($PackageName, "^MyPackage\\.*$")';
  const when = (name: string, event: string, condition: string): string =>
    `notifier "${name}" {\n    on ${event};\n    when ${condition};\n    webhook { url = "https://hooks.example.com/proget"; }\n}\n`;

  const FILES: Record<string, string> = {
    'when-score.notify': when('Score', 'vulnerability.detected', WHEN_SCORE),
    'when-package.notify': when('Package', 'package.added', WHEN_PACKAGE),
    'email-package.notify': email('Package events', 'package.promoted', EMAIL_PACKAGE, EMAIL_PACKAGE),
    'email-vulnerability.notify': email('New vulnerability', 'vulnerability.detected', EMAIL_VULN_SUBJECT, EMAIL_VULN_BODY),
    'email-noncompliant.notify': email('Noncompliant', 'package.noncompliant', EMAIL_NONCOMPLIANT_SUBJECT, EMAIL_NONCOMPLIANT_BODY),
    'email-build.notify': email('Issues opened on build', 'build.issues_opened', EMAIL_BUILD_SUBJECT, EMAIL_BUILD_BODY),
    'hook-vulnerability.notify': hook('New vulnerability', 'vulnerability.detected', HOOK_VULN),
    'hook-package-customizing.notify': hook('Package events', 'package.promoted', HOOK_PACKAGE_CUSTOMIZING),
    'hook-package-overview.notify': hook('Package events', 'package.promoted', HOOK_PACKAGE_OVERVIEW),
    'hook-noncompliant.notify': hook('Noncompliant', 'package.noncompliant', HOOK_NONCOMPLIANT),
    'hook-build-customizing.notify': hook('Issues opened on build', 'build.issues_opened', HOOK_BUILD_CUSTOMIZING),
    'hook-build-overview.notify': hook('Issues opened on build', 'build.issues_opened', HOOK_BUILD_OVERVIEW),
    'hook-package-2023.notify': hook('Package events', 'package.added', HOOK_PACKAGE_2023),
    'email-custom.notify': email('Promoted', 'package.promoted', CUSTOM_EMAIL, CUSTOM_EMAIL),
  };

  /** Per file: the diagnostics expected, as `CODE message-fragment`; none for those that paste unchanged. */
  const EXPECTED: Record<string, string[]> = {
    'when-score.notify': ['NTF004 Unquoted text `>=`: text must be in quotes, e.g. ">="'],
    // OtterScript reads a `$` before the closing quote as a dollar sign; here it must be written `` `$ `` (NTF003).
    'when-package.notify': ['NTF102 `$PackageName` for `package.added`. Did you mean `PackageId`?', 'NTF003 Stray `$` in text'],
    'email-package.notify': ['NTF102 `$PackageEvent` for `package.promoted`. Did you mean `WebhookEvent`?', 'NTF102 `$PackageEvent` for `package.promoted`. Did you mean `WebhookEvent`?'],
    'email-vulnerability.notify': [],
    'email-noncompliant.notify': [],
    'email-build.notify': ['NTF102 `$ProjectName` for `build.issues_opened`. Did you mean `BuildProjectName`?', 'NTF102 `$ProjectName` for `build.issues_opened`. Did you mean `BuildProjectName`?'],
    'hook-vulnerability.notify': [],
    'hook-package-customizing.notify': ['NTF102 `$PackageEvent` for `package.promoted`. Did you mean `WebhookEvent`?'],
    'hook-package-overview.notify': [],
    'hook-noncompliant.notify': [],
    'hook-build-customizing.notify': [
      'NTF102 `$ReleaseNumber` for `build.issues_opened`. Did you mean `BuildReleaseNumber`?',
      'NTF102 `$ProjectName` for `build.issues_opened`. Did you mean `BuildProjectName`?',
    ],
    'hook-build-overview.notify': [],
    'hook-package-2023.notify': [],
    'email-custom.notify': [],
  };

  interface Reported { file: string; line: number; severity: string; code: string; message: string }

  it('each checks with exactly the expected diagnostics (none, or the did-you-mean to the catalog name)', async () => {
    const dir = scratch(FILES);
    const r = await runCli(['check', dir, '--format', 'json']);
    const reported = JSON.parse(r.stdout) as Reported[];
    for (const [file, expected] of Object.entries(EXPECTED)) {
      const mine = reported.filter((d) => d.file.endsWith(`/${file}`));
      assert.equal(mine.length, expected.length, `${file}: ${JSON.stringify(mine.map((d) => `${d.code} ${d.message}`))}`);
      expected.forEach((want, i) => {
        const [code, ...rest] = want.split(' ');
        assert.equal(mine[i]!.code, code, file);
        assert.ok(mine[i]!.message.includes(rest.join(' ')), `${file}: ${mine[i]!.message}`);
      });
    }
    assert.equal(r.code, 1);
  });

  it('those that paste unchanged render to the JSON ProGet documents as example output', async () => {
    const dir = scratch({
      'hooks.notify': [HOOK_PACKAGE_OVERVIEW, HOOK_NONCOMPLIANT].map((b, i) => hook(`h${i}`, i === 0 ? 'package.promoted' : 'package.noncompliant', b)).join('\n') +
        'sample "doc" for package.promoted {\n    $PackageId = "MyCorp.CoolUtils";\n    $PackageVersion = "3.2.0-pre.1";\n    $UserName = "API";\n    $FeedName = "internal-utils";\n}\n' +
        'sample "doc-nc" for package.noncompliant {\n    $PackageId = "MyCorp.CoolUtils";\n    $PackageVersion = "3.2.0-pre.1";\n    $FeedName = "internal-utils";\n    $PackageComplianceDetails = "Vulnerability (PGV-2358804); Package is Unlisted";\n}\n',
    });
    const r = await runCli(['render', `${dir}/hooks.notify`, '--sample', 'doc']);
    assert.equal(r.code, 0, r.stderr);
    const [d] = (JSON.parse(r.stdout) as { deliveries: Delivery[] }).deliveries;
    assert.deepEqual(body(d!), { package: 'MyCorp.CoolUtils', version: '3.2.0-pre.1', event: 'Promoted', user: 'API', feed: 'internal-utils' });
    const nc = await runCli(['render', `${dir}/hooks.notify`, '--sample', 'doc-nc']);
    assert.equal(nc.code, 0, nc.stderr);
    const [n] = (JSON.parse(nc.stdout) as { deliveries: Delivery[] }).deliveries;
    assert.deepEqual(body(n!), {
      package: 'MyCorp.CoolUtils', version: '3.2.0-pre.1', result: 'Noncompliant', details: 'Vulnerability (PGV-2358804); Package is Unlisted', feed: 'internal-utils',
    });
  });
});
