// Slack Block Kit (docs/LANGUAGE.md section 6.1): the blocks property and its
// helpers, the limits at check and render time, fields with an explicit
// `short`, the slack-blocks converter, and a loopback send of a blocks payload.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { dispatch, type DispatchOptions } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { analyze } from '../../../grammar/analyze';
import { SLACK_LIMITS } from '../../../grammar/channels/slack/blocks';
import { applyTextEdits, conversions, conversionsAt } from '../../../grammar/convert';
import type { Diagnostic } from '../../../grammar/diagnostics';
import { render } from '../../../grammar/render/render';
import { RENDER_TIME_ERRORS } from '../../../grammar/render/renderTimeErrors';
import { parse } from '../../../grammar/syntax';
import { HttpReceiver } from '../../support/httpReceiver';
import { recordingSleep } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };

function file(channel: string, packageId = '<!here> & <b>'): string {
  return `notifier "Blocks" {\n    on package.added;\n    slack {\n        url = $Secret("s");\n${channel}\n    }\n}\n\nsample "s" for package.added {\n    $PackageId = ${JSON.stringify(packageId)};\n}\n`;
}

function run(channel: string, packageId?: string) {
  const text = file(channel, packageId);
  const analysis = analyze(text, noImports);
  const result = render(analysis.file, analysis.catalog, {});
  return { text, analysis, result, body: result.deliveries[0] && JSON.parse(result.deliveries[0].request!.body!) };
}

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);

test('blocks: each helper makes the block Slack documents; interpolated mrkdwn is escaped, the text fallback stays', () => {
  const { analysis, result, body } = run(`        text = "New $PackageId";
        blocks = @(
            %SlackHeader("Package $PackageId"),
            %SlackSection("*$PackageId* in $FeedName", %(Feed: $FeedName, Id: $PackageId)),
            %SlackFields(%(Version: $PackageVersion)),
            %SlackDivider(),
            %SlackContext("one $PackageId", "two"),
            %SlackActions(%("Open": "https://example.com/p?a=1&b=2"))
        );`);
  assert.deepEqual(codes(analysis.diagnostics), []);
  assert.deepEqual(result.errors, []);
  assert.equal(body.text, 'New &lt;!here&gt; &amp; &lt;b&gt;');
  assert.equal(body.attachments, undefined);
  assert.deepEqual(body.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'Package <!here> & <b>', emoji: true } });
  assert.deepEqual(body.blocks[1], {
    type: 'section',
    text: { type: 'mrkdwn', text: '*&lt;!here&gt; &amp; &lt;b&gt;* in internal-nuget' },
    fields: [
      { type: 'mrkdwn', text: '*Feed*\ninternal-nuget' },
      { type: 'mrkdwn', text: '*Id*\n&lt;!here&gt; &amp; &lt;b&gt;' },
    ],
  });
  assert.equal(body.blocks[2].type, 'section');
  assert.equal(body.blocks[2].text, undefined);
  assert.deepEqual(body.blocks[3], { type: 'divider' });
  assert.deepEqual(body.blocks[4].elements, [
    { type: 'mrkdwn', text: 'one &lt;!here&gt; &amp; &lt;b&gt;' },
    { type: 'mrkdwn', text: 'two' },
  ]);
  assert.deepEqual(body.blocks[5], { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open', emoji: true }, url: 'https://example.com/p?a=1&b=2' }] });
});

test('a block written as a map is sent as written; blocks from a variable work too', () => {
  const { analysis, body } = run(`        text = "t";
        blocks = @(%(type: "section", text: %(type: "mrkdwn", text: "hi $PackageId")), $ListItem(@(%SlackDivider()), 0));`);
  assert.deepEqual(codes(analysis.diagnostics), []);
  assert.deepEqual(body.blocks, [{ type: 'section', text: { type: 'mrkdwn', text: 'hi <!here> & <b>' } }, { type: 'divider' }]);
});

