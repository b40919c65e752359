import { parseType } from '../types/parseType';
import type { Catalog, CatalogOrigin, EventDef, EventDefaults, Json, VariableDef } from './catalog';
import { exampleProblem, pathToString } from './exampleFits';

/**
 * The built-in event catalog (spec section 7). Example values follow the
 * public documentation of the systems these events come from: ProGet
 * webhooks and notifiers (package, vulnerability and build events),
 * EntraGuard-like tenant scanners (scan, finding, compliance), Chainloop-like
 * software supply-chain platforms (storage, integration, product) and CIPP
 * alerts (alert.raised).
 *
 * Defaults are template text (the content of a string, as in a swim string),
 * so `"` may appear in them freely; quotes inside calls are single quotes to
 * keep them readable when shown inside a `"…"` string in docs.
 */

const BUILTIN: CatalogOrigin = { kind: 'builtin' };

/** One variable row: [type, example, description]. */
type Row = readonly [type: string, example: Json, description: string];

interface EventSpec {
  readonly description: string;
  readonly variables: Readonly<Record<string, Row>>;
  readonly defaults: Required<EventDefaults>;
}

const EXAMPLE_TIMESTAMP = '2026-04-28T07:12:43Z';
const EXAMPLE_EVENT_ID = '3f6c2a9e-8d41-4b7a-9c55-1e0f7b2d4a86';

const COMMON: Readonly<Record<string, Row>> = {
  EventName: ['string', 'package.added', 'The event name, e.g. `package.added`.'],
  EventId: ['string', EXAMPLE_EVENT_ID, 'A unique id of this event (a UUID): new for each send, the same on every attempt of it, for deduplication.'],
  Timestamp: ['datetime', EXAMPLE_TIMESTAMP, 'When the event happened (UTC).'],
  NotifierName: ['string', 'Package activity', 'The name of the notifier being rendered.'],
};

// ------------------------------------------------------------------ ProGet

const PACKAGE_EVENTS: readonly [name: string, webhookEvent: string, verb: string, description: string][] = [
  ['package.added', 'Added', 'added to', 'A package was added (pushed, uploaded or pulled through a connector) to a feed.'],
  ['package.overwritten', 'Overwritten', 'overwritten in', 'A package version that already existed in a feed was replaced.'],
  ['package.promoted', 'Promoted', 'promoted to', 'A package was promoted from one feed to another.'],
  ['package.deployed', 'Deployed', 'deployed from', 'A package was recorded as deployed to a server or environment.'],
  ['package.deleted', 'Deleted', 'deleted from', 'A package was deleted from a feed.'],
  ['package.purged', 'Purged', 'purged from', 'A package was removed from a feed by a retention rule.'],
  ['package.status_changed', 'StatusChanged', 'changed status in', 'A package was listed, unlisted, deprecated or un-deprecated.'],
];

const PACKAGE_ID: Row = ['string', 'MyCorp.CoolUtils', 'The package name (for NuGet the package id; for npm the name with its scope).'];
const PACKAGE_VERSION: Row = ['string', '3.2.0-pre.1', 'The package version.'];
const FEED_NAME: Row = ['string', 'internal-nuget', 'The name of the feed.'];
/** ProGet's `$WebBaseUrl`, which its default build-issue email links with. */
const WEB_BASE_URL: Row = ['string', 'https://proget.example.com', 'The base URL of the ProGet web application (ProGet\'s `$WebBaseUrl`), for links.'];

