import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flattenDiscordErrors } from '../../../grammar/channels/discord/reply';
import { interpretReply } from '../../../grammar/channels/registry';

const reply = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, body, headers });

test('Slack: "ok" is delivered; each documented error becomes advice', () => {
  assert.deepEqual(interpretReply('slack', reply(200, 'ok')), { ok: true, retryable: false, error: null });
  const cases: [number, string, RegExp][] = [
    [400, 'invalid_payload', /not valid Slack JSON/],
    [400, 'no_text', /set `text`/],
    [400, 'too_many_attachments', /100 attachments/],
    [404, 'channel_not_found', /no longer exists/],
    [410, 'channel_is_archived', /archived/],
    [404, 'no_service', /disabled or was removed/],
    [403, 'invalid_token', /no longer valid/],
    [403, 'action_prohibited', /admin/],
    [403, 'posting_to_general_channel_denied', /only admins/],
  ];
  for (const [status, body, pattern] of cases) {
    const v = interpretReply('slack', reply(status, body));
    assert.equal(v.ok, false, body);
    assert.equal(v.retryable, false, body);
    assert.match(v.error!, pattern, body);
    assert.match(v.error!, new RegExp(body));
  }
  assert.equal(interpretReply('slack', reply(503, 'service unavailable')).retryable, true);
  // delivered only on 200 `ok` (docs/delivery.md): any other 2xx is a failure that names what came back
  for (const [status, body] of [[200, ''], [200, '{"ok":false}'], [202, 'ok'], [204, '']] as const) {
    const v = interpretReply('slack', reply(status, body));
    assert.equal(v.ok, false, `${status} ${body}`);
    assert.match(v.error!, new RegExp(`Slack answered ${status} without`));
  }
});

test('Teams: Workflows 202, legacy 200 "1", and legacy 200 with an error text is a failure', () => {
  assert.equal(interpretReply('teams', reply(202)).ok, true);
  assert.equal(interpretReply('teams', reply(200, '1')).ok, true);
  const missing = interpretReply('teams', reply(200, 'Summary or Text is required.'));
  assert.equal(missing.ok, false);
  assert.match(missing.error!, /Summary or Text is required/);
  const bad = interpretReply('teams', reply(400, 'Webhook Bad Request - Null or empty event'));
  assert.equal(bad.ok, false);
  assert.match(bad.error!, /format/);
  const throttled = interpretReply('teams', reply(200, 'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0'));
  assert.equal(throttled.ok, false);
  assert.equal(throttled.retryable, true);
  assert.match(interpretReply('teams', reply(401)).error!, /workflow/);
  assert.match(interpretReply('teams', reply(404)).error!, /deleted/);
});

test('Discord: 204 delivered; 50035 lists the field errors; 429 carries retry_after; Unknown Webhook', () => {
  assert.equal(interpretReply('discord', reply(204)).ok, true);
  const invalid = interpretReply(
    'discord',
    reply(400, JSON.stringify({
      code: 50035,
      message: 'Invalid Form Body',
      errors: { embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } } },
    })),
  );
  assert.equal(invalid.ok, false);
  assert.equal(invalid.retryable, false);
  assert.equal(invalid.error, 'Discord refused the message (Invalid Form Body): embeds[0].description: Must be 4096 or fewer in length.');
  const limited = interpretReply('discord', reply(429, JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.25, global: false })));
  assert.equal(limited.retryable, true);
  assert.equal(limited.retryAfterMs, 1250);
  for (const status of [401, 404]) {
    const gone = interpretReply('discord', reply(status, JSON.stringify({ message: 'Unknown Webhook', code: 10015 })));
    assert.equal(gone.retryable, false);
    assert.match(gone.error!, /Unknown Webhook.*deleted or the URL is wrong/);
  }
  assert.deepEqual(flattenDiscordErrors({ content: { _errors: [{ message: 'too long' }] } }), ['content: too long']);
});

test('generic webhooks: 3xx names the redirect and is not retried; 4xx/5xx show the reply', () => {
  const moved = interpretReply('webhook', reply(301, '', { location: 'https://new.example.com/hook' }));
  assert.equal(moved.ok, false);
  assert.equal(moved.retryable, false);
  assert.match(moved.error!, /301.*https:\/\/new\.example\.com\/hook.*never followed/);
  const bad = interpretReply('webhook', reply(422, '{"error":"missing field"}'));
  assert.equal(bad.retryable, false);
  assert.match(bad.error!, /422: \{"error":"missing field"\}/);
  assert.equal(interpretReply('webhook', reply(500)).retryable, true);
  assert.match(interpretReply('webhook', reply(401)).error!, /credentials/);
});

test('LANGUAGE.md 9: 408, 429 and 5xx are retried whatever the body says; a service error code in it only names the error', () => {
  const cases: [Parameters<typeof interpretReply>[0], number, string][] = [
    ['slack', 503, 'no_service'],
    ['slack', 500, 'invalid_payload'],
    ['discord', 500, '{"message": "Unknown Webhook", "code": 10015}'],
    ['googlechat', 503, '{"error": {"code": 404, "status": "NOT_FOUND", "message": "gone"}}'],
    ['mattermost', 502, '{"id": "web.incoming_webhook.invalid.app_error", "message": "Invalid webhook"}'],
    ['slack', 408, 'no_text'],
  ];
  for (const [channel, status, body] of cases) {
    const v = interpretReply(channel, reply(status, body));
    assert.deepEqual([v.ok, v.retryable], [false, true], `${channel} ${status} ${body}`);
  }
  // the same codes with a 4xx stay final
  assert.equal(interpretReply('slack', reply(404, 'no_service')).retryable, false);
  assert.equal(interpretReply('discord', reply(404, '{"message": "Unknown Webhook", "code": 10015}')).retryable, false);
});
