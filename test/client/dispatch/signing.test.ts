import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hmacSha256Signature, signatureHeaders, standardWebhooksSignature } from '../../../client/dispatch/signing';
import { Secret } from '../../../client/dispatch/secrets';

// GitHub docs, "Validating webhook deliveries" → "Testing the webhook payload validation".
test('hmac-sha256 matches the GitHub webhook documentation example', () => {
  assert.equal(
    hmacSha256Signature("It's a Secret to Everybody", 'Hello, World!'),
    'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  );
});

// standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, test "sign function works".
test('standard-webhooks matches the reference library test vector', () => {
  assert.equal(
    standardWebhooksSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  );
  // The reference library accepts the secret with or without its prefix.
  assert.equal(
    standardWebhooksSignature('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  );
});

test('signature headers: custom header name, and id / seconds timestamp for standard webhooks', () => {
  const h = signatureHeaders({ scheme: 'hmac-sha256', secret: new Secret('s', 'k'), header: 'X-Hub-Signature-256' }, 'b', 'evt', 0);
  assert.deepEqual(Object.keys(h), ['X-Hub-Signature-256']);
  const sw = signatureHeaders({ scheme: 'standard-webhooks', secret: new Secret('s', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') }, '{"test": 2432232314}', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330_999);
  assert.deepEqual(sw, {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  });
});