function packageEvent(webhookEvent: string, verb: string, description: string): EventSpec {
  return {
    description,
    variables: {
      PackageId: PACKAGE_ID,
      PackageVersion: PACKAGE_VERSION,
      FeedName: FEED_NAME,
      FeedType: ['string', 'NuGet', 'The feed type, e.g. `NuGet`, `npm`, `PyPI`, `Docker`, `Maven`, `Universal`.'],
      UserName: ['string', 'Admin', 'The user who made the change (`SYSTEM` for automated changes).'],
      WebhookEvent: ['string', webhookEvent, 'The ProGet webhook event: `Added`, `Overwritten`, `Promoted`, `Deployed`, `Deleted`, `Purged` or `StatusChanged`.'],
      PackageHash: ['string', '2b9f3c0e6a41d85f7c1e0b4d9a6f3e2c81d7a5b0', "The package file's SHA-1 hash in hex (ProGet's `$PackageHash`, as its Slack and Teams samples show it); `$PackageHash(format, algorithm)` gives it in another encoding or algorithm."],
      PackageHashes: [
        'map<string>',
        { SHA1: '2b9f3c0e6a41d85f7c1e0b4d9a6f3e2c81d7a5b0', SHA256: '9c1e4b7f0a2d5e8c3b6f9a1d4e7c0b3f6a9d2e5c8b1f4a7d0e3c6b9f2a5d8e1c' },
        "The package file's hashes ProGet has computed, by algorithm (`SHA1`, `SHA256`, `SHA512`), in lower-case hex; what `$PackageHash(format, algorithm)` reads. The example values are placeholders, not hashes of a real file.",
      ],
      PackageGroup: ['string', '', "The package's group (ProGet's `$PackageGroup`: the Maven group id, a universal package's group, an npm scope), or empty; empty for the NuGet example."],
      FeedId: ['string', '7', "The numeric id of the feed (ProGet's `$FeedId`)."],
      PackageProperties: [
        'map<string>',
        { _sourceTarget: 'https://github.com/mycorp/coolutils', authors: 'MyCorp' },
        "The package's metadata properties as ProGet reads them from the package (what `$PackageProperty(name[, default])` reads).",
      ],
      WebBaseUrl: WEB_BASE_URL,
    },
    defaults: {
      title: `Package $PackageId $PackageVersion ${verb.split(' ')[0]}`,
      subject: `[$FeedName] $PackageId $PackageVersion ${verb.split(' ')[0]}`,
      text: `Package $PackageId $PackageVersion was ${verb} $FeedName by $UserName`,
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, webhookEvent: $WebhookEvent, package: $PackageId, version: $PackageVersion, feed: $FeedName, feedType: $FeedType, user: $UserName))',
    },
  };
}

