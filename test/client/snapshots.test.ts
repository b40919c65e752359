import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RenderedDelivery } from '../../grammar/render/delivery';
import { adaptiveCardProblems, serviceProblems } from '../../client/snapshots/serviceRules';
import { caseDiff, parseSnapshot, stableJson } from '../../client/snapshots/snapshot';
import { junitXml, xmlEscape } from '../../client/snapshots/junit';

function http(channel: RenderedDelivery['channel'], body: unknown, url = 'https://example.com/'): RenderedDelivery {
  return {
    notifier: 'N',
    event: 'package.added',
    sample: null,
    channel,
    request: { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) },
    transport: { timeoutMs: 1000, retries: 0, backoffMs: [], eventId: 'e' },
  };
}

describe('service rules', () => {
  it('Adaptive Card 1.4: the library finds unknown elements, missing required properties and newer versions', () => {
    assert.deepEqual(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'hi', wrap: true }] }), []);
    const problems = adaptiveCardProblems({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Bogus' }],
      actions: [{ type: 'Action.OpenUrl', title: 'x' }],
    });
    assert.ok(problems.some((p) => /version is 1\.5; Teams renders up to 1\.4/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /Unknown element type "Bogus"/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /Property "url" must be set/.test(p)), problems.join('\n'));
    const teams = serviceProblems(http('teams', { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'Card', version: '1.4' } }] }));
    assert.ok(teams.some((p) => p.startsWith('teams: the card\'s type is "Card"')), teams.join('\n'));
    const big = serviceProblems(http('teams', { type: 'message', text: 'x'.repeat(29000) }));
    assert.ok(big.some((p) => /^teams: the body is \d+ bytes; Teams accepts 28672$/.test(p)), big.join('\n'));
  });

  it('Slack: text, attachments and Block Kit limits', () => {
    assert.deepEqual(serviceProblems(http('slack', { text: 'ok', attachments: [] })), []);
    assert.deepEqual(serviceProblems(http('slack', { text: '' })), ['slack: `text` is empty and there are no blocks: Slack rejects the message']);
    const blocks = serviceProblems(
      http('slack', {
        text: 'x',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) }, fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
          { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
          { type: 'carousel' },
        ],
      }),
    );
    assert.deepEqual(blocks, [
      'slack: block 1: section text has 3001 characters; Block Kit allows 3000',
      'slack: block 1: 11 fields; Block Kit allows 10',
      'slack: block 2: header text has 151 characters; Block Kit allows 150',
      'slack: block 3 has the unknown type "carousel"',
    ]);
  });

  it('Discord: embed limits, the 6000-character total, color range, empty messages', () => {
    assert.deepEqual(serviceProblems(http('discord', { content: 'hi', embeds: [] })), []);
    assert.deepEqual(serviceProblems(http('discord', { content: '', embeds: [] })), ['discord: no `content` and no embed: Discord rejects an empty message']);
    const p = serviceProblems(
      http('discord', {
        content: '',
        embeds: [
          { title: 't'.repeat(257), description: 'd'.repeat(4000), color: 0x1000000, fields: [{ name: '', value: 'v' }] },
          { description: 'd'.repeat(3000) },
        ],
      }),
    );
    assert.deepEqual(p, [
      'discord: embed 1: the title has 257 characters; Discord allows 256',
      'discord: embed 1: color 16777216 is not an integer from 0 to 16777215',
      'discord: embed 1: field 1 has an empty name',
      'discord: the embeds have 7258 characters together; Discord allows 6000',
    ]);
  });

  it('PagerDuty Events v2, recognised by the webhook URL', () => {
    const url = 'https://events.pagerduty.com/v2/enqueue';
    assert.deepEqual(serviceProblems(http('webhook', { routing_key: 'k', event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'error' } }, url)), []);
    assert.deepEqual(serviceProblems(http('webhook', { event_action: 'fire', payload: {} }, url)), [
      'webhook: PagerDuty: `routing_key` is missing',
      'webhook: PagerDuty: `event_action` is "fire", not "trigger", "acknowledge" or "resolve"',
    ]);
    assert.deepEqual(serviceProblems(http('webhook', { routing_key: 'k', event_action: 'trigger', payload: { severity: 'high' } }, url)), [
      'webhook: PagerDuty: a trigger needs `payload.summary`',
      'webhook: PagerDuty: a trigger needs `payload.source`',
      'webhook: PagerDuty: `payload.severity` is "high", not "critical", "error", "warning" or "info"',
    ]);
    // Another URL: any body goes.
    assert.deepEqual(serviceProblems(http('webhook', 'not json')), []);
  });
});

