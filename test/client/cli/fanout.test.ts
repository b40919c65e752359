import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/** LANGUAGE.md 2.1–2.3 through the built `notify` command: fan-out, digests, scope. */

interface Printed {
  notifier: string;
  sample: string | null;
  channel: string;
  scope?: string;
  item?: number;
  group?: string;
  count?: number;
  samples?: (string | null)[];
  request?: { body: string };
  email?: { subject: string; text: string };
}

async function render(args: string[], opts: { cwd?: string } = {}): Promise<Printed[]> {
  const r = await runCli(['render', ...args], opts);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return (JSON.parse(r.stdout) as { deliveries: Printed[] }).deliveries;
}

async function codes(text: string): Promise<string[]> {
  const dir = scratch({ 'n.notify': text });
  const r = await runCli(['check', '--format', 'json', 'n.notify'], { cwd: dir });
  return (JSON.parse(r.stdout) as { code: string; line: number; column: number; message: string }[]).map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`);
}

describe('fan-out (each)', () => {
  it('renders one Slack message per alert of the CIPP example, item by item', async () => {
    const all = await render(['examples/cipp-fanout.notify', '--notifier', 'CIPP alerts to Slack, one per alert']);
    assert.deepEqual(all.map((d) => [d.channel, d.item, d.scope, d.sample]), [
      ['slack', 0, 'tenant', 'contoso MFA'],
      ['slack', 1, 'tenant', 'contoso MFA'],
    ]);
    const texts = all.map((d) => (JSON.parse(d.request!.body) as { text: string }).text);
    assert.match(texts[0]!, /admin@contoso\.onmicrosoft\.com/);
    assert.match(texts[1]!, /helpdesk@contoso\.onmicrosoft\.com/);
  });

  it('follows the chosen sample', async () => {
    const all = await render(['examples/cipp-fanout.notify', '--notifier', 'CIPP alerts to Slack, one per alert', '--sample', 'fabrikam forwarding']);
    assert.equal(all.length, 1);
    assert.match(JSON.parse(all[0]!.request!.body).text, /ceo@fabrikam\.com/);
  });

  it('an empty list gives no message', async () => {
    const dir = scratch({
      'n.notify': `notifier "F" {\n    on alert.raised;\n    each %A in @Alerts;\n    slack { url = "https://hooks.slack.com/services/T0/B0/x"; text = "$MapItem(%A, 'Message')"; }\n}\nsample "none" for alert.raised { @Alerts = @(); }\n`,
    });
    const r = await runCli(['render', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).deliveries, []);
    // …and says so, with where and why, instead of printing nothing
    assert.equal(r.stderr, 'n.notify:3:5: note: "F": no message would be sent: it fans out over an empty list (@Alerts is empty)\n');
    const s = await runCli(['send', 'n.notify'], { cwd: dir });
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.stdout, '');
    assert.match(s.stderr, /^n\.notify:3:5: note: "F": no message would be sent: it fans out over an empty list \(@Alerts is empty\)\nnotify: 0 sent, 0 failed\n$/);
  });

  it('type-checks the list, the loop variable and its uses', async () => {
    const head = 'notifier "F" {\n    on alert.raised;\n';
    const slack = '    slack { url = $Secret("s"); text = "x"; }\n}\n';
    assert.deepEqual((await codes(`${head}    each $T in $Tenant;\n${slack}`)).map((c) => c.slice(0, 13)), ['NTF340@3:16 `']);
    const sigil = await codes(`${head}    each $A in @Alerts;\n${slack}`);
    assert.equal(sigil.length, 1);
    assert.match(sigil[0]!, /^NTF104@3:10 .*%A/);
    // the item type flows into the channels: a map in text is NTF122
    const inText = await codes(`${head}    each %A in @Alerts;\n    slack { url = $Secret("s"); text = "$(%A)"; }\n}\n`);
    assert.deepEqual(inText.map((c) => c.slice(0, 7)), ['NTF122@']);
    // the loop variable is not visible in `when`
    const inWhen = await codes(`${head}    each %A in @Alerts;\n    when $MapItem(%A, "Message") != "";\n${slack}`);
    assert.deepEqual(inWhen.map((c) => c.slice(0, 7)), ['NTF102@']);
  });
});

