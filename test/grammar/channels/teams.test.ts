// Teams (grammar/channels/teams/): whole Adaptive Cards and MessageCards,
// the format-versus-URL checks, the MessageCard → Adaptive Card converter,
// and an Adaptive Card sent to a loopback receiver that answers as Teams
// Workflows do.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { deliveryView } from '../../../client/extension/preview/model';
import { analyze } from '../../../grammar/analyze';
import { convertMessageCard, messageCardToAdaptive } from '../../../grammar/channels/teams/convert';
import { applyTextEdits, conversions } from '../../../grammar/convert';
import type { Diagnostic } from '../../../grammar/diagnostics';
import { render } from '../../../grammar/render/render';
import { RENDER_TIME_ERRORS } from '../../../grammar/render/renderTimeErrors';
import { HttpReceiver } from '../../support/httpReceiver';
import { loopbackOptions } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };
const WORKFLOWS = 'https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01';
const CONNECTOR = 'https://contoso.webhook.office.com/webhookb2/x';

function file(block: string): string {
  return `notifier "Teams" {\n    on package.added;\n    teams {\n${block
    .trim()
    .split('\n')
    .map((l) => `        ${l.trim()}`)
    .join('\n')}\n    }\n}\n\nsample "s" for package.added {\n    $PackageId = "Acme.Lib";\n}\n`;
}

function check(text: string): readonly Diagnostic[] {
  return analyze(text, noImports).diagnostics;
}

function renderBody(text: string): any {
  const analysis = analyze(text, noImports);
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const result = render(analysis.file, analysis.catalog, {});
  assert.deepEqual(result.errors, []);
  return JSON.parse(result.deliveries[0]!.request!.body!);
}

