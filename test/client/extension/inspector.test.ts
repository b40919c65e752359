import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildInspectorModel } from '../../../client/extension/preview/inspector';
import { buildPreviewModel } from '../../../client/extension/preview/model';
import type { DeliveryResult } from '../../../client/dispatch/result';
import { httpDelivery } from '../../support/deliveries';

const result = (ok: boolean, extra: Partial<DeliveryResult> = {}): DeliveryResult => ({
  notifier: 'N',
  channel: 'webhook',
  target: 'https://example.com/‹secret:x›',
  ok,
  status: ok ? 200 : 500,
  attempts: 1,
  durationMs: 12,
  error: ok ? null : 'the receiver answered 500',
  ...extra,
});

test('the inspector says a send of several succeeded only when every delivery did', () => {
  const at = new Date('2026-01-02T03:04:05.678Z');
  assert.deepEqual([buildInspectorModel([result(true), result(true)], 'a.notify', at).summary, buildInspectorModel([result(true)], 'a.notify', at).ok], ['2 of 2 delivered', true]);
  const partial = buildInspectorModel([result(true), result(false), result(true)], 'a.notify', at);
  assert.equal(partial.ok, false);
  assert.equal(partial.summary, '2 of 3 delivered — partly sent, not a success');
  assert.equal(buildInspectorModel([result(false)], 'a.notify', at).summary, '0 of 1 delivered — failed');
  assert.equal(buildInspectorModel([], 'a.notify', at).ok, false);
  assert.equal(partial.finishedAt, '2026-01-02T03:04:05.678Z');
});

test('the inspector carries each delivery\'s attempt records as the dispatcher made them; none when it kept none', () => {
  const record = {
    attempt: 1, startedAt: '2026-01-02T03:04:05.000Z', pacedMs: 0, pacedBecause: null, durationMs: 5,
    request: { method: 'POST', url: 'https://example.com/‹secret:x›', headers: {}, body: '{}' }, signed: null,
    response: { status: 200, headers: {}, body: 'ok' }, ok: true, error: null, retryInMs: null, retryReason: null,
  };
  const model = buildInspectorModel([result(true, { attemptRecords: [record] }), result(true)], 'a.notify');
  assert.deepEqual(model.deliveries.map((d) => d.attempts), [[record], []]);
  // Serialisable as it is posted to the webview.
  assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
});

test('the preview model says how long pacing makes the send, only when something is paced', () => {
  const base = { fileName: 'a.notify', selection: {}, choices: { notifiers: [], samples: [], events: [], defaultLabel: 'First matching sample' }, problems: [], restricted: false };
  const hook = 'https://hooks.slack.com/services/T/B/x';
  const paced = buildPreviewModel({ ...base, deliveries: [0, 1, 2].map(() => httpDelivery(hook, { channel: 'slack' })) });
  assert.deepEqual(paced.pacing, ['3 messages to Slack: about 3 s']);
  const single = buildPreviewModel({ ...base, deliveries: [httpDelivery(hook, { channel: 'slack' }), httpDelivery('https://example.com/a')] });
  assert.equal('pacing' in single, false);
});

test('a delivery cancelled at its confirmation counts: one sent out of two is "1 of 2 delivered — partly sent", not a success', () => {
  const at = new Date('2026-01-02T03:04:05.678Z');
  const one = buildInspectorModel([result(true)], 'a.notify', at, 2);
  assert.equal(one.ok, false);
  assert.equal(one.summary, '1 of 2 delivered — partly sent, not a success');
  assert.equal(buildInspectorModel([result(false)], 'a.notify', at, 3).summary, '0 of 3 delivered — failed');
  assert.equal(buildInspectorModel([result(true), result(true)], 'a.notify', at, 2).ok, true);
});

test('a delivered reply whose body broke off carries its note into the inspector (LANGUAGE.md 9), and a plain one none', () => {
  const note = 'the reply body could not be read (connection reset); the receiver had answered 200, so the message counts as delivered and is not sent again';
  const model = buildInspectorModel([result(true, { note }), result(true)], 'a.notify');
  assert.deepEqual(model.deliveries.map((d) => d.note), [note, null]);
});