describe('digest (digest by)', () => {
  it('renders one email per tenant over the batch of samples, with counts', async () => {
    const all = await render(['examples/cipp-fanout.notify', '--notifier', 'CIPP alerts by email, one per tenant']);
    assert.deepEqual(all.map((d) => [d.group, d.count, d.samples]), [
      ['contoso.onmicrosoft.com', 2, ['contoso MFA', 'contoso licences']],
      ['fabrikam.onmicrosoft.com', 1, ['fabrikam forwarding']],
    ]);
    assert.equal(all[0]!.email!.subject, 'CIPP: 2 alert run(s) for contoso.onmicrosoft.com');
    assert.match(all[0]!.email!.text, /\[Critical\] Admins without MFA[\s\S]*\[Warning\] Licences about to expire/);
    assert.doesNotMatch(all[0]!.email!.text, /fabrikam/);
  });

  it('with --sample, the batch is that sample alone', async () => {
    const all = await render(['examples/cipp-fanout.notify', '--notifier', 'CIPP alerts by email, one per tenant', '--sample', 'contoso licences']);
    assert.deepEqual(all.map((d) => [d.group, d.count, d.samples]), [['contoso.onmicrosoft.com', 1, ['contoso licences']]]);
  });

  it('counts EntraGuard findings by severity', async () => {
    const all = await render(['examples/entraguard-summary.notify']);
    const hook = all.find((d) => d.channel === 'webhook')!;
    const body = JSON.parse(hook.request!.body);
    assert.deepEqual(body.bySeverity, { High: 2, Medium: 1 });
    assert.equal(body.total, 3);
    assert.deepEqual(body.findings.map((f: { FindingId: string }) => f.FindingId), ['CA-004', 'GU-012', 'MFA-001']);
    const teams = all.find((d) => d.channel === 'teams')!;
    assert.match(teams.request!.body, /High: 2  Medium: 1/);
  });

  it('leaves out events whose when is false before grouping', async () => {
    const dir = scratch({
      'n.notify': `notifier "D" {\n    on alert.raised;\n    when $Severity != "Info";\n    digest by $Tenant;\n    webhook { url = "https://example.com/h"; body = "$Count $DigestKey"; }\n}\nsample "a" for alert.raised { $Tenant = "t1"; $Severity = "Info"; }\nsample "b" for alert.raised { $Tenant = "t1"; $Severity = "Critical"; }\nsample "c" for alert.raised { $Tenant = "t2"; $Severity = "Critical"; }\n`,
    });
    const all = await render(['n.notify'], { cwd: dir });
    assert.deepEqual(all.map((d) => [d.request!.body, d.samples]), [['1 t1', ['b']], ['1 t2', ['c']]]);
  });

  it('type-checks the key and the digest variables', async () => {
    const head = 'notifier "D" {\n    on alert.raised;\n';
    assert.deepEqual((await codes(`${head}    digest by @Alerts;\n    slack { url = $Secret("s"); text = "x"; }\n}\n`)).map((c) => c.slice(0, 12)), ['NTF341@3:15 ']);
    const vars = await codes(`${head}    digest by $Tenant;\n    slack { url = $Secret("s"); text = "$Count $DigestKey $ListCount(@Events) $(%CountBy(@Events, 'Severity'))"; }\n}\n`);
    assert.deepEqual(vars.map((c) => c.slice(0, 7)), ['NTF122@'], vars.join('\n'));
    // outside a digest the digest variables do not exist
    const plain = await codes(`${head}    slack { url = $Secret("s"); text = "$Count"; }\n}\n`);
    assert.deepEqual(plain.map((c) => c.slice(0, 7)), ['NTF102@']);
  });

  it('reports each with digest, and a second scope (NTF342)', async () => {
    const found = await codes('notifier "D" {\n    on alert.raised;\n    each %A in @Alerts;\n    digest by $Tenant;\n    scope tenant;\n    scope product;\n    slack { url = $Secret("s"); text = "x"; }\n}\n');
    assert.deepEqual(found.map((c) => c.slice(0, 11)).sort(), ['NTF342@4:5 ', 'NTF342@6:5 ']);
  });
});

describe('scope', () => {
  it('is printed with each delivery and usable as $Scope in when', async () => {
    const dir = scratch({
      'n.notify': `notifier "P" {\n    scope product;\n    on product.released;\n    when $Scope == "product";\n    webhook { url = "https://example.com/h"; body = "[$Scope] $ProductName"; }\n}\nnotifier "None" {\n    on product.released;\n    webhook { url = "https://example.com/h"; body = "[$Scope]"; }\n}\n`,
    });
    const all = await render(['n.notify'], { cwd: dir });
    assert.deepEqual(all.map((d) => [d.notifier, d.scope, d.request!.body.replace(/\] .*/, ']')]), [
      ['P', 'product', '[product]'],
      ['None', undefined, '[]'],
    ]);
  });

  it('an unknown scope is NTF343 with a did-you-mean', async () => {
    const found = await codes('notifier "P" {\n    scope org;\n    on product.released;\n    webhook { url = "https://example.com/h"; }\n}\n');
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^NTF343@2:11 .*did you mean `organization`/);
  });
});