test('an Adaptive Card carries the written body elements after title, text and facts, and the written actions', () => {
  const body = renderBody(
    file(`
      url     = $Secret("teams");
      title   = "New $PackageId";
      facts   = %(Feed: $FeedName);
      body    = @(%(type: "TextBlock", text: "Version $PackageVersion", isSubtle: true), %(type: "ColumnSet", columns: @(%(type: "Column", items: @(%(type: "TextBlock", text: "x"))))));
      actions = @(%(type: "Action.OpenUrl", title: "Open", url: "https://proget.example.com/$PackageId"));
    `),
  );
  assert.equal(body.type, 'message');
  const card = body.attachments[0].content;
  assert.equal(body.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(card.version, '1.4');
  assert.deepEqual(
    card.body.map((b: any) => b.type),
    ['TextBlock', 'TextBlock', 'FactSet', 'TextBlock', 'ColumnSet'],
  );
  assert.equal(card.body[0].text, 'New Acme.Lib');
  assert.deepEqual(card.body[3], { type: 'TextBlock', text: 'Version 3.2.0-pre.1', isSubtle: true });
  assert.deepEqual(card.body[4].columns[0].items[0], { type: 'TextBlock', text: 'x' });
  assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://proget.example.com/Acme.Lib' }]);
});

test('an empty title and text are left out: the card is exactly the written body', () => {
  const body = renderBody(file(`url = $Secret("teams"); title = ""; text = ""; body = @(%(type: "TextBlock", text: "only me"));`));
  assert.deepEqual(body.attachments[0].content.body, [{ type: 'TextBlock', text: 'only me' }]);
  assert.equal(body.attachments[0].content.actions, undefined);
});

test('a MessageCard carries the written sections and potentialAction', () => {
  const body = renderBody(
    file(`
      url      = $Secret("teams");
      format   = "messagecard";
      title    = "New $PackageId";
      facts    = %(Feed: $FeedName);
      sections = @(%(activityTitle: "$PackageId", activitySubtitle: "by $UserName"));
      potential_action = @(%("@type": "OpenUri", name: "Open", targets: @(%(os: "default", uri: "https://x.example/$PackageId"))));
    `),
  );
  assert.equal(body['@type'], 'MessageCard');
  assert.deepEqual(body.sections, [{ facts: [{ name: 'Feed', value: 'internal-nuget' }] }, { activityTitle: 'Acme.Lib', activitySubtitle: 'by Admin' }]);
  assert.deepEqual(body.potentialAction, [{ '@type': 'OpenUri', name: 'Open', targets: [{ os: 'default', uri: 'https://x.example/Acme.Lib' }] }]);
});

test('the preview of a MessageCard shows its sections and actions', () => {
  const text = file(`url = $Secret("teams"); format = "messagecard"; title = "t"; sections = @(%(activityTitle: "A", text: "B")); potential_action = @(%("@type": "OpenUri", name: "Open", targets: @()));`);
  const analysis = analyze(text, noImports);
  const view = deliveryView(render(analysis.file, analysis.catalog, {}).deliveries[0]!).receiver;
  assert.ok(view.kind === 'teams-messagecard');
  assert.deepEqual(view.sections, [{ activityTitle: 'A', activitySubtitle: '', text: 'B' }]);
  assert.deepEqual(view.actions, ['Open']);
});

test('a body item that is not a map is a render error at `body`', () => {
  const text = file(`url = $Secret("teams"); body = @FromJson("[1]");`);
  const analysis = analyze(text, noImports);
  const result = render(analysis.file, analysis.catalog, {});
  assert.match(result.errors[0]!.message, /body item 1 must be a map/);
  assert.ok(RENDER_TIME_ERRORS.some((e) => e.pattern.test(result.errors[0]!.message)), 'a listed render-time error');
  assert.equal(text.slice(result.errors[0]!.span!.start, result.errors[0]!.span!.end), '@FromJson("[1]")');
});

test('NTF227: Action.Submit and Action.Execute, at any depth, are warnings', () => {
  const text = file(`
    url     = $Secret("teams");
    body    = @(%(type: "ActionSet", actions: @(%(type: "Action.Execute", title: "Run"))));
    actions = @(%(type: "Action.Submit", title: "Ack"), %(type: "Action.OpenUrl", title: "Open", url: "https://x.example"));
  `);
  const found = check(text).filter((d) => d.code === 'NTF227');
  assert.deepEqual(found.map((d) => text.slice(d.span.start, d.span.end)), ['"Action.Execute"', '"Action.Submit"']);
  assert.ok(found.every((d) => d.severity === 'warning'));
});

test('NTF228: a MessageCard to a Workflows URL, fixed by the converter; a secret URL says nothing', () => {
  const text = file(`
    url      = "${WORKFLOWS}";
    format   = "messagecard";
    title    = "New $PackageId";
    sections = @(%(activityTitle: "$PackageId", facts: @(%(name: "Feed", value: $FeedName))));
  `);
  const d = check(text).find((x) => x.code === 'NTF228')!;
  assert.ok(d, 'reported');
  assert.equal(text.slice(d.span.start, d.span.end), '"messagecard"');
  const fix = d.fixes?.find((f) => f.title === messageCardToAdaptive.title);
  assert.ok(fix, 'the converter is the fix');
  const fixed = applyTextEdits(text, fix.edits);
  assert.ok(!check(fixed).some((x) => ['NTF228', 'NTF230'].includes(x.code) || x.severity === 'error'));
  const card = renderBody(fixed).attachments[0].content;
  assert.deepEqual(card.body.slice(-2), [
    { type: 'TextBlock', text: 'Acme.Lib', weight: 'Bolder', wrap: true },
    { type: 'FactSet', facts: [{ title: 'Feed', value: 'internal-nuget' }] },
  ]);
  assert.ok(!check(text.replace(`"${WORKFLOWS}"`, '$Secret("teams")')).some((x) => x.code === 'NTF228'));
});

test('NTF228 says why when the block cannot be converted (an HttpPOST action)', () => {
  const text = file(`
    url    = "${WORKFLOWS}";
    format = "messagecard";
    potential_action = @(%("@type": "HttpPOST", name: "Ack", target: "https://x.example"));
  `);
  const d = check(text).find((x) => x.code === 'NTF228')!;
  assert.match(d.message, /cannot be converted automatically: a `HttpPOST` action posts back to a service/);
  assert.equal(d.fixes?.length ?? 0, 0);
});

test('NTF229: an Adaptive Card to an Office 365 connector URL, with a fix to a MessageCard', () => {
  const text = file(`url = "${CONNECTOR}"; title = "t";`);
  const d = check(text).find((x) => x.code === 'NTF229')!;
  assert.ok(d);
  assert.equal(text.slice(d.span.start, d.span.end), 'teams');
  const fixed = applyTextEdits(text, d.fixes![0]!.edits);
  assert.match(fixed, /title = "t";\n        format = "messagecard";/);
  assert.ok(!check(fixed).some((x) => x.code === 'NTF229'));
  assert.equal(renderBody(fixed)['@type'], 'MessageCard');
  // With Adaptive-only properties a MessageCard would lose them: no fix.
  const withBody = check(file(`url = "${CONNECTOR}"; format = "adaptive"; body = @(%(type: "TextBlock", text: "x"));`)).find((x) => x.code === 'NTF229')!;
  assert.equal(withBody.fixes?.length ?? 0, 0);
});

test('NTF230: properties of the other card format, with fixes', () => {
  const mc = file(`url = $Secret("teams"); format = "messagecard"; actions = @(%(type: "Action.OpenUrl", title: "o", url: "https://x.example"));`);
  const d1 = check(mc).find((x) => x.code === 'NTF230')!;
  assert.equal(mc.slice(d1.span.start, d1.span.end), 'actions');
  assert.equal(d1.severity, 'error');
  assert.ok(!check(applyTextEdits(mc, d1.fixes![0]!.edits)).some((x) => x.code === 'NTF230'));

  const ac = file(`url = $Secret("teams"); sections = @(%(text: "hi"));`);
  const d2 = check(ac).find((x) => x.code === 'NTF230')!;
  assert.equal(ac.slice(d2.span.start, d2.span.end), 'sections');
  const fixed = applyTextEdits(ac, d2.fixes![0]!.edits);
  assert.match(fixed, /body = @\(\n {12}%\(type: "TextBlock", text: "hi", wrap: true\)\n {8}\);/);
  assert.ok(!check(fixed).some((x) => x.severity === 'error'));
});

test('the converter: every section key and OpenUri action, copied as written; not for computed values', () => {
  const text = file(`
    url      = $Secret("teams");
    format   = "messagecard";
    sections = @(%(activityImage: "https://x.example/i.png", title: "T", activityTitle: "A $PackageId", activitySubtitle: "S", activityText: "AT", text: "X", facts: @(%(name: "k", value: $FeedName)), images: @(%(image: "https://x.example/j.png")), markdown: true, startGroup: true));
    potential_action = @(%("@type": "OpenUri", name: "Open", targets: @(%(os: "iOS", uri: "https://ios.example"), %(os: "default", uri: "https://x.example/$PackageId"))));
  `);
  const analysis = analyze(text, noImports);
  const all = conversions(analysis.file, text);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.converter.id, 'teams-messagecard-to-adaptive');
  const converted = applyTextEdits(text, all[0]!.edits);
  const card = renderBody(converted).attachments[0].content;
  assert.deepEqual(card.body.slice(2), [
    { type: 'Image', url: 'https://x.example/i.png', size: 'Small', separator: true },
    { type: 'TextBlock', text: 'T', size: 'Medium', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: 'A Acme.Lib', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: 'S', isSubtle: true, spacing: 'None', wrap: true },
    { type: 'TextBlock', text: 'AT', wrap: true },
    { type: 'TextBlock', text: 'X', wrap: true },
    { type: 'FactSet', facts: [{ title: 'k', value: 'internal-nuget' }] },
    { type: 'Image', url: 'https://x.example/j.png' },
  ]);
  assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://x.example/Acme.Lib' }]);
  // The default title and text stay, as the MessageCard had them.
  assert.equal(card.body[0].text, 'Package Acme.Lib 3.2.0-pre.1 added');

  const computed = analyze(file(`url = $Secret("teams"); format = "messagecard"; sections = @FromJson("[]");`), noImports);
  const block = (computed.file.items[0] as any).clauses.find((c: any) => c.kind === 'Channel');
  assert.deepEqual(convertMessageCard(block, file(`url = $Secret("teams"); format = "messagecard"; sections = @FromJson("[]");`)), {
    cannot: '`sections` is computed, not a list written in the file',
  });
  // An Adaptive Card block is not converted.
  const modern = file(`url = $Secret("teams"); title = "t";`);
  assert.deepEqual(conversions(analyze(modern, noImports).file, modern), []);
});