const EVENTS: Readonly<Record<string, EventSpec>> = {
  ...Object.fromEntries(PACKAGE_EVENTS.map(([name, we, verb, d]) => [name, packageEvent(we, verb, d)])),

  'package.noncompliant': {
    description: 'A package in a feed was found noncompliant with the feed\'s policies (license, vulnerability or deprecation rules).',
    variables: {
      PackageId: PACKAGE_ID,
      PackageVersion: PACKAGE_VERSION,
      FeedName: FEED_NAME,
      PackageComplianceResult: ['string', 'Noncompliant', 'The compliance result: `Compliant`, `Warn`, `Noncompliant` or `Inconclusive`.'],
      PackageComplianceDetails: [
        'string',
        'Package has a license (GPL-3.0-only) that is blocked by policy; vulnerability PGV-2245804 (High) is not assessed.',
        'Why the package is noncompliant, as ProGet explains it.',
      ],
      WebBaseUrl: WEB_BASE_URL,
    },
    defaults: {
      title: 'Noncompliant package: $PackageId $PackageVersion',
      subject: '[$FeedName] $PackageId $PackageVersion is $PackageComplianceResult',
      text: 'Package $PackageId $PackageVersion in $FeedName is $PackageComplianceResult: $PackageComplianceDetails',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, package: $PackageId, version: $PackageVersion, feed: $FeedName, result: $PackageComplianceResult, details: $PackageComplianceDetails))',
    },
  },

  'vulnerability.detected': {
    description: 'A vulnerability was published that affects packages in a feed.',
    variables: {
      AffectedPackages: [
        'list<{Name: string, AffectedVersions: string}>',
        [
          { Name: 'Newtonsoft.Json', AffectedVersions: '[,13.0.1)' },
          { Name: 'MyCorp.CoolUtils', AffectedVersions: '[3.0.0,3.2.0)' },
        ],
        'The packages the vulnerability affects, with the affected version ranges.',
      ],
      VulnerabilityId: ['string', 'PGV-2245804', 'The vulnerability id (ProGet `PGV-` id; the CVE is usually in the summary).'],
      VulnerabilitySummary: [
        'string',
        'Improper Handling of Exceptional Conditions in Newtonsoft.Json (CVE-2024-21907)',
        'A one-line summary of the vulnerability.',
      ],
      VulnerabilitySeverity: ['string', 'High', 'The severity: `Low`, `Medium`, `High` or `Critical`.'],
      VulnerabilityScore: ['number', 7.5, 'The CVSS score, 0 to 10 (a number here; ProGet\'s example output quotes it because OtterScript values are text).'],
      FeedName: FEED_NAME,
      PackageId: ['string', 'Newtonsoft.Json', 'The package the notification is about (ProGet\'s default vulnerability email names it in its subject).'],
      PackageVersion: ['string', '12.0.3', 'The version of that package.'],
      WebBaseUrl: WEB_BASE_URL,
    },
    defaults: {
      title: '$VulnerabilityId ($VulnerabilitySeverity): $VulnerabilitySummary',
      subject: '$VulnerabilityId: $VulnerabilitySummary',
      text:
        '*$VulnerabilityId* ($VulnerabilitySeverity, score $VulnerabilityScore) in $FeedName: $VulnerabilitySummary' +
        '<% foreach %p in @AffectedPackages { %>`n• $(%p.Name) $(%p.AffectedVersions)<% } %>',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, vulnerabilityId: $VulnerabilityId, summary: $VulnerabilitySummary, severity: $VulnerabilitySeverity, score: $VulnerabilityScore, feed: $FeedName, packages: @AffectedPackages))',
    },
  },

  'build.issues_opened': {
    description: 'A build has open issues (BuildMaster-style build issues) that need attention before release.',
    variables: {
      BuildIssues: [
        'list<{Sequence: string, Detail: string}>',
        [
          { Sequence: '1', Detail: 'Unit test Accounts.Tests.InvoiceTests.RoundsTotals failed' },
          { Sequence: '2', Detail: 'Package MyCorp.CoolUtils 3.2.0-pre.1 is noncompliant' },
        ],
        'The open issues, in the order they were raised.',
      ],
      BuildNumber: ['string', '42', 'The build number.'],
      BuildReleaseNumber: ['string', '2.4.0', 'The release the build belongs to.'],
      BuildProjectName: ['string', 'Accounts', 'The project (application) name.'],
      BuildId: ['string', '1042', 'The numeric id of the build (ProGet\'s `$BuildId`), for links such as `$WebBaseUrl/projects/build/issues?projectBuildId=$BuildId`.'],
      WebBaseUrl: WEB_BASE_URL,
    },
    defaults: {
      title: '$BuildProjectName $BuildReleaseNumber build $BuildNumber has open issues',
      subject: '[$BuildProjectName] $ListCount(@BuildIssues) open issues in build $BuildReleaseNumber #$BuildNumber',
      text:
        '$BuildProjectName $BuildReleaseNumber build $BuildNumber has $ListCount(@BuildIssues) open issues:' +
        '<% foreach %i in @BuildIssues { %>`n$(%i.Sequence). $(%i.Detail)<% } %>',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, project: $BuildProjectName, release: $BuildReleaseNumber, build: $BuildNumber, issues: @BuildIssues))',
    },
  },

  // ------------------------------------------------------------ tenant scanner

  'scan.completed': {
    description: 'A security posture scan of a Microsoft Entra tenant completed.',
    variables: {
      TenantId: ['string', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'The Entra tenant id (a GUID).'],
      ScanId: ['string', 'scan-20260428-0712-7f3a', 'The id of the scan.'],
      Score: ['number', 78, 'The posture score, 0 to 100.'],
      Grade: ['string', 'B', 'The letter grade, `A` (best) to `F`.'],
      NewFindings: ['number', 3, 'How many findings this scan found that the previous scan did not.'],
      TenantDisplayName: ['string', 'Contoso Ltd', "The tenant's display name, as the scan summary shows it."],
      FindingCounts: [
        '{Critical: number, High: number, Medium: number, Low: number}',
        { Critical: 0, High: 1, Medium: 2, Low: 4 },
        'Open findings of this scan per severity, as the scan summary counts them.',
      ],
    },
    defaults: {
      title: '$TenantDisplayName scan completed: grade $Grade (score $Score)',
      subject: '$TenantDisplayName scan completed: grade $Grade, $NewFindings new findings',
      text:
        'Scan $ScanId of $TenantDisplayName ($TenantId) completed: score $Score, grade $Grade, $NewFindings new findings. ' +
        'Open findings: $(%FindingCounts.Critical) critical, $(%FindingCounts.High) high, $(%FindingCounts.Medium) medium, $(%FindingCounts.Low) low',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, tenantId: $TenantId, tenantDisplayName: $TenantDisplayName, scanId: $ScanId, score: $Score, grade: $Grade, newFindings: $NewFindings, findingCounts: %FindingCounts))',
    },
  },

  'scan.failed': {
    description: 'A security posture scan of a Microsoft Entra tenant failed.',
    variables: {
      TenantId: ['string', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'The Entra tenant id (a GUID).'],
      TenantDisplayName: ['string', 'Contoso Ltd', "The tenant's display name."],
      ScanId: ['string', 'scan-20260428-0712-7f3a', 'The id of the scan.'],
      Error: [
        'string',
        'Microsoft Graph returned 403 Forbidden: the application lacks the Policy.Read.All permission',
        'Why the scan failed.',
      ],
    },
    defaults: {
      title: '$TenantDisplayName scan failed',
      subject: 'Tenant scan $ScanId of $TenantDisplayName failed',
      text: 'Scan $ScanId of $TenantDisplayName ($TenantId) failed: $Error',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, tenantId: $TenantId, tenantDisplayName: $TenantDisplayName, scanId: $ScanId, error: $Error))',
    },
  },

  'finding.new': findingEvent(false),
  'finding.severity_changed': findingEvent(true),

  'compliance.report_ready': {
    description: 'A compliance report for a tenant is ready to download.',
    variables: {
      TenantId: ['string', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'The Entra tenant id (a GUID).'],
      Framework: ['string', 'CIS', 'The compliance framework: `CIS`, `NIST`, `ISO` or `SOC 2`.'],
      ReportUrl: [
        'string',
        'https://app.entraguard.example/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/reports/cis-2026-04-28.pdf',
        'Where to download the report.',
      ],
    },
    defaults: {
      title: '$Framework compliance report ready',
      subject: '$Framework compliance report for tenant $TenantId',
      text: 'The $Framework compliance report for tenant $TenantId is ready: $ReportUrl',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, tenantId: $TenantId, framework: $Framework, reportUrl: $ReportUrl))',
    },
  },

  // ------------------------------------------------------------ supply chain

  'storage.unhealthy': unhealthyEvent(
    'An artifact storage backend (CAS backend, e.g. an OCI registry) of an organization failed its health check.',
    'storage backend',
    'oci-ghcr',
    'OCI repository ghcr.io/acme/chainloop-cas: UNAUTHORIZED: authentication required',
  ),
  'integration.unhealthy': unhealthyEvent(
    'A third-party integration of an organization (e.g. Dependency-Track, a Slack webhook) failed its health check.',
    'integration',
    'dependency-track',
    'POST https://dtrack.acme.example/api/v1/bom: 401 Unauthorized',
  ),

  'product.compliance_changed': {
    description: "A product's compliance status changed (its latest attestations were evaluated against its policies).",
    variables: {
      Organization: ['string', 'acme', 'The organization the product belongs to.'],
      ProductName: ['string', 'payments-api', 'The product name.'],
      ComplianceStatus: ['string', 'non-compliant', 'The new compliance status: `compliant` or `non-compliant`.'],
      PreviousComplianceStatus: ['string', 'compliant', 'The compliance status before the change.'],
    },
    defaults: {
      title: '$ProductName is now $ComplianceStatus',
      subject: '[$Organization] $ProductName compliance: $PreviousComplianceStatus → $ComplianceStatus',
      text: 'Product $ProductName in $Organization changed from $PreviousComplianceStatus to $ComplianceStatus',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, organization: $Organization, product: $ProductName, status: $ComplianceStatus, previousStatus: $PreviousComplianceStatus))',
    },
  },

  'product.released': {
    description: 'A new version of a product was released.',
    variables: {
      Organization: ['string', 'acme', 'The organization the product belongs to.'],
      ProductName: ['string', 'payments-api', 'The product name.'],
      ReleaseVersion: ['string', 'v1.4.0', 'The released version.'],
    },
    defaults: {
      title: '$ProductName $ReleaseVersion released',
      subject: '[$Organization] $ProductName $ReleaseVersion released',
      text: 'Product $ProductName $ReleaseVersion was released in $Organization',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, organization: $Organization, product: $ProductName, version: $ReleaseVersion))',
    },
  },

  // ------------------------------------------------------------ CIPP

  'alert.raised': {
    description: 'CIPP raised alerts for a Microsoft 365 tenant (scripted alerts, audit log alerts or scheduled tasks).',
    variables: {
      Tenant: ['string', 'contoso.onmicrosoft.com', 'The tenant the alerts are about (its default domain).'],
      Title: ['string', 'CIPP Alert: Admins without MFA for contoso.onmicrosoft.com', 'The alert title.'],
      Severity: ['string', 'Critical', 'The severity: `Alert`, `Critical`, `Error`, `Warning`, `Info` or `Debug`.'],
      Invoking: ['string', 'Get-CIPPAlertMFAAdmins', 'What raised the alert: the CIPP alert check or scheduled command.'],
      Alerts: [
        'list<map<string>>',
        [
          { Message: 'Admin user admin@contoso.onmicrosoft.com does not have MFA registered', Tenant: 'contoso.onmicrosoft.com' },
          { Message: 'Admin user helpdesk@contoso.onmicrosoft.com does not have MFA registered', Tenant: 'contoso.onmicrosoft.com' },
        ],
        'The alerts, one map per alert (the fields depend on the alert).',
      ],
    },
    defaults: {
      title: '$Title',
      subject: '[$Severity] $Title',
      text: '[$Severity] $Title ($ListCount(@Alerts) alerts)<% foreach %a in @Alerts { %>`n• $MapItem(%a, \'Message\')<% } %>',
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, tenant: $Tenant, title: $Title, severity: $Severity, invoking: $Invoking, alerts: @Alerts))',
    },
  },
};

