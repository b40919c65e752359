import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDiscordRequest } from '../../../grammar/channels/discord/render';
import { recipients } from '../../../grammar/channels/email/render';
import { buildSlackRequest } from '../../../grammar/channels/slack/render';
import { buildTeamsRequest } from '../../../grammar/channels/teams/render';
import { colorHex, colorInt, parseColor } from '../../../grammar/render/colors';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

test('slack: text, one attachment with colour and fields in written order; short by length', () => {
  const long = 'x'.repeat(41);
  const req = buildSlackRequest({
    url: 'https://hooks.slack.com/services/T/B/X',
    text: 'hello',
    color: 'danger',
    fields: [
      { title: 'Score', value: '9.8' },
      { title: 'Summary', value: long },
      { title: 'Exactly40', value: 'y'.repeat(40) },
    ],
  });
  assert.equal(req.method, 'POST');
  assert.deepEqual(req.headers, JSON_HEADERS);
  assert.equal(
    req.body,
    `{"text":"hello","attachments":[{"color":"danger","fields":[{"title":"Score","value":"9.8","short":true},{"title":"Summary","value":"${long}","short":false},{"title":"Exactly40","value":"${'y'.repeat(40)}","short":true}]}]}`,
  );
});

test('slack without fields keeps one attachment with an empty field list', () => {
  const req = buildSlackRequest({ url: 'https://hooks.slack.com/x', text: 't', color: '#112233', fields: [] });
  assert.deepEqual(JSON.parse(req.body!), { text: 't', attachments: [{ color: '#112233', fields: [] }] });
});

test('slack attachment bodies are byte for byte what JSON.stringify writes, whatever the text holds', () => {
  const tricky = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab\u0001\u001f', 'emoji 😀 pair', 'lone \ud800 high', 'lone \udc00 low', '\u2028\u2029 separators', '</script>', '‹secret:x›'];
  for (const text of tricky) {
    const fields = tricky.map((value, i) => ({ title: `${text}${i}`, value, ...(i % 3 === 0 ? { short: i % 2 === 0 } : {}) }));
    const req = buildSlackRequest({ url: 'https://hooks.slack.com/x', text, color: 'good', fields });
    const expected = { text, attachments: [{ color: 'good', fields: fields.map(({ title, value, short }) => ({ title, value, short: short ?? value.length <= 40 })) }] };
    assert.equal(req.body, JSON.stringify(expected));
  }
});

test('teams adaptive card', () => {
  const req = buildTeamsRequest({
    url: 'https://prod-00.westus.logic.azure.com/workflows/1',
    format: 'adaptive',
    title: 'Title',
    text: 'Text',
    color: 'danger',
    facts: [
      ['Score', '9.8'],
      ['Feed', 'internal-nuget'],
    ],
  });
  assert.deepEqual(req.headers, JSON_HEADERS);
  assert.deepEqual(JSON.parse(req.body!), {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: 'Title', size: 'Large', weight: 'Bolder', wrap: true, color: 'attention' },
            { type: 'TextBlock', text: 'Text', wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Score', value: '9.8' },
                { title: 'Feed', value: 'internal-nuget' },
              ],
            },
          ],
        },
      },
    ],
  });
});

test('teams adaptive card: hex colour leaves the default, no facts → no FactSet', () => {
  const req = buildTeamsRequest({ url: 'https://x.example/w', format: 'adaptive', title: 'T', text: 'x', color: '#123456', facts: [] });
  const body = JSON.parse(req.body!).attachments[0].content.body;
  assert.deepEqual(body, [
    { type: 'TextBlock', text: 'T', size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: 'x', wrap: true },
  ]);
});

test('teams messagecard', () => {
  const req = buildTeamsRequest({
    url: 'https://x.example/w',
    format: 'messagecard',
    title: 'Title',
    text: 'Text',
    color: 'warning',
    facts: [['Grade', 'C']],
  });
  assert.equal(
    req.body,
    '{"@type":"MessageCard","@context":"https://schema.org/extensions","summary":"Title","themeColor":"ECB22E","title":"Title","text":"Text","sections":[{"facts":[{"name":"Grade","value":"C"}]}]}',
  );
});

test('discord: integer colour, inline by length, allowed_mentions, empty content', () => {
  const req = buildDiscordRequest({
    url: 'https://discord.com/api/webhooks/1/abc',
    content: '',
    title: 'T',
    description: 'D @everyone',
    color: '#FF8800',
    fields: [
      ['Score', '9.8'],
      ['Empty', ''],
    ],
  });
  assert.deepEqual(req.headers, JSON_HEADERS);
  assert.deepEqual(JSON.parse(req.body!), {
    content: '',
    embeds: [
      {
        title: 'T',
        description: 'D @everyone',
        color: 0xff8800,
        fields: [
          { name: 'Score', value: '9.8', inline: true },
          { name: 'Empty', value: '\u200b', inline: true },
        ],
      },
    ],
    allowed_mentions: { parse: [] },
  });
});

test('discord: named colours are integers; limits are clear errors', () => {
  const body = (color: 'good' | 'warning' | 'danger') =>
    JSON.parse(buildDiscordRequest({ url: 'https://d.example/w', content: 'c', title: 't', description: 'd', color, fields: [] }).body!);
  assert.equal(body('good').embeds[0].color, 0x2eb67d);
  assert.equal(body('warning').embeds[0].color, 0xecb22e);
  assert.equal(body('danger').embeds[0].color, 0xe01e5a);
  // Each text's own limit is declared on its property (limits.test.ts); the total across the embed is the builder's.
  assert.throws(
    () => buildDiscordRequest({ url: 'https://d.example/w', content: '', title: 'x'.repeat(200), description: 'd'.repeat(4000), color: 'good', fields: [['f', 'v'.repeat(1000)], ['g', 'w'.repeat(1000)]] }),
    /Discord allows at most 6000 characters in an embed's title, description and fields together; this has 6202$/,
  );
});

test('colours: names, hex, errors', () => {
  assert.equal(parseColor('Danger'), 'danger');
  assert.equal(parseColor('#a1B2c3'), '#a1B2c3');
  assert.throws(() => parseColor('red'), /"red" is not a colour: use #rrggbb, good, warning or danger/);
  assert.equal(colorHex('#a1b2c3'), 'A1B2C3');
  assert.equal(colorInt('#000010'), 16);
});

test('email recipients: comma-separated string or list, trimmed, empties dropped', () => {
  assert.deepEqual(recipients(' a@example.com, b@example.com ,, ', 'to'), ['a@example.com', 'b@example.com']);
  assert.deepEqual(recipients(['a@example.com ', '', 'c@example.com'], 'cc'), ['a@example.com', 'c@example.com']);
  assert.deepEqual(recipients(null, 'bcc'), []);
  assert.throws(() => recipients(3, 'to'), /to must be a string of addresses or a list, but this is a number/);
});
