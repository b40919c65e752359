import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingSecretMessage } from '../../../client/dispatch/secrets';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import {
  channelOptions,
  confirmationKey,
  describeTarget,
  missingSecretIn,
  resultLine,
  secretsUsed,
  targetHost,
} from '../../../client/extension/send/sendPlan';

const transport = { timeoutMs: 10000, retries: 3, backoffMs: [10000], eventId: 'e1' };

function http(channel: RenderedDelivery['channel'], url: string, extra: Partial<RenderedDelivery> = {}): RenderedDelivery {
  return { notifier: 'n', event: 'package.added', sample: null, channel, request: { method: 'POST', url, headers: {}, body: '{}' }, transport, ...extra };
}

describe('send plan', () => {
  it('names the host of a literal URL and keeps a secret URL as its placeholder', () => {
    assert.equal(targetHost(http('webhook', 'https://user:pw@soar.example.com:8443/hook?x=1')), 'soar.example.com:8443');
    assert.equal(targetHost(http('slack', '\u2039secret:slack-secops\u203a')), '\u2039secret:slack-secops\u203a');
    assert.equal(targetHost(http('webhook', 'https://\u2039secret:host\u203a/x')), 'https://\u2039secret:host\u203a/x');
  });

  it('describes a secret URL by the host it resolves to, never by its value', () => {
    const d = http('slack', '\u2039secret:slack-secops\u203a');
    const text = describeTarget(d, 'hooks.slack.com');
    assert.equal(text, 'POST hooks.slack.com (\u2039secret:slack-secops\u203a)');
    assert.equal(describeTarget(http('webhook', 'http://127.0.0.1:9/x')), 'POST 127.0.0.1:9 (http://127.0.0.1:9/x)');
  });

  it('names email targets by their recipients', () => {
    const d: RenderedDelivery = {
      notifier: 'n',
      event: 'e',
      sample: null,
      channel: 'email',
      email: { from: null, to: ['a@x.example'], cc: ['b@x.example'], bcc: [], subject: 's', text: 't', html: null },
      transport,
    };
    assert.equal(describeTarget(d), 'email to a@x.example, b@x.example');
    assert.equal(confirmationKey(d), 'email a@x.example, b@x.example');
  });

  it('asks again when the target changes, not when the message does', () => {
    const a = http('webhook', 'https://a.example/x');
    const b = { ...a, request: { ...a.request!, body: '{"other":1}' } };
    assert.equal(confirmationKey(a), confirmationKey(b));
    assert.notEqual(confirmationKey(a), confirmationKey(http('webhook', 'https://b.example/x')));
    assert.notEqual(confirmationKey(http('slack', '\u2039secret:s\u203a'), 'a.example'), confirmationKey(http('slack', '\u2039secret:s\u203a'), 'b.example'));
  });

  it('lists the secrets a delivery needs, from every place they can be', () => {
    const d = http('webhook', '\u2039secret:url\u203a', {
      request: { method: 'POST', url: '\u2039secret:url\u203a', headers: { Authorization: 'Bearer \u2039secret:tok\u203a', 'X-Env': '\u2039env:HOME\u203a' }, body: null },
      transport: { ...transport, signing: { scheme: 'hmac-sha256', secret: '\u2039secret:sign\u203a', header: 'X-Sig' } },
    });
    assert.deepEqual(secretsUsed(d), ['url', 'tok', 'sign']);
  });

  it('recognises the dispatcher\'s missing-secret message', () => {
    assert.equal(missingSecretIn(missingSecretMessage('slack-secops')), 'slack-secops');
    assert.equal(missingSecretIn('connection refused'), undefined);
    assert.equal(missingSecretIn(null), undefined);
  });

  it('offers "All channels" only when there is a choice', () => {
    const one = channelOptions([http('slack', 'https://hooks.slack.com/x')]);
    assert.deepEqual(one.map((o) => o.label), ['slack']);
    const two = channelOptions([http('slack', 'https://hooks.slack.com/x'), http('webhook', 'https://h.example/')]);
    assert.deepEqual(two.map((o) => [o.label, o.indexes]), [['All channels', [0, 1]], ['slack', [0]], ['webhook', [1]]]);
  });

  it('writes one result line with status, attempts, time and error', () => {
    const line = resultLine({ notifier: 'n', channel: 'webhook', target: 'https://h/x', ok: false, status: 503, attempts: 4, durationMs: 1234, error: 'HTTP 503' });
    assert.equal(line, '[n/webhook] FAILED to https://h/x: status 503, 4 attempts, 1234 ms — HTTP 503');
  });
});

describe('notify.defaultTimeout', () => {
  it('applies to channels without their own timeout only', async () => {
    const { analyzeText } = await import('../../../client/extension/engine');
    const { fileOutline, durationMs } = await import('../../../client/extension/outline');
    const { withDefaultTimeout } = await import('../../../client/extension/send/sendPlan');
    const text = `notifier "n" {
  on package.added;
  slack { url = "https://hooks.slack.com/services/T/B/x"; timeout = 3s; }
  webhook { url = "https://h.example/x"; }
}`;
    const outline = fileOutline(analyzeText(text, undefined, process.cwd()).file);
    const deliveries = [http('slack', 'https://hooks.slack.com/x'), http('webhook', 'https://h.example/x')].map((d) => ({
      ...d,
      transport: { ...d.transport, timeoutMs: d.channel === 'slack' ? 3000 : 10000 },
    }));
    const out = withDefaultTimeout(deliveries, outline, durationMs('30s'));
    assert.deepEqual(out.map((d) => [d.channel, d.transport.timeoutMs]), [['slack', 3000], ['webhook', 30000]]);
    assert.equal(durationMs('250ms'), 250);
    assert.equal(durationMs('ten'), undefined);
  });
});

describe('private destination refusals', () => {
  it('recognises the guard\'s refusals, so the setting can be offered', async () => {
    const { checkUrl } = await import('../../../client/dispatch/guard');
    const { refusedAsPrivate } = await import('../../../client/extension/send/sendPlan');
    assert.equal(refusedAsPrivate(checkUrl(new URL('http://127.0.0.1:9/x'), { allowPrivate: false })), true);
    assert.equal(refusedAsPrivate(checkUrl(new URL('https://127.0.0.1:9/x'), { allowPrivate: false })), true);
    assert.equal(refusedAsPrivate('HTTP 500'), false);
    assert.equal(refusedAsPrivate(null), false);
  });
});
