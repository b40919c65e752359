import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCredential, isEmailAddress, slug } from '../../../grammar/check/literals';
import { serviceOfUrl } from '../../../grammar/channels/registry';

test('service of a URL', () => {
  const service = (url: string) => {
    const s = serviceOfUrl(url);
    return s?.retired ? `${s.kind}-retired` : s?.kind;
  };
  assert.equal(service('https://hooks.slack.com/services/T000/B000/XXXX'), 'slack');
  assert.equal(service('https://discord.com/api/webhooks/123/abc'), 'discord');
  assert.equal(service('https://discordapp.com/api/webhooks/123/abc'), 'discord');
  assert.equal(service('https://contoso.webhook.office.com/webhookb2/abc'), 'teams-retired');
  assert.equal(service('https://outlook.office.com/webhook/abc'), 'teams-retired');
  assert.equal(service('https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke'), 'teams');
  assert.equal(service('https://soar.example.com/hooks/proget'), undefined);
  assert.equal(service('not a url'), undefined);
});

test('credentials in text', () => {
  assert.match(findCredential('https://hooks.slack.com/services/T0AAA/B0BBB/abcdefXYZ')!.what, /Slack webhook/);
  assert.match(findCredential('token xoxb-1234567890-abcdef')!.what, /Slack token/);
  assert.match(findCredential('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')!.what, /Standard Webhooks/);
  assert.match(findCredential('Bearer eyJhbGciOiJIUzI1NiJ9.abc')!.what, /bearer/);
  assert.match(findCredential('https://discord.com/api/webhooks/1234/AbCdEfGhIjKlMnOp')!.what, /Discord/);
  const m = findCredential('see https://hooks.slack.com/services/T0/B0/xyz!')!;
  assert.equal(m.index, 4);
  assert.equal(findCredential('https://soar.example.com/hooks/proget'), undefined);
  assert.equal(findCredential('Bearer $Token'), undefined);
});

test('email addresses', () => {
  for (const ok of ['ops@example.com', 'Ops Team <ops@example.com>', 'a.b+tag@sub.example.org']) assert.ok(isEmailAddress(ok), ok);
  for (const bad of ['ops', 'ops@', '@example.com', 'ops@example', 'a b@example.com', 'ops@@example.com', 'ops@example..com', 'a@b.com; c@d.com'])
    assert.ok(!isEmailAddress(bad), bad);
});

test('slug makes a secret name from a notifier name', () => {
  assert.equal(slug('Critical vulnerabilities'), 'critical-vulnerabilities');
  assert.equal(slug('  Build #42 — issues!  '), 'build-42-issues');
});