function findingEvent(severityChanged: boolean): EventSpec {
  const variables: Record<string, Row> = {
    TenantId: ['string', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'The Entra tenant id (a GUID).'],
    ScanId: ['string', 'scan-20260428-0712-7f3a', 'The id of the scan that found it.'],
    FindingId: ['string', 'CA-004', 'The id of the check that produced the finding.'],
    FindingTitle: ['string', 'Legacy authentication is not blocked by Conditional Access', 'The finding title.'],
    FindingSeverity: ['string', severityChanged ? 'Critical' : 'High', 'The severity: `Low`, `Medium`, `High` or `Critical`.'],
    FindingCategory: ['string', 'Conditional Access', 'The area of the tenant, e.g. `Conditional Access`, `Identity`, `Applications`.'],
    FindingAffected: ['list<string>', ['All users', 'Exchange Online'], 'The users, groups, apps or policies the finding is about.'],
    RemediationUrl: [
      'string',
      'https://learn.microsoft.com/en-us/entra/identity/conditional-access/policy-block-legacy-authentication',
      'Where to read how to fix it.',
    ],
  };
  if (severityChanged) variables.PreviousSeverity = ['string', 'High', 'The severity before the change.'];
  return severityChanged
    ? {
        description: 'The severity of an existing finding changed.',
        variables,
        defaults: {
          title: '$FindingTitle: $PreviousSeverity → $FindingSeverity',
          subject: '[$FindingSeverity] $FindingTitle (was $PreviousSeverity)',
          text: 'Finding $FindingId ($FindingCategory) changed from $PreviousSeverity to $FindingSeverity: ${FindingTitle}. Affected: $Join(\', \', @FindingAffected). Fix: $RemediationUrl',
          body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, tenantId: $TenantId, scanId: $ScanId, findingId: $FindingId, title: $FindingTitle, severity: $FindingSeverity, previousSeverity: $PreviousSeverity, category: $FindingCategory, affected: @FindingAffected, remediationUrl: $RemediationUrl))',
        },
      }
    : {
        description: 'A scan found a new finding in a tenant.',
        variables,
        defaults: {
          title: '[$FindingSeverity] $FindingTitle',
          subject: 'New $FindingSeverity finding: $FindingTitle',
          text: 'New $FindingSeverity finding $FindingId ($FindingCategory): ${FindingTitle}. Affected: $Join(\', \', @FindingAffected). Fix: $RemediationUrl',
          body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, tenantId: $TenantId, scanId: $ScanId, findingId: $FindingId, title: $FindingTitle, severity: $FindingSeverity, category: $FindingCategory, affected: @FindingAffected, remediationUrl: $RemediationUrl))',
        },
      };
}

