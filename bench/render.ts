/**
 * Rendering one notifier (Slack + webhook JSON + email with a foreach) beside
 * Handlebars' compiled templates producing the same three outputs, checked
 * byte for byte first (issue 10: at least Handlebars' speed).
 *   node --import tsx bench/render.ts
 * Notify renders from the analysed file (analysis once, outside the timing);
 * Handlebars from templates compiled once, with the same event values (read
 * back from the webhook body), JSON built the way a Handlebars user would
 * (JSON.stringify around the rendered text). CPU time, median of batches.
 */
import Handlebars from 'handlebars';
import { cpus, loadavg } from 'node:os';
import { analyze } from '../grammar/analyze';
import { render } from '../grammar/render/render';
import { fmt, median } from './stats';

const src = `notifier "N" {
    on vulnerability.detected;
    slack {
        url  = "https://hooks.slack.example.com/x";
        text = "*$VulnerabilityId* ($VulnerabilitySeverity, score $VulnerabilityScore): $VulnerabilitySummary";
    }
    webhook {
        url  = "https://soar.example.com/hooks/proget";
        body = $ToJson(%(packages: @AffectedPackages, vulnerabilityId: $VulnerabilityId, score: $VulnerabilityScore, feed: $FeedName, severity: $VulnerabilitySeverity, summary: $VulnerabilitySummary));
    }
    email {
        to      = "secops@example.com";
        subject = "$VulnerabilityId: $VulnerabilitySummary";
        body    = >>
A new vulnerability has been published: $VulnerabilitySummary
<% foreach %p in @AffectedPackages { %>* $(%p.Name) $(%p.AffectedVersions)
<% } %>
>>;
    }
}
`;

const analysis = analyze(src, { readImport: () => undefined as never });
if (analysis.diagnostics.length) throw new Error(`bench input: ${analysis.diagnostics[0]!.code}`);
const renderNotify = () => render(analysis.file, analysis.catalog, {});
const ours = renderNotify();
const slackBody = ours.deliveries.find((d) => d.channel === 'slack')!.request!.body!;
const webhookBody = ours.deliveries.find((d) => d.channel === 'webhook')!.request!.body!;
const mail = ours.deliveries.find((d) => d.channel === 'email')!.email!;
const ctx = JSON.parse(webhookBody) as Record<string, unknown>;

const hb = Handlebars.create();
hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
hb.registerHelper('close', () => '}'); // `}}}` would read as a triple-stash close
const opts = { noEscape: true, strict: true };
const slackText = hb.compile('*{{vulnerabilityId}}* ({{severity}}, score {{score}}): {{summary}}', opts);
const webhook = hb.compile('{"packages":{{json packages}},"vulnerabilityId":{{json vulnerabilityId}},"score":{{json score}},"feed":{{json feed}},"severity":{{json severity}},"summary":{{json summary}}{{close}}', opts);
const subject = hb.compile('{{vulnerabilityId}}: {{summary}}', opts);
const body = hb.compile('A new vulnerability has been published: {{summary}}\n{{#each packages}}* {{Name}} {{AffectedVersions}}\n{{/each}}\n\n', opts);
const renderHandlebars = () => ({
  slack: JSON.stringify({ text: slackText(ctx), attachments: [{ color: 'danger', fields: [] }] }),
  webhook: webhook(ctx),
  subject: subject(ctx),
  text: body(ctx),
});
const theirs = renderHandlebars();
for (const [what, a, b] of [['slack', slackBody, theirs.slack], ['webhook', webhookBody, theirs.webhook], ['subject', mail.subject, theirs.subject], ['email text', mail.text, theirs.text]] as const) {
  if (a !== b) throw new Error(`bench: the ${what} outputs differ:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
}

/**
 * CPU time of this process, user + system: with tick-sampled accounting the
 * kernel splits a thread's exact run time between the two by sampled ticks,
 * so user time alone swings by a tick (4–10 ms) per 30 ms batch; the sum does not.
 */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
/** Calls per batch so that a batch costs about 30 ms of CPU (calibrated on CPU time, not wall: the machine is shared). */
function batchSize(fn: () => unknown): number {
  for (let i = 0; i < 500; i++) fn();
  const c0 = cpuNow();
  let n = 0;
  while (cpuNow() - c0 < 30_000) (fn(), n++);
  return n;
}
const cpuPerCall = (fn: () => unknown, n: number): number => {
  const c0 = cpuNow();
  for (let i = 0; i < n; i++) fn();
  return (cpuNow() - c0) / n;
};
// Batches alternate between the two, so that both see the same load; median of 21 each. The first 10 of each
// are not counted: until the optimizing compiler is done (on other threads, whose CPU time counts too) a batch
// of either side costs several times its settled figure, and 500 warm-up calls are not enough for that.
const nNotify = batchSize(renderNotify);
const nHandlebars = batchSize(renderHandlebars);
for (let b = 0; b < 10; b++) (cpuPerCall(renderNotify, nNotify), cpuPerCall(renderHandlebars, nHandlebars));
const notifyTimes: number[] = [];
const handlebarsTimes: number[] = [];
for (let b = 0; b < 21; b++) {
  notifyTimes.push(cpuPerCall(renderNotify, nNotify));
  handlebarsTimes.push(cpuPerCall(renderHandlebars, nHandlebars));
}
const notifyUs = median(notifyTimes);
const handlebarsUs = median(handlebarsTimes);
// The verdict compares each batch with the Handlebars batch right after it: the load of the other processes on
// this machine changes within a run (a side's batches swing by 2x), and neighbours see the same load.
const ratio = median(notifyTimes.map((t, b) => t / handlebarsTimes[b]!));
console.log(`Render of one notifier (Slack + webhook JSON + email with foreach), same outputs byte for byte; CPU time (user + system) per render, median of 21 alternating batches after 10 warm-up batches each; ${cpus().length} cores, load ${loadavg().map((l) => fmt(l, 1)).join(' ')}\n`);
console.log(`  notify render:                   ${fmt(notifyUs, 1)} µs`);
console.log(`  Handlebars compiled templates:   ${fmt(handlebarsUs, 1)} µs (reference, same run)`);
console.log(`\nverdict: notify / Handlebars ${fmt(ratio, 2)}x (median of the 21 batch pairs' ratios) — goal ≤ 1 (at least Handlebars' speed): ${ratio <= 1 ? 'MET' : 'NOT MET'}`);
