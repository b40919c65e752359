import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { chainSecretSources, envSecretSource, missingSecretMessage, Secret, secretEnvVarName } from '../../../client/dispatch/secrets';
import { Redactor } from '../../../client/dispatch/redact';

test('a Secret never prints its value', () => {
  const s = new Secret('soar-token', 'hunter2-value');
  assert.equal(String(s), '‹secret:soar-token›');
  assert.equal(`${s}`, '‹secret:soar-token›');
  assert.equal(JSON.stringify({ s }), '{"s":"‹secret:soar-token›"}');
  assert.equal(inspect(s), '‹secret:soar-token›');
  assert.ok(!inspect({ nested: [s] }).includes('hunter2'));
  assert.equal(s.reveal(), 'hunter2-value');
});

test('environment secrets use NOTIFY_SECRET_ + upper case, other characters as _', async () => {
  assert.equal(secretEnvVarName('slack-secops'), 'NOTIFY_SECRET_SLACK_SECOPS');
  assert.equal(secretEnvVarName('a.b c/9'), 'NOTIFY_SECRET_A_B_C_9');
  const source = envSecretSource({ NOTIFY_SECRET_SLACK_SECOPS: 'xoxb', NOTIFY_SECRET_EMPTY: '' });
  assert.equal(await source.get('slack-secops'), 'xoxb');
  assert.equal(await source.get('missing'), undefined);
  assert.equal(await source.get('empty'), undefined);
});

test('the chain asks the editor storage first, then the environment', async () => {
  const editor = { get: async (name: string) => (name === 'both' ? 'from-editor' : undefined) };
  const chain = chainSecretSources(editor, envSecretSource({ NOTIFY_SECRET_BOTH: 'from-env', NOTIFY_SECRET_ONLY_ENV: 'env-only' }));
  assert.equal(await chain.get('both'), 'from-editor');
  assert.equal(await chain.get('only-env'), 'env-only');
  assert.equal(await chain.get('none'), undefined);
});

test('getNow answers as get does, and a chain has it only when every source does', async () => {
  const env = envSecretSource({ NOTIFY_SECRET_A: 'a-value', NOTIFY_SECRET_EMPTY: '' });
  const editor = { get: async (name: string) => (name === 'both' ? 'from-editor' : undefined) };
  for (const name of ['a', 'empty', 'missing']) assert.equal(env.getNow!(name), await env.get(name));
  const syncChain = chainSecretSources(envSecretSource({ NOTIFY_SECRET_B: 'first' }), env);
  for (const name of ['a', 'b', 'missing']) assert.equal(syncChain.getNow!(name), await syncChain.get(name));
  assert.equal(chainSecretSources(editor, env).getNow, undefined);
});

test('the missing-secret message names the secret and both ways to set it', () => {
  const m = missingSecretMessage('soar-token');
  assert.match(m, /"soar-token"/);
  assert.match(m, /Notify: Set Secret/);
  assert.match(m, /NOTIFY_SECRET_SOAR_TOKEN/);
});

test('the redactor masks a value and its encoded forms, longest first', () => {
  const r = new Redactor();
  r.add('p@ss w/rd"x', '‹secret:pw›');
  r.add('p@ss', '‹secret:short›');
  const value = 'p@ss w/rd"x';
  const text = [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
    JSON.stringify(value),
  ].join(' | ');
  const out = r.redact(text);
  assert.ok(!out.includes('p@ss'), out);
  assert.ok(!out.includes(Buffer.from(value).toString('base64')), out);
  assert.equal(out.split('‹secret:pw›').length - 1, 5);
  assert.equal(r.redact('just p@ss'), 'just ‹secret:short›');
  assert.equal(r.redact(null), null);
});