describe('notify send with fan-out', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  it('sends every message, reports each with its item, each with its own event id', async () => {
    receiver.replyByDefault({ status: 200, body: 'ok' });
    const start = receiver.requests.length;
    const dir = scratch({
      'n.notify': `notifier "F" {\n    on alert.raised;\n    each %A in @Alerts;\n    webhook { url = "${receiver.url('/f')}"; body = "$MapItem(%A, 'Message')"; retries = 0; }\n}\nsample "three" for alert.raised { @Alerts = @(%(Message: "one"), %(Message: "two"), %(Message: "three")); }\n`,
    });
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; item: number });
    assert.deepEqual(lines.map((l) => [l.ok, l.item]), [[true, 0], [true, 1], [true, 2]]);
    // the shape's key right after `channel`, as `render` has it (LANGUAGE.md 10), in both formats
    assert.deepEqual(Object.keys(lines[0]!), ['notifier', 'channel', 'item', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']);
    const json = await runCli(['send', 'n.notify', '--allow-private', '--format', 'json'], { cwd: dir });
    const deliveries = (JSON.parse(json.stdout) as { deliveries: Record<string, unknown>[] }).deliveries;
    assert.deepEqual(Object.keys(deliveries[2]!), ['notifier', 'channel', 'item', 'target', 'ok', 'status', 'attempts', 'durationMs', 'error']);
    const got = receiver.requests.slice(start, start + 3);
    assert.deepEqual(got.map((q) => q.body), ['one', 'two', 'three']);
    const ids = got.map((q) => String(q.headers['x-notify-event-id']));
    assert.equal(new Set(ids).size, 3, ids.join(' '));
  });
});

describe('recipient groups (notify-recipients.json)', () => {
  const GROUPS = JSON.stringify({ groups: { 'org-admins': ['ana@example.com', 'owner@example.com'], 'product-admins': ['lead@example.com'], empty: [] } });
  const mail = (to: string) => `notifier "M" {\n    on product.released;\n    email { to = ${to}; subject = "s"; }\n}\n`;

  it('expands groups found in a folder above the file, with literal addresses, without duplicates', async () => {
    const dir = scratch({ 'notify-recipients.json': GROUPS, 'team/sub/n.notify': mail('@("@org-admins", "sec@example.com", "ana@example.com", "@Product-Admins")') });
    const r = await runCli(['render', 'team/sub/n.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).deliveries[0].email.to, ['ana@example.com', 'owner@example.com', 'sec@example.com', 'lead@example.com']);
  });

  it('the nearest file wins', async () => {
    const dir = scratch({
      'notify-recipients.json': GROUPS,
      'team/notify-recipients.json': JSON.stringify({ groups: { 'org-admins': ['near@example.com'] } }),
      'team/n.notify': mail('"@org-admins"'),
    });
    const r = await runCli(['render', 'team/n.notify'], { cwd: dir });
    assert.deepEqual(JSON.parse(r.stdout).deliveries[0].email.to, ['near@example.com']);
  });

  it('an unknown group is NTF344 with a did-you-mean, an empty one NTF345', async () => {
    const dir = scratch({ 'notify-recipients.json': GROUPS, 'n.notify': mail('"sec@example.com, @org-admin, @empty"') });
    const r = await runCli(['check', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.match(lines[0]!, /^n\.notify:3:36: error NTF344: .*did you mean `@org-admins`/);
    assert.match(lines[1]!, /^n\.notify:3:48: error NTF345: /);
  });

  it('without a recipients file a group is NTF344 naming the file; a broken file is NTF346', async () => {
    const none = scratch({ 'n.notify': mail('"@org-admins"') });
    const r1 = await runCli(['check', 'n.notify'], { cwd: none });
    assert.match(r1.stdout, /error NTF344: .*no notify-recipients\.json/);
    const broken = scratch({ 'notify-recipients.json': '{"groups": [1]}', 'n.notify': mail('"@org-admins"') });
    const r2 = await runCli(['check', 'n.notify'], { cwd: broken });
    assert.match(r2.stdout, /error NTF346: /);
  });

  it('a group in from is NTF348 on the entry (groups are recipients, an email has one sender); computed, a render error', async () => {
    const dir = scratch({
      'notify-recipients.json': GROUPS,
      'n.notify': `notifier "M" {\n    on product.released;\n    email { to = "@org-admins"; from = "@org-admins"; subject = "s"; }\n}\n`,
      'c.notify': `notifier "M" {\n    on product.released;\n    email { to = "@org-admins"; from = "@$ToLower('ORG-ADMINS')"; subject = "s"; }\n}\n`,
    });
    const r = await runCli(['check', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^n\.notify:3:41: error NTF348: `from` is the one sender of the message: a recipient group \(`@org-admins`\) cannot be it/);
    assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
    const c = await runCli(['render', 'c.notify'], { cwd: dir });
    assert.equal(c.code, 1);
    assert.match(c.stderr, /^c\.notify:3:\d+: M\/email: from is the one sender of the message, not a recipient group/);
  });
});
