/**
 * Generated inputs for benchmarks: a realistic `.notify` file of a given
 * number of lines (notifiers over several channels, samples), and a JSON
 * document of about the same size for the baselines.
 */
export function generateNotifyFile(lines: number): string {
  const out: string[] = ['# generated benchmark input', 'import "events/deploy.json";', ''];
  let i = 0;
  while (out.length < lines) {
    out.push(
      `notifier "Critical vulnerabilities ${i}" {`,
      `    on vulnerability.detected;`,
      `    when $VulnerabilityScore >= ${i % 10} && $MatchesRegex($FeedName, "^internal-");`,
      ``,
      `    slack {`,
      `        url  = $Secret("slack-secops-${i}");`,
      `        text = "*$VulnerabilityId* ($VulnerabilitySeverity, score $VulnerabilityScore): $VulnerabilitySummary";`,
      `    }`,
      ``,
      `    webhook {`,
      `        url     = "https://soar.example.com/hooks/proget/${i}";`,
      `        auth    = %(scheme: "bearer", token: $Secret("soar-token"));`,
      `        body    = $ToJson(%(`,
      `            packages: @AffectedPackages,`,
      `            vulnerabilityId: $VulnerabilityId,`,
      `            score: $VulnerabilityScore`,
      `        ));`,
      `    }`,
      ``,
      `    email {`,
      `        to      = "secops@example.com, oncall@example.com";`,
      `        subject = "$VulnerabilityId: $VulnerabilitySummary";`,
      `        body    = >>`,
      `A new vulnerability has been published: $VulnerabilitySummary`,
      `<% foreach %p in @AffectedPackages { %>* $(%p.Name) $(%p.AffectedVersions)`,
      `<% } %>`,
      `>>;`,
      `    }`,
      `}`,
      ``,
      `sample "storm ${i}" for vulnerability.detected {`,
      `    $VulnerabilityScore = 9.8;`,
      `    $FeedName = "internal-nuget";`,
      `}`,
      ``,
    );
    i++;
  }
  // Whole notifiers only, so the input is always valid: at least `lines` lines.
  return out.join('\n') + '\n';
}

/** A JSON document of about `bytes` characters, shaped like a catalog of notifier configs. */
export function generateJsonDocument(bytes: number): string {
  const items: unknown[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const item = {
      name: `Critical vulnerabilities ${i}`,
      on: ['vulnerability.detected'],
      when: { scoreAtLeast: i % 10, feedPattern: '^internal-' },
      slack: { url: { secret: `slack-secops-${i}` }, text: '*{VulnerabilityId}* ({VulnerabilitySeverity}, score {VulnerabilityScore})' },
      webhook: { url: `https://soar.example.com/hooks/proget/${i}`, auth: { scheme: 'bearer', token: { secret: 'soar-token' } } },
      email: { to: ['secops@example.com', 'oncall@example.com'], subject: '{VulnerabilityId}: {VulnerabilitySummary}' },
      sample: { name: `storm ${i}`, VulnerabilityScore: 9.8, FeedName: 'internal-nuget' },
    };
    items.push(item);
    size += JSON.stringify(item, null, 2).length + 2;
    i++;
  }
  return JSON.stringify({ notifiers: items }, null, 2);
}