test('a block written as a map keeps its written key order, integer-like keys included', () => {
  const { result } = run(`        text = "t";
        blocks = @(%(type: "section", "2": "two", "1": "one", text: %(type: "mrkdwn", "10": 1, text: "x")));`);
  assert.deepEqual(result.errors, []);
  assert.equal(result.deliveries[0]!.request!.body, '{"text":"t","blocks":[{"type":"section","2":"two","1":"one","text":{"type":"mrkdwn","10":1,"text":"x"}}]}');
});

test('limits at render time name the property, the limit and the size, and are render-time errors of the contract', () => {
  const cases: [string, RegExp][] = [
    [`text = "t"; blocks = @(%SlackHeader("$PackageId"));`, /^Slack allows at most 150 characters in the text of header block 1; this has 151$/],
    [`text = "t"; blocks = @(%SlackSection("$PackageId"));`, /^Slack allows at most 3000 characters in the text of section block 1; this has 3001$/],
    [`text = "t"; blocks = @(%SlackSection("", %(A: $PackageId)));`, /^Slack allows at most 2000 characters in field 1 of section block 1; this has 2001$/],
    [`text = "$PackageId";`, /^Slack allows at most 40000 characters in `text`; this has 40001$/],
  ];
  const sizes = [151, 3001, 2001 - '*A*\n'.length, 40001];
  cases.forEach(([channel, pattern], i) => {
    const { analysis, result } = run(`        ${channel}`, 'x'.repeat(sizes[i]!));
    assert.deepEqual(codes(analysis.diagnostics).filter((c) => c !== 'NTF223'), [], channel);
    assert.equal(result.deliveries.length, 0, channel);
    const message = result.errors[0]!.message;
    assert.match(message, pattern);
    assert.ok(RENDER_TIME_ERRORS.some((e) => e.pattern.test(message)), message);
  });
  const fromJson = run(`        text = "t"; blocks = @FromJson($ToJson(@Split($PadLeft("", 51, "x"), "")));`);
  assert.equal(fromJson.result.errors[0]?.message, 'Slack allows at most 50 blocks in a message; there are 51');
  const notBlocks = run(`        text = "t"; blocks = @FromJson("[1]");`);
  assert.match(notBlocks.result.errors[0]?.message ?? '', /^blocks: block 1 must be a map/);
  assert.ok(RENDER_TIME_ERRORS.some((e) => e.pattern.test(notBlocks.result.errors[0]!.message)));
});

test('limits at check time (NTF221) where written text or written items already pass them', () => {
  const header = run(`        text = "t"; blocks = @(%SlackHeader("${'h'.repeat(151)}$PackageId"));`);
  assert.deepEqual(codes(header.analysis.diagnostics), ['NTF221']);
  assert.match(header.analysis.diagnostics[0]!.message, /at most 150 characters in the text of header block 1; the written text alone has at least 151/);
  const fields = Array.from({ length: 11 }, (_, i) => `F${i}: "v"`).join(', ');
  assert.deepEqual(codes(run(`        text = "t"; blocks = @(%SlackSection("s", %(${fields})));`).analysis.diagnostics), ['NTF221']);
  const blocks = Array.from({ length: SLACK_LIMITS.blocks + 1 }, () => '%SlackDivider()').join(', ');
  assert.deepEqual(codes(run(`        text = "t"; blocks = @(${blocks});`).analysis.diagnostics), ['NTF221']);
  assert.deepEqual(codes(run(`        text = "${'t'.repeat(40_001)}";`).analysis.diagnostics), ['NTF221']);
  // within the limits: nothing
  assert.deepEqual(codes(run(`        text = "t"; blocks = @(%SlackHeader("${'h'.repeat(150)}"));`).analysis.diagnostics), []);
});

