import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzeText, renderForPreview } from '../../../client/extension/engine';
import { fileOutline } from '../../../client/extension/outline';
import { buildPreviewModel, deliveryView } from '../../../client/extension/preview/model';
import { discordColor } from '../../../grammar/channels/discord/preview';
import { slackColor } from '../../../grammar/channels/slack/preview';
import { teamsView } from '../../../grammar/channels/teams/preview';
import { choicesFor, sanitize } from '../../../client/extension/preview/selection';

const FILE = `
notifier "Critical" {
    on vulnerability.detected;
    when $VulnerabilityScore >= 7;
    slack {
        url  = $Secret("slack-secops");
        text = "*$VulnerabilityId* score $VulnerabilityScore";
        color = "danger";
        fields = %(Feed: $FeedName);
    }
    teams {
        url = "https://example.webhook.office365.com/workflows/abc";
        title = "$VulnerabilityId";
        text = "A vulnerability";
        facts = %(Score: "$VulnerabilityScore");
    }
    discord {
        url = $Secret("discord");
        title = "Found $VulnerabilityId";
        description = "in **$FeedName**";
        color = "#ff0000";
    }
    webhook {
        url = "https://soar.example.com/hook";
        auth = %(scheme: "bearer", token: $Secret("soar-token"));
    }
    email {
        to = "secops@example.com";
        subject = "$VulnerabilityId";
        body = "Hello";
    }
}

notifier "Deploys" {
    on package.deployed;
    slack { url = $Secret("x"); text = "deployed $PackageId"; }
}

sample "storm" for vulnerability.detected {
    $VulnerabilityScore = 9.8;
    $FeedName = "internal-nuget";
}
`;

function model(selection = {}) {
  const analysis = analyzeText(FILE, undefined, process.cwd());
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  const outline = fileOutline(analysis.file);
  const sel = sanitize(selection, outline);
  const outcome = renderForPreview(FILE, analysis, sel);
  return buildPreviewModel({
    fileName: 'a.notify',
    selection: sel,
    choices: choicesFor(outline, sel),
    deliveries: outcome.deliveries,
    problems: outcome.problems,
    skipped: outcome.skipped,
    restricted: false,
    version: '9.9.9',
  });
}

