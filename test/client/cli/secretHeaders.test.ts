import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/**
 * `headers = %SecretMap("name")` (LANGUAGE.md 5, 6, 8): CIPP keeps a
 * webhook's custom headers as one JSON object stored as one secret.
 */
const file = (url: string, headers = '%SecretMap("cipp-headers")', extra = '') => `notifier "CIPP webhook" {
    on alert.raised;
    webhook {
        url = "${url}";
        headers = ${headers};
        auth = %(scheme: "bearer", token: $Secret("cipp-token"));
        retries = 0;
        envelope = "standard";
        body = "$ToJson(@Alerts)";
    }
}
${extra}`;

const HEADERS = { 'X-Api-Key': 'k-9f3c1a77e2b04d55', 'X-Tenant': 'contoso', Authorization: 'overridden-by-auth' };

describe('headers from one secret: %SecretMap', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  it('checks clean as the whole value of headers; the type is a map (NTF113 for $SecretMap)', async () => {
    const dir = scratch({ 'a.notify': file('https://hooks.example.test/cipp'), 'b.notify': file('https://hooks.example.test/cipp', '$SecretMap("cipp-headers")') });
    const ok = await runCli(['check', 'a.notify'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const bad = await runCli(['check', 'b.notify', '--format', 'json'], { cwd: dir });
    assert.equal(bad.code, 1);
    const codes = (JSON.parse(bad.stdout) as { code: string; message: string }[]).map((d) => d.code);
    assert.deepEqual(codes, ['NTF113']);
  });

  it('anywhere else is NTF347 on the call (body, inside a map, a message text, a condition)', async () => {
    const src = `notifier "Elsewhere" {
    on alert.raised;
    when $ListCount(@MapKeys(%SecretMap("a"))) > 0;
    webhook {
        url = "https://hooks.example.test/x";
        headers = %(X: "1", Y: %SecretMap("b"));
        body = "$ToJson(%SecretMap('c'))";
    }
    slack { url = $Secret("s"); text = "hi"; fields = %SecretMap("d"); }
}
`;
    const dir = scratch({ 'e.notify': src });
    const r = await runCli(['check', 'e.notify', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1);
    const ntf347 = (JSON.parse(r.stdout) as { code: string; line: number }[]).filter((d) => d.code === 'NTF347');
    assert.deepEqual(ntf347.map((d) => d.line), [3, 6, 7, 9], r.stdout);
  });

  it('render shows one stand-in line where the headers go, before auth', async () => {
    const dir = scratch({ 'a.notify': file('https://hooks.example.test/cipp') });
    const r = await runCli(['render', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const headers = JSON.parse(r.stdout).deliveries[0].request.headers as Record<string, string>;
    assert.deepEqual(Object.entries(headers), [
      ['Content-Type', 'application/json'],
      ['‹secret:cipp-headers›', '‹headers›'],
      ['Authorization', 'Bearer ‹secret:cipp-token›'],
    ]);
  });

  it('send puts every header of the object in place; values never reach stdout, stderr or the history', async () => {
    receiver.reply({ status: 500, body: `bad key ${HEADERS['X-Api-Key']}` });
    const before = receiver.requests.length;
    const dir = scratch({ 'a.notify': file(receiver.url('/cipp')) });
    const env = { NOTIFY_SECRET_CIPP_HEADERS: JSON.stringify(HEADERS), NOTIFY_SECRET_CIPP_TOKEN: 'tok-5b1e0c9d44aa' };
    const r = await runCli(['send', 'a.notify', '--allow-private'], { cwd: dir, env });
    assert.equal(r.code, 1, r.stderr);
    const req = receiver.requests[before]!;
    assert.equal(req.headers['x-api-key'], HEADERS['X-Api-Key']);
    assert.equal(req.headers['x-tenant'], 'contoso');
    // auth comes after the headers and wins
    assert.equal(req.headers['authorization'], 'Bearer tok-5b1e0c9d44aa');
    const result = JSON.parse(r.stdout.trim());
    assert.match(result.error, /bad key ‹secret:cipp-headers›/);
    const history = readFileSync(join(dir, '.notify/history.jsonl'), 'utf8');
    for (const out of [r.stdout, r.stderr, history]) {
      assert.equal(out.includes(HEADERS['X-Api-Key']), false);
      assert.equal(out.includes(JSON.stringify(HEADERS)), false);
    }
  });

  const refusals: [string, string, RegExp][] = [
    ['not JSON', '{"X-Api-Key": k-9f3c1a77e2b04d55}', /secret cipp-headers is not valid JSON/],
    ['an array', '["X-Api-Key"]', /secret cipp-headers must hold a JSON object .* not an array/],
    ['a number value', '{"X-Count": 3}', /the value of "X-Count" in secret cipp-headers must be a string, not a number/],
    ['a forbidden header', '{"Host": "internal.example"}', /secret cipp-headers: header Host cannot be set/],
    ['a bad header name', '{"X Api": "v"}', /"X Api" is not a valid HTTP header name/],
    ['a line break', '{"X-A": "v\\r\\nX-B: w"}', /"X-A" in secret cipp-headers contains a line break/],
  ];
  for (const [what, secret, message] of refusals) {
    it(`send refuses a secret that is ${what}, unsent, without quoting it`, async () => {
      const before = receiver.requests.length;
      const dir = scratch({ 'a.notify': file(receiver.url('/cipp')) });
      const env = { NOTIFY_SECRET_CIPP_HEADERS: secret, NOTIFY_SECRET_CIPP_TOKEN: 'tok-5b1e0c9d44aa' };
      const r = await runCli(['send', 'a.notify', '--allow-private'], { cwd: dir, env });
      assert.equal(r.code, 1);
      assert.equal(receiver.requests.length, before, 'nothing sent');
      const result = JSON.parse(r.stdout.trim());
      assert.equal(result.ok, false);
      assert.match(result.error, message);
      assert.equal(r.stdout.includes('k-9f3c1a77e2b04d55') || r.stderr.includes('k-9f3c1a77e2b04d55'), false);
      assert.equal(r.stderr.includes('    at '), false, 'no stack trace');
    });
  }
});