test('NTF221 counts written text as the documented limits do: interpolated literals count, $Truncate caps', () => {
  const long = 't'.repeat(40_010);
  // a literal interpolated into the text is written text too
  const nested = run(`        text = "a$Truncate('${long}', 40005)";`);
  assert.deepEqual(codes(nested.analysis.diagnostics), ['NTF221']);
  assert.match(nested.analysis.diagnostics[0]!.message, /at most 40000 characters in `text`; the written text alone has at least 40006/);
  // capped below the limit by $Truncate: nothing to prove
  assert.deepEqual(codes(run(`        text = $Truncate("${long}", 100);`).analysis.diagnostics), []);
  // a value that is not a string literal is judged too
  assert.deepEqual(codes(run(`        text = ("${long}");`).analysis.diagnostics), ['NTF221']);
});

test('a button URL written as a literal that is not absolute http(s) is NTF205 at check time', () => {
  const codesOf = (links: string) => codes(run(`        text = "t"; blocks = @(%SlackActions(%(${links})));`).analysis.diagnostics);
  assert.deepEqual(codesOf('A: "ftp://x", B: "/relative", C: "javascript:alert(1)"'), ['NTF205', 'NTF205', 'NTF205']);
  assert.deepEqual(codesOf('A: "https://x.example/a", B: "$PackageId", C: "https://$FeedName.example"'), []);
});