describe('preview model from real renders', () => {
  it('shows the Slack message as Slack would: text, colour bar, fields; the URL stays a placeholder', () => {
    const m = model({ notifier: 'Critical' });
    const slack = m.deliveries.find((d) => d.channel === 'slack')!;
    assert.equal(slack.sample, 'storm');
    assert.equal(slack.receiver.kind, 'slack');
    if (slack.receiver.kind !== 'slack') return;
    assert.match(slack.receiver.text, /^\*PGV-\S+\* score 9\.8$/);
    assert.equal(slack.receiver.attachments[0]!.color, '#a30200');
    assert.deepEqual(slack.receiver.attachments[0]!.fields, [{ title: 'Feed', value: 'internal-nuget', short: true }]);
    assert.equal(slack.raw.kind, 'http');
    if (slack.raw.kind !== 'http') return;
    assert.equal(slack.raw.url, '\u2039secret:slack-secops\u203a');
    assert.ok(slack.raw.bodyIsJson);
    assert.match(slack.raw.body!, /\n {2}"text"/, 'the body is pretty-printed');
  });

  it('gives Teams an Adaptive Card, Discord an embed with a CSS colour, email its headers', () => {
    const m = model({ notifier: 'Critical' });
    const teams = m.deliveries.find((d) => d.channel === 'teams')!.receiver;
    assert.equal(teams.kind, 'teams-adaptive');
    if (teams.kind === 'teams-adaptive') assert.equal((teams.card as { type: string }).type, 'AdaptiveCard');
    const discord = m.deliveries.find((d) => d.channel === 'discord')!.receiver;
    assert.equal(discord.kind, 'discord');
    if (discord.kind === 'discord') {
      assert.match(discord.embeds[0]!.title, /^Found PGV-/);
      assert.equal(discord.embeds[0]!.color, '#ff0000');
    }
    const email = m.deliveries.find((d) => d.channel === 'email')!;
    assert.equal(email.receiver.kind, 'email');
    assert.equal(email.raw.kind, 'smtp');
    if (email.raw.kind === 'smtp') assert.deepEqual(email.raw.headers.find(([n]) => n === 'To'), ['To', 'secops@example.com']);
  });

  it('shows the webhook request with the bearer token as a placeholder', () => {
    const m = model({ notifier: 'Critical' });
    const hook = m.deliveries.find((d) => d.channel === 'webhook')!;
    assert.equal(hook.receiver.kind, 'webhook');
    assert.equal(hook.raw.kind, 'http');
    if (hook.raw.kind === 'http') {
      assert.deepEqual(hook.raw.headers.find(([n]) => n === 'Authorization'), ['Authorization', 'Bearer \u2039secret:soar-token\u203a']);
      // The headers the dispatcher adds at send time are shown too.
      assert.deepEqual(hook.raw.headers.find(([n]) => n === 'User-Agent'), ['User-Agent', 'notify/9.9.9']);
      assert.deepEqual(hook.raw.headers.find(([n]) => n === 'X-Notify-Event'), ['X-Notify-Event', 'vulnerability.detected']);
      assert.ok(hook.raw.headers.some(([n, v]) => n === 'X-Notify-Event-Id' && v.length > 0));
    }
  });

  it('offers the notifiers, the samples that fit the selected one, and its events', () => {
    const m = model({ notifier: 'Critical' });
    assert.deepEqual(m.choices.notifiers, ['Critical', 'Deploys']);
    assert.deepEqual(m.choices.samples, [{ name: 'storm', event: 'vulnerability.detected' }]);
    assert.deepEqual(m.choices.events, ['vulnerability.detected']);
    const deploys = model({ notifier: 'Deploys' });
    assert.deepEqual(deploys.choices.samples, []);
    assert.ok(deploys.deliveries.every((d) => d.notifier === 'Deploys'));
  });

  it('drops a selection that no longer exists instead of showing nothing', () => {
    const m = model({ notifier: 'Renamed away', sample: 'gone' });
    assert.deepEqual(m.selection, { notifier: undefined, sample: undefined, event: undefined });
    assert.ok(m.deliveries.some((d) => d.notifier === 'Deploys'));
  });

  it('lists file errors and still renders what it can', () => {
    const broken = FILE.replace('text = "deployed $PackageId";', 'text = "deployed $NoSuchVariable";');
    const analysis = analyzeText(broken, undefined, process.cwd());
    const outcome = renderForPreview(broken, analysis, {});
    assert.ok(outcome.problems.some((p) => p.where === 'NTF102' && p.line !== undefined), JSON.stringify(outcome.problems));
    assert.ok(outcome.deliveries.some((d) => d.notifier === 'Critical'));
  });
});

describe('receiver views from bodies', () => {
  it('maps Slack and Discord colours', () => {
    assert.equal(slackColor('good'), '#2eb886');
    assert.equal(slackColor('#ABCDEF'), '#ABCDEF');
    assert.equal(slackColor('purple'), null);
    assert.equal(discordColor(0x2eb886), '#2eb886');
    assert.equal(discordColor(255), '#0000ff');
    assert.equal(discordColor('red'), null);
  });

  it('reads a legacy MessageCard', () => {
    const v = teamsView({ '@type': 'MessageCard', title: 'T', text: 'x', themeColor: 'FF0000', sections: [{ facts: [{ name: 'a', value: 'b' }] }] });
    assert.deepEqual(v, { kind: 'teams-messagecard', title: 'T', text: 'x', color: '#FF0000', facts: [{ name: 'a', value: 'b' }], sections: [], actions: [] });
  });

  it('says why a body the service would not understand is shown raw', () => {
    const v = deliveryView({
      notifier: 'n',
      event: 'e',
      sample: null,
      channel: 'slack',
      request: { method: 'POST', url: 'https://hooks.slack.com/x', headers: {}, body: 'not json' },
      transport: { timeoutMs: 1, retries: 0, backoffMs: [], eventId: 'id' },
    });
    assert.equal(v.receiver.kind, 'unreadable');
    assert.equal(v.raw.kind === 'http' && v.raw.body, 'not json');
  });
});