test('the preview reads a written Adaptive Card', () => {
  const text = file(`url = $Secret("teams"); body = @(%(type: "TextBlock", text: "hello"));`);
  const analysis = analyze(text, noImports);
  const delivery = render(analysis.file, analysis.catalog, {}).deliveries[0]!;
  const view = deliveryView(delivery).receiver;
  assert.equal(view.kind, 'teams-adaptive');
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());
beforeEach(() => receiver.reset());

const options = loopbackOptions;

test('an Adaptive Card sent to a loopback receiver answering as Workflows: 202 is delivered, 400 is a failure naming the format', async () => {
  receiver.reply({ status: 202, headers: {}, body: '' });
  const text = file(`url = "${receiver.url('/workflows/abc/triggers/manual/paths/invoke')}"; title = "New $PackageId"; actions = @(%(type: "Action.OpenUrl", title: "Open", url: "https://x.example"));`);
  const analysis = analyze(text, noImports);
  const delivery = render(analysis.file, analysis.catalog, {}).deliveries[0]!;
  const ok = await dispatch(delivery, options());
  assert.deepEqual({ ok: ok.ok, status: ok.status, attempts: ok.attempts }, { ok: true, status: 202, attempts: 1 });
  const sent = JSON.parse(receiver.requests[0]!.body);
  assert.equal(sent.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  assert.deepEqual(sent.attachments[0].content.actions, [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://x.example' }]);
  assert.equal(receiver.requests[0]!.headers['content-type'], 'application/json');

  receiver.reset();
  receiver.reply({ status: 400, headers: {}, body: 'Bad Request' });
  const bad = await dispatch(delivery, options());
  assert.equal(bad.ok, false);
  assert.equal(bad.attempts, 1);
  assert.match(bad.error!, /check `format` matches the URL/);
});

test('maps written in body, actions, sections and potential_action keep their written key order, integer-like keys included', () => {
  const bodyText = (text: string) => {
    const analysis = analyze(text, noImports);
    const result = render(analysis.file, analysis.catalog, {});
    assert.deepEqual(result.errors, []);
    return result.deliveries[0]!.request!.body!;
  };
  const adaptive = bodyText(file(`
    url = "${WORKFLOWS}";
    title = "";
    text = "";
    body = @(%(type: "TextBlock", "2": "two", "1": "one", text: "x", nested: %(b: 1, "10": 2, "9": 3)));
    actions = @(%(type: "Action.OpenUrl", "10": "ten", title: "Open", url: "https://e.example/x"));
  `));
  assert.ok(adaptive.includes('{"type":"TextBlock","2":"two","1":"one","text":"x","nested":{"b":1,"10":2,"9":3}}'), adaptive);
  assert.ok(adaptive.includes('"actions":[{"type":"Action.OpenUrl","10":"ten","title":"Open","url":"https://e.example/x"}]'), adaptive);
  const legacy = bodyText(file(`
    url = "${CONNECTOR}";
    format = "messagecard";
    title = "T";
    text = "x";
    sections = @(%(activityTitle: "a", "3": "c", "1": "a"));
    potential_action = @(%("@type": "OpenUri", "5": "e", name: "Open"));
  `));
  assert.ok(legacy.includes('{"activityTitle":"a","3":"c","1":"a"}'), legacy);
  assert.ok(legacy.includes('"potentialAction":[{"@type":"OpenUri","5":"e","name":"Open"}]'), legacy);
});