test('NTF220: blocks without text, with a fix that writes the header as the fallback', () => {
  const { text, analysis } = run(`        blocks = @(%SlackHeader("Package $PackageId"), %SlackDivider());`);
  const d = analysis.diagnostics.find((x) => x.code === 'NTF220');
  assert.ok(d, JSON.stringify(analysis.diagnostics));
  assert.equal(d.severity, 'warning');
  const fixed = applyTextEdits(text, d.fixes![0]!.edits);
  assert.match(fixed, /text = "Package \$PackageId";\n        blocks = @\(/);
  assert.deepEqual(codes(analyze(fixed, noImports).diagnostics), []);
});

test('NTF222 a block map without a known type; NTF223 color or fields beside blocks', () => {
  const { analysis } = run(`        text = "t"; color = "danger"; fields = %(A: "b"); blocks = @(%(type: "sektion"), %(text: "x"));`);
  assert.deepEqual(codes(analysis.diagnostics).sort(), ['NTF222', 'NTF222', 'NTF223', 'NTF223']);
});

test('fields with an explicit short; other maps as field values stay NTF203', () => {
  const { analysis, body } = run(`        text = "t"; fields = %(Id: %(value: $PackageId, short: false), Feed: $FeedName, Wide: %(value: "w", short: true));`);
  assert.deepEqual(codes(analysis.diagnostics), []);
  assert.deepEqual(body.attachments[0].fields, [
    { title: 'Id', value: '&lt;!here&gt; &amp; &lt;b&gt;', short: false },
    { title: 'Feed', value: 'internal-nuget', short: true },
    { title: 'Wide', value: 'w', short: true },
  ]);
  assert.deepEqual(codes(run(`        text = "t"; fields = %(Id: %(value: "x", short: "yes"));`).analysis.diagnostics), ['NTF203']);
  assert.deepEqual(codes(run(`        text = "t"; fields = %(Id: %(val: "x"));`).analysis.diagnostics), ['NTF203']);
});

test('a guessed short: at most 40 characters on one line (a line break makes a field wide however short)', () => {
  const { body } = run(`        text = "t"; fields = %(A: "a\`nb", B: "$('a\`nb')", C: "${'x'.repeat(40)}", D: "${'x'.repeat(41)}", E: "a\`rb", F: "ok");`);
  assert.deepEqual(
    body.attachments[0].fields.map((f: { title: string; short: boolean }) => [f.title, f.short]),
    [['A', false], ['B', false], ['C', true], ['D', false], ['E', false], ['F', true]],
  );
});

test('the slack-blocks converter: the refactoring and notify convert make the same text, which checks clean and shows the same fields', () => {
  const before = run(`        text  = "New *$PackageId*";\n        color = "good";\n        fields = %(Feed: $FeedName, Id: %(value: $PackageId, short: false));`);
  assert.deepEqual(codes(before.analysis.diagnostics), []);
  const keyword = before.text.indexOf('slack');
  const [atBlock] = conversionsAt(before.analysis.file, before.text, { start: keyword, end: keyword });
  assert.equal(atBlock?.converter.title, 'Convert the Slack attachment to Block Kit');
  const viaFix = applyTextEdits(before.text, atBlock!.edits);
  const viaConvert = applyTextEdits(before.text, conversions(parse(before.text).file, before.text).flatMap((c) => c.edits));
  assert.equal(viaFix, viaConvert);
  assert.match(viaFix, /text  = "New \*\$PackageId\*";\n        blocks = @\(\n            %SlackSection\("New \*\$PackageId\*", %\(Feed: \$FeedName, Id: \$PackageId\)\)\n        \);\n    \}/);
  assert.doesNotMatch(viaFix, /color/);
  const after = analyze(viaFix, noImports);
  assert.deepEqual(codes(after.diagnostics), []);
  const body = JSON.parse(render(after.file, after.catalog, {}).deliveries[0]!.request!.body!);
  assert.equal(body.text, before.body.text);
  assert.deepEqual(body.blocks[0].fields.map((f: { text: string }) => f.text), ['*Feed*\ninternal-nuget', '*Id*\n&lt;!here&gt; &amp; &lt;b&gt;']);
  // without text: a fallback is written, more than 10 fields split into sections of 10
  const many = Array.from({ length: 12 }, (_, i) => `F${i}: "v${i}"`).join(', ');
  const bare = run(`        fields = %(${many});`);
  const converted = applyTextEdits(bare.text, conversions(parse(bare.text).file, bare.text).flatMap((c) => c.edits));
  assert.match(converted, /text   = "\$EventName at \$Timestamp";/);
  assert.equal(converted.match(/%SlackFields\(/g)?.length, 2);
  assert.deepEqual(codes(analyze(converted, noImports).diagnostics), []);
  // already Block Kit, or no fields: nothing to convert
  assert.deepEqual(conversions(parse(file('text = "t";')).file, file('text = "t";')), []);
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());
beforeEach(() => receiver.reset());

function options(): DispatchOptions {
  const { sleep } = recordingSleep();
  return { secrets: envSecretSource({}), env: {}, allowPrivate: true, allowEnv: true, version: '1.2.3', sleep, random: () => 0.5 };
}

test('a blocks payload sent to a loopback receiver that answers as Slack does', async () => {
  const channel = (url: string) =>
    `notifier "n" {\n    on package.added;\n    slack {\n        url = "${url}";\n        text = "t";\n        blocks = @(%SlackHeader("H"), %SlackSection("s"));\n    }\n}\n`;
  receiver.reply({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' });
  let analysis = analyze(channel(receiver.url('/services/T/B/X')), noImports);
  let result = await dispatch(render(analysis.file, analysis.catalog, {}).deliveries[0]!, options());
  assert.deepEqual({ ok: result.ok, status: result.status, error: result.error }, { ok: true, status: 200, error: null });
  assert.deepEqual(JSON.parse(receiver.requests[0]!.body), { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'H', emoji: true } }, { type: 'section', text: { type: 'mrkdwn', text: 's' } }] });
  receiver.reset();
  receiver.reply({ status: 400, headers: { 'Content-Type': 'text/plain' }, body: 'invalid_blocks' });
  analysis = analyze(channel(receiver.url('/services/T/B/X')), noImports);
  result = await dispatch(render(analysis.file, analysis.catalog, {}).deliveries[0]!, options());
  assert.equal(result.ok, false);
  assert.equal(result.attempts, 1);
  assert.match(result.error!, /invalid_blocks/);
});