describe('preview of fan-out and digests (LANGUAGE.md 2.1, 2.2)', () => {
  function preview(path: string, notifier: string) {
    const text = readFileSync(path, 'utf8');
    const analysis = analyzeText(text, undefined, process.cwd());
    const outline = fileOutline(analysis.file);
    const sel = sanitize({ notifier }, outline);
    const outcome = renderForPreview(text, analysis, sel);
    return buildPreviewModel({ fileName: path, selection: sel, choices: choicesFor(outline, sel), deliveries: outcome.deliveries, problems: outcome.problems, skipped: outcome.skipped, restricted: false });
  }
  it('shows every message of a fan-out, each labelled with its item and the scope', () => {
    const m = preview('examples/cipp-fanout.notify', 'CIPP alerts to Slack, one per alert');
    assert.deepEqual(m.deliveries.map((d) => [d.channel, d.part, d.scope]), [
      ['slack', 'item 1', 'tenant'],
      ['slack', 'item 2', 'tenant'],
    ]);
  });
  it('shows one message per digest group over all the samples', () => {
    const m = preview('examples/cipp-fanout.notify', 'CIPP alerts by email, one per tenant');
    assert.deepEqual(m.deliveries.map((d) => d.part), ['group "contoso.onmicrosoft.com" · 2 events', 'group "fabrikam.onmicrosoft.com" · 1 event']);
  });
});

describe('preview example dropdown for a digest', () => {
  const outlineOf = (path: string) => fileOutline(analyzeText(readFileSync(path, 'utf8'), path, process.cwd()).file);
  it('the default choice names the batch a digest renders: "digest: N events by KEY"', () => {
    const outline = outlineOf('examples/cipp-fanout.notify');
    assert.equal(choicesFor(outline, { notifier: 'CIPP alerts by email, one per tenant' }).defaultLabel, 'digest: 3 events by $Tenant');
    assert.equal(choicesFor(outline, { notifier: 'CIPP alerts to Slack, one per alert' }).defaultLabel, 'First matching sample');
    assert.equal(choicesFor(outline, {}).defaultLabel, 'First matching sample (digests: every sample)');
  });
  it('a digest without samples renders its catalog example: a batch of one', () => {
    const src = 'notifier "d" {\n    on alert.raised;\n    digest by $Tenant;\n    email { to = "a@example.com"; subject = "$Count"; body = "x"; }\n}\n';
    const outline = fileOutline(analyzeText(src, undefined, process.cwd()).file);
    assert.equal(choicesFor(outline, { notifier: 'd' }).defaultLabel, 'digest: 1 event by $Tenant');
  });
});

describe('render warnings in the preview (LANGUAGE.md 6.3)', () => {
  const mail = (id: string) =>
    `notifier "Mail" {\n    on vulnerability.detected;\n    email { to = "ops@example.com"; html = "<p>$VulnerabilityId</p>"; }\n}\nsample "s" for vulnerability.detected { $VulnerabilityId = "${id}"; }\n`;
  const view = (text: string) => {
    const analysis = analyzeText(text, undefined, process.cwd());
    const outcome = renderForPreview(text, analysis, { sample: 's' });
    return buildPreviewModel({ fileName: 'm.notify', selection: {}, choices: choicesFor(fileOutline(analysis.file), {}), deliveries: outcome.deliveries, problems: outcome.problems, restricted: false });
  };
  it('HTML past Gmail clipping is shown on its delivery, which still renders', () => {
    const model = view(mail('x'.repeat(110_000)));
    assert.deepEqual(model.problems, []);
    assert.equal(model.deliveries.length, 1);
    assert.match(model.deliveries[0]!.warnings?.[0] ?? '', /^Gmail allows at most 104448 bytes in html; this has 110007 \(Gmail clips/);
  });
  it('none under the limit', () => {
    assert.equal(view(mail('short')).deliveries[0]!.warnings, undefined);
  });
});
