import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/**
 * LANGUAGE.md 8: only `$Secret` and `$Env` write placeholders. An event's
 * data that holds placeholder text (`‹secret:other›`) — in a value, a key,
 * or JSON that `$FromJson` decodes (`\u2039`) — is sent as that text, never
 * as a secret's value; the receiver here records what arrives.
 */
describe('placeholder text in event data', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  const SECRETS = { NOTIFY_SECRET_HOOK_TOKEN: 'tok-must-not-leak-1', NOTIFY_SECRET_OTHER: 'other-must-not-leak-2', NOTIFY_ENV_HOME_DIR: 'env-must-not-leak-3' };

  it('is sent as text in a value and a key, and never resolved to a secret or variable', async () => {
    receiver.replyByDefault({ status: 200, body: 'ok' });
    const dir = scratch({
      'n.notify': `notifier "Forged" {
    on alert.raised;
    webhook {
        url = "${receiver.url('/forged')}";
        auth = %(scheme: "bearer", token: $Secret("hook-token"));
        body = $ToJson(%(title: $Title, decoded: $FromJson($Invoking), whole: $Title));
        retries = 0;
    }
}
`,
      'event.json': JSON.stringify({
        Title: '‹secret:other› ‹secret:hook-token› ‹env:NOTIFY_ENV_HOME_DIR›',
        Invoking: JSON.stringify({ '\u2039secret:other\u203a': '\u2039secret:hook-token\u203a' }).replace(/\u2039/g, '\\u2039').replace(/\u203a/g, '\\u203a'),
      }),
    });
    const sent = receiver.requests.length;
    const r = await runCli(['send', 'n.notify', '--event-file', 'event.json', '--allow-private', '--allow-env', 'NOTIFY_ENV_HOME_DIR'], { cwd: dir, env: SECRETS });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const got = receiver.requests.slice(sent);
    assert.equal(got.length, 1);
    const seen = JSON.stringify(got[0]!.headers) + got[0]!.body;
    for (const value of Object.values(SECRETS).slice(1)) assert.ok(!seen.includes(value), `${value} reached the receiver: ${seen}`);
    // the token is in its one legitimate place, the Authorization header, and nowhere else
    assert.equal(got[0]!.headers.authorization, 'Bearer tok-must-not-leak-1');
    assert.ok(!got[0]!.body.includes('tok-must-not-leak-1'));
    const body = JSON.parse(got[0]!.body) as { title: string; decoded: Record<string, string> };
    // the text arrives as written, with an invisible mark after each ‹
    assert.equal(body.title.replace(/\u200b/g, ''), '‹secret:other› ‹secret:hook-token› ‹env:NOTIFY_ENV_HOME_DIR›');
    assert.deepEqual(Object.entries(body.decoded).map(([k, v]) => [k.replace(/\u200b/g, ''), v.replace(/\u200b/g, '')]), [['‹secret:other›', '‹secret:hook-token›']]);
  });

  it('cannot choose which secret a secret-typed variable names', async () => {
    const dir = scratch({
      'events.json': JSON.stringify({ events: { 'hook.fired': { variables: { Key: { type: 'secret', example: 'hook-token' }, Name: { type: 'string', example: 'n' } } } } }),
      'n.notify': `import "events.json";\nnotifier "S" {\n    on hook.fired;\n    webhook { url = "${receiver.url('/typed')}"; headers = %(X-Key: $Key); body = "$Name"; retries = 0; }\n}\n`,
      'event.json': JSON.stringify({ Key: 'other', Name: 'x' }),
    });
    const sent = receiver.requests.length;
    const r = await runCli(['send', 'n.notify', '--event-file', 'event.json', '--allow-private'], { cwd: dir, env: SECRETS });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const got = receiver.requests.slice(sent);
    assert.equal(got[0]!.headers['x-key'], 'tok-must-not-leak-1', 'the catalog names the secret');
    assert.ok(!JSON.stringify(got[0]!.headers).includes('other-must-not-leak-2'));
  });
});
