// Issue 14's done-when: every HTTP channel, rendered from a real file and
// sent by the real dispatcher to a loopback receiver answering with the
// service's own reply shapes — success, rate limited, an invalid payload, a
// revoked or deleted hook — ends as the service means it: delivered,
// retried (then delivered), or failed with the service's meaning.
// The table must name every channel that sends HTTP: a new one fails here
// until its replies are written down.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { analyze } from '../../../grammar/analyze';
import { CHANNEL_KINDS, CHANNELS } from '../../../grammar/channels/registry';
import { render } from '../../../grammar/render/render';
import type { RenderedDelivery } from '../../../grammar/render/delivery';
import { HttpReceiver, type ScriptedReply } from '../../support/httpReceiver';
import { recordingSleep } from '../../support/deliveries';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedReply => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const text = (status: number, body: string, headers: Record<string, string> = {}): ScriptedReply => ({ status, headers: { 'Content-Type': 'text/plain', ...headers }, body });

interface Shapes {
  readonly success: ScriptedReply;
  /** Retried: the dispatcher tries again and the next (successful) attempt delivers. */
  readonly rateLimited: ScriptedReply;
  /** Failed, not retried; `meaning` is what the error must say. */
  readonly invalid: ScriptedReply & { readonly meaning: RegExp };
  readonly revoked: ScriptedReply & { readonly meaning: RegExp };
}

/** Each service's documented replies (the sources are in docs/delivery.md's reply table). */
const SHAPES: Readonly<Record<string, Shapes>> = {
  slack: {
    success: text(200, 'ok'),
    rateLimited: text(429, 'rate_limited', { 'Retry-After': '1' }),
    invalid: { ...text(400, 'invalid_payload'), meaning: /Slack could not read the message \(invalid_payload\)/ },
    revoked: { ...text(404, 'no_service'), meaning: /Slack webhook is disabled or was removed \(no_service\)/ },
  },
  teams: {
    success: text(202, ''),
    rateLimited: json(429, { error: { code: 'TooManyRequests', message: 'Rate limit is exceeded. Try again in 1 seconds.' } }, { 'Retry-After': '1' }),
    invalid: { ...json(400, { error: { code: 'InvalidRequestContent', message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition." } }), meaning: /Teams could not read the card \(HTTP 400/ },
    revoked: { ...json(404, { error: { code: 'WorkflowNotFound', message: "The workflow 'abc' could not be found." } }), meaning: /Teams webhook was not found \(HTTP 404\)/ },
  },
  discord: {
    success: text(204, ''),
    rateLimited: json(429, { message: 'You are being rate limited.', retry_after: 0.25, global: false }, { 'X-RateLimit-Limit': '5', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '0.25', 'Retry-After': '1' }),
    invalid: {
      ...json(400, { code: 50035, errors: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } } }, message: 'Invalid Form Body' }),
      meaning: /Discord refused the message \(Invalid Form Body\): embeds\[0\]\.description: Must be 4096 or fewer in length\./,
    },
    revoked: { ...json(404, { message: 'Unknown Webhook', code: 10015 }), meaning: /Discord webhook does not exist \(Unknown Webhook, HTTP 404\)/ },
  },
  webhook: {
    success: text(200, ''),
    rateLimited: text(429, 'Too Many Requests', { 'Retry-After': '1' }),
    invalid: { ...json(400, { error: 'body must be an object' }), meaning: /the receiver answered 400: \{"error":"body must be an object"\}/ },
    revoked: { ...text(410, 'Gone'), meaning: /the receiver answered 410 \(check the URL: the hook may have been deleted\)/ },
  },
  googlechat: {
    success: json(200, { name: 'spaces/AAA/messages/m1', text: 'x' }),
    rateLimited: json(429, { error: { code: 429, message: "Quota exceeded for quota metric 'Write requests'.", status: 'RESOURCE_EXHAUSTED' } }),
    invalid: {
      ...json(400, { error: { code: 400, message: 'Invalid JSON payload received. Unknown name "cards" at \'message\'.', status: 'INVALID_ARGUMENT' } }),
      meaning: /Google Chat could not read the message \(HTTP 400, INVALID_ARGUMENT\): Invalid JSON payload/,
    },
    revoked: { ...json(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } }), meaning: /Google Chat space or webhook was not found \(HTTP 404, NOT_FOUND\)/ },
  },
  mattermost: {
    success: text(200, 'ok'),
    rateLimited: text(429, 'memstore rate limit exceeded', { 'Retry-After': '1', 'X-Ratelimit-Remaining': '0' }),
    invalid: {
      ...json(400, { id: 'web.incoming_webhook.parse.app_error', message: 'Unable to parse incoming data.', detailed_error: '', status_code: 400 }),
      meaning: /Mattermost could not read the message \(HTTP 400, web\.incoming_webhook\.parse\.app_error\): Unable to parse incoming data\./,
    },
    revoked: { ...json(400, { id: 'web.incoming_webhook.invalid.app_error', message: 'Invalid webhook.', detailed_error: '', status_code: 400 }), meaning: /Mattermost webhook does not exist \(HTTP 400\)/ },
  },
  ntfy: {
    success: json(200, { id: 'hwQ2YpKdmg', time: 1635528741, event: 'message', topic: 'alerts', message: 'x' }),
    rateLimited: json(429, { code: 42901, http: 429, error: 'limit reached: too many requests', link: 'https://ntfy.sh/docs/publish/#limitations' }),
    invalid: { ...json(400, { code: 40007, http: 400, error: 'invalid request: priority invalid', link: 'https://ntfy.sh/docs/publish/#message-priority' }), meaning: /ntfy answered 400: invalid request: priority invalid \(40007\)/ },
    revoked: { ...json(403, { code: 40301, http: 403, error: 'forbidden', link: 'https://ntfy.sh/docs/publish/#authentication' }), meaning: /ntfy refused to publish to this topic: forbidden \(40301\); a protected topic needs an access token/ },
  },
  pagerduty: {
    success: json(202, { status: 'success', message: 'Event processed', dedup_key: 'k' }),
    rateLimited: json(429, { status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' }),
    invalid: { ...json(400, { status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.summary' is missing or blank"] }), meaning: /PagerDuty refused the event \(Event object is invalid\): 'payload\.summary' is missing or blank$/ },
    revoked: { ...json(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] }), meaning: /PagerDuty refused the event .*Invalid routing key; check `routing_key`/ },
  },
};

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

/** A block of `kind` sending to the receiver: its required properties, secrets from `NOTIFY_SECRET_K`. */
function deliveryOf(kind: string): RenderedDelivery | undefined {
  const props = [...CHANNELS[kind as keyof typeof CHANNELS].properties.values()];
  const lines = props.filter((d) => d.required && d.name !== 'url').map((d) => (d.name === 'to' ? 'to = "ops@example.com";' : `${d.name} = $Secret("k");`));
  if (props.some((d) => d.name === 'url')) lines.push(`url = "${receiver.url(`/${kind}`)}";`);
  const text = `notifier "N" {\n    on package.added;\n    ${kind} {\n        ${lines.join('\n        ')}\n    }\n}\n`;
  const analysis = analyze(text, noImports);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], `${kind}: ${errors.map((d) => d.message).join('; ')}`);
  const result = render(analysis.file, analysis.catalog, {});
  assert.deepEqual(result.errors, []);
  return result.deliveries[0]!.request ? result.deliveries[0] : undefined;
}