function unhealthyEvent(description: string, what: string, name: string, error: string): EventSpec {
  return {
    description,
    variables: {
      Organization: ['string', 'acme', 'The organization that owns it.'],
      IntegrationName: ['string', name, `The name of the ${what}.`],
      Error: ['string', error, 'What the health check reported.'],
    },
    defaults: {
      title: `Unhealthy ${what}: $IntegrationName`,
      subject: `[$Organization] ${what} $IntegrationName is unhealthy`,
      text: `The ${what} $IntegrationName of $Organization is unhealthy: $Error`,
      body: '$ToJson(%(event: $EventName, id: $EventId, timestamp: $Timestamp, organization: $Organization, integration: $IntegrationName, error: $Error))',
    },
  };
}

// ------------------------------------------------------------------ building

function variable(name: string, [typeText, example, description]: Row, where: string): VariableDef {
  const parsed = parseType(typeText);
  if (!parsed.type) throw new Error(`builtin catalog: ${where}.${name}: bad type "${typeText}": ${parsed.error}`);
  const problem = exampleProblem(parsed.type, example);
  if (problem) throw new Error(`builtin catalog: ${where}.${name}.example${pathToString(problem.path) ? '.' + pathToString(problem.path) : ''}: ${problem.message}`);
  return { name, type: parsed.type, example, description, origin: BUILTIN };
}

/** `$EventName`, `$EventId`, `$Timestamp`, `$NotifierName`: defined for every event. */
export function commonVariables(eventName = 'package.added'): VariableDef[] {
  return Object.entries(COMMON).map(([name, row]) =>
    variable(name, name === 'EventName' ? [row[0], eventName, row[2]] : row, 'common'),
  );
}

/** Builds an event: its own variables first (completion order), then the common ones. */
function buildEvent(name: string, spec: EventSpec): EventDef {
  const variables = new Map<string, VariableDef>();
  for (const [vname, row] of Object.entries(spec.variables)) variables.set(vname.toLowerCase(), variable(vname, row, name));
  for (const v of commonVariables(name)) variables.set(v.name.toLowerCase(), v);
  return { name, description: spec.description, variables, defaults: spec.defaults, origin: BUILTIN };
}

export const BUILTIN_CATALOG: Catalog = {
  events: new Map(Object.entries(EVENTS).map(([name, spec]) => [name, buildEvent(name, spec)])),
};

/** The example value of every variable of an event, keyed by declared spelling (`PackageId`), in declaration order. */
export function exampleValues(event: EventDef): Map<string, Json> {
  return new Map([...event.variables.values()].map((v) => [v.name, v.example]));
}