describe('snapshot format', () => {
  it('sorts keys at every depth and keeps list order', () => {
    assert.equal(stableJson({ b: [{ z: 1, a: 2 }], a: null }), '{\n  "a": null,\n  "b": [\n    {\n      "a": 2,\n      "z": 1\n    }\n  ]\n}');
  });

  it('splits blocks at "## " lines and diffs a case', () => {
    const blocks = parseSnapshot('# head\r\n\r\n## "A" × sample "s" → slack\r\nPOST x\r\n\r\n## "A" × sample "s" → slack #2\nGET y\n\n');
    assert.deepEqual(
      blocks.map((b) => [b.caseName, b.text]),
      [
        ['"A" × sample "s"', '## "A" × sample "s" → slack\nPOST x'],
        ['"A" × sample "s"', '## "A" × sample "s" → slack #2\nGET y'],
      ],
    );
    assert.equal(caseDiff(blocks, blocks), undefined);
    const diff = caseDiff(blocks, [blocks[0]!])!;
    assert.match(diff, /^--- snapshot\n\+\+\+ rendered\n@@ /);
    assert.match(diff, /\n-## "A" × sample "s" → slack #2\n-GET y$/);
  });

  it('JUnit XML escapes markup and drops characters XML cannot hold', () => {
    assert.equal(xmlEscape('a<b>&"\'\u0001c'), 'a&lt;b&gt;&amp;&quot;&apos;c');
    const xml = junitXml([{ name: 'f', cases: [{ name: 'ok', failures: [] }, { name: 'bad', failures: ['one\ntwo', 'three'] }] }]);
    assert.match(xml, /<testsuites name="notify test" tests="2" failures="1">/);
    assert.match(xml, /<failure message="one">one\ntwo\nthree<\/failure>/);
  });
});

describe('accepting one case', () => {
  it('replaces only that case\'s blocks and keeps the others as the snapshot had them', async () => {
    const { analyze } = await import('../../grammar/analyze');
    const { testCases } = await import('../../client/snapshots/cases');
    const { acceptCase, compareCases } = await import('../../client/snapshots/compare');
    const { snapshotText } = await import('../../client/snapshots/snapshot');
    const host = { readImport: () => ({ error: 'none' }) };
    const text = (a: string, b: string) =>
      `notifier "A" {\n    on package.added;\n    slack { url = $Secret("s"); text = "${a}"; }\n}\nnotifier "B" {\n    on package.added;\n    slack { url = $Secret("s"); text = "${b}"; }\n}\n`;
    const before = snapshotText('x.notify', testCases(analyze(text('a1', 'b1'), host)));
    const now = testCases(analyze(text('a2', 'b2'), host));
    const results = compareCases(now, before, 'x.notify.snap');
    assert.deepEqual(results.map((r) => r.failures.length > 0), [true, true]);
    assert.match(results[0]!.mismatch!.expected, /"text": "a1"/);
    assert.match(results[0]!.mismatch!.actual, /"text": "a2"/);
    const accepted = acceptCase(before, 'x.notify', now, '"A" × example package.added');
    const after = compareCases(now, accepted, 'x.notify.snap');
    assert.deepEqual(after.map((r) => [r.name, r.failures.length > 0]), [
      ['"A" × example package.added', false],
      ['"B" × example package.added', true],
    ]);
    assert.equal(acceptCase(accepted, 'x.notify', now, '"B" × example package.added'), snapshotText('x.notify', now));
  });
});