async function send(delivery: RenderedDelivery, ...replies: ScriptedReply[]) {
  receiver.reset();
  receiver.reply(...replies);
  const { sleep, waits } = recordingSleep();
  const result = await dispatch(delivery, {
    secrets: envSecretSource({ NOTIFY_SECRET_K: 'R0123456789abcdef0123456789abcde' }),
    env: {},
    allowPrivate: true,
    allowEnv: true,
    version: '1',
    sleep,
    random: () => 0.5,
  });
  return { result, waits, requests: receiver.requests.length };
}

const httpKinds = CHANNEL_KINDS.filter((kind) => kind !== 'email');

test('every HTTP channel has its reply shapes in the table', () => {
  assert.deepEqual([...httpKinds].sort(), Object.keys(SHAPES).sort());
});

for (const kind of httpKinds) {
  describe(`${kind}: the service's replies through the dispatcher`, () => {
    const shapes = () => SHAPES[kind]!;
    test('success: delivered in one attempt', async () => {
      const delivery = deliveryOf(kind);
      assert.ok(delivery, `${kind} sends HTTP`);
      const { result, requests } = await send(delivery, shapes().success);
      assert.deepEqual({ ok: result.ok, attempts: result.attempts, error: result.error, requests }, { ok: true, attempts: 1, error: null, requests: 1 });
    });
    test('rate limited: retried after a wait, then delivered', async () => {
      const { result, waits, requests } = await send(deliveryOf(kind)!, shapes().rateLimited, shapes().success);
      assert.deepEqual({ ok: result.ok, attempts: result.attempts, requests }, { ok: true, attempts: 2, requests: 2 }, String(result.error));
      assert.equal(waits.length, 1, 'one wait before the retry');
    });
    test('invalid payload: failed at once, saying what the service refused', async () => {
      const { result, requests } = await send(deliveryOf(kind)!, shapes().invalid);
      assert.deepEqual({ ok: result.ok, attempts: result.attempts, requests }, { ok: false, attempts: 1, requests: 1 });
      assert.match(result.error ?? '', shapes().invalid.meaning);
    });
    test('revoked or deleted hook: failed at once, saying so', async () => {
      const { result, requests } = await send(deliveryOf(kind)!, shapes().revoked);
      assert.deepEqual({ ok: result.ok, attempts: result.attempts, requests }, { ok: false, attempts: 1, requests: 1 });
      assert.match(result.error ?? '', shapes().revoked.meaning);
    });
  });
}
