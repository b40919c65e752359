import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/**
 * LANGUAGE.md 6.4: event values in a URL template cannot move the request to
 * another host. Each hostile value here would, before the rule, have sent the
 * request (and its `auth` header) to the loopback receiver instead of the
 * written host; the receiver counts what arrives.
 */
describe('values in URLs (LANGUAGE.md 6.4)', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  const hostPort = () => new URL(receiver.url()).host;

  /** `url` is a string template's content, or with `raw` the whole expression. */
  function notifier(url: string, raw = false): string {
    return `notifier "Tenant hook" {
    on alert.raised;
    webhook {
        url = ${raw ? url : `"${url}"`};
        auth = %(scheme: "bearer", token: $Secret("hook-token"));
        retries = 0;
    }
}
`;
  }

  async function sendWith(url: string, variables: Record<string, unknown>, raw = false) {
    const dir = scratch({ 'n.notify': notifier(url, raw), 'event.json': JSON.stringify(variables) });
    const env = { NOTIFY_SECRET_HOOK_TOKEN: 'tok-must-not-leak' };
    const sent = receiver.requests.length;
    const rendered = await runCli(['render', 'n.notify', '--event-file', 'event.json'], { cwd: dir, env });
    const send = await runCli(['send', 'n.notify', '--event-file', 'event.json', '--allow-private'], { cwd: dir, env });
    return { rendered, send, arrived: receiver.requests.length - sent };
  }

  const hostile = () => [
    `${hostPort()}#`,
    `${hostPort()}/`,
    `${hostPort()}?`,
    `${hostPort()}\\`,
    `a@${hostPort()}#`,
    `user:pw@${hostPort()}#`,
    `${hostPort()}/x#`,
    ` ${hostPort()}#`,
    `${hostPort()}\t#`,
    `${hostPort()}%23`,
  ];

  it('refuses a value that would end or change the host, in render and send; nothing is sent', async () => {
    for (const tenant of hostile()) {
      const { rendered, send, arrived } = await sendWith('http://$Tenant.example.invalid/hooks/$Title', { Tenant: tenant, Title: 't' });
      assert.equal(rendered.code, 1, `${JSON.stringify(tenant)}: ${rendered.stdout}`);
      assert.equal(rendered.stdout, '');
      assert.match(rendered.stderr, /n\.notify:4:\d+: Tenant hook\/webhook: url: the value ".*" cannot go into the scheme or host of "http:\/\/…": a value there may hold only letters, digits, "-" and "\."/);
      assert.equal(send.code, 1, `${JSON.stringify(tenant)}: ${send.stderr}`);
      assert.match(send.stderr, /cannot go into the scheme or host of/);
      assert.equal(arrived, 0, `${JSON.stringify(tenant)} reached the receiver`);
      assert.equal(send.stderr.includes('tok-must-not-leak'), false);
    }
  });

  it('holds for a URL computed by an expression: functions, nested templates, $FromJson output (each character by where it came from)', async () => {
    const computed = [
      '$Trim("http://$Tenant.example.invalid/hooks")',
      '$ToLower("HTTP://$(%(t: $Tenant).t).EXAMPLE.INVALID/hooks")',
      '$Replace("http://HOST.example.invalid/hooks", "HOST", $Tenant)',
      '$Coalesce($Severity, "http://$Tenant.example.invalid/hooks")',
      '$Join("", @("http://", $MapItem(%FromJson($Title), "t"), ".example.invalid/hooks"))',
    ];
    for (const expr of computed) {
      for (const tenant of [`${hostPort()}#`, `${hostPort()}/`, `a@${hostPort()}?`]) {
        const { rendered, send, arrived } = await sendWith(expr, { Tenant: tenant, Title: JSON.stringify({ t: tenant }), Severity: '' }, true);
        assert.equal(rendered.code, 1, `${expr} ${JSON.stringify(tenant)}: ${rendered.stdout}`);
        assert.match(rendered.stderr, /n\.notify:4:\d+: Tenant hook\/webhook: url: the value ".*" cannot go into the scheme or host of "http:\/\/…"/, expr);
        assert.equal(send.code, 1, `${expr}: ${send.stderr}`);
        assert.equal(arrived, 0, `${expr} with ${JSON.stringify(tenant)} reached the receiver`);
      }
    }
    // host names still go in; path values are percent-encoded; a computed URL that is data throughout is a base
    const [host, port] = hostPort().split(':') as [string, string];
    const ok = await sendWith('$Trim(" http://$Tenant:$Severity/hooks/$Title ")', { Tenant: host, Severity: port, Title: 'a?b#c' }, true);
    assert.equal(ok.send.code, 0, ok.send.stderr);
    assert.equal(receiver.requests.at(-1)!.path, '/hooks/a%3Fb%23c');
    const whole = await sendWith('$MapItem(%FromJson($Title), "u")', { Title: JSON.stringify({ u: receiver.url('/from-json') }) }, true);
    assert.equal(whole.send.code, 0, whole.send.stderr);
    assert.equal(receiver.requests.at(-1)!.path, '/from-json');
    // a function that changes the text around a value leaves no way to tell what came from where: refused
    const untold = await sendWith('$Substring("http://$Tenant.example.invalid/hooks", 0, 40)', { Tenant: `${hostPort()}#` }, true);
    assert.equal(untold.rendered.code, 1);
    assert.match(untold.rendered.stderr, /: url: cannot tell which characters of this URL come from event data/);
    assert.equal(untold.arrived, 0);
  });

  it('refuses a value after written host text that would add a label or user info ("https://example.com$Invoking")', async () => {
    for (const path of [`@${hostPort()}`, `.${hostPort()}`, `:pw@${hostPort()}`, `x@${hostPort()}`]) {
      const { rendered, send, arrived } = await sendWith('http://example.invalid$Invoking', { Invoking: path });
      assert.equal(rendered.code, 1, path);
      assert.match(rendered.stderr, /url: the value ".*" cannot go into the scheme or host of "http:\/\/example\.invalid…": a value there may hold only letters, digits and "-" \("\." only where a value begins the host\)/);
      assert.equal(send.code, 1);
      assert.equal(arrived, 0, `${path} reached the receiver`);
    }
  });

  it('refuses a value in the scheme of a template without a written one', async () => {
    const { rendered, arrived } = await sendWith('$Tenant.example.invalid/hooks', { Tenant: `http://${hostPort()}#` });
    assert.equal(rendered.code, 1);
    assert.match(rendered.stderr, /the value "http:\/\/127\.0\.0\.1:\d+#" cannot go into the scheme or host of "…"/);
    assert.equal(arrived, 0);
  });

  it('takes host names: labels where the value begins the host, a port of digits, a value that begins the path', async () => {
    const [host, port] = hostPort().split(':') as [string, string];
    const begins = await sendWith('http://$Tenant:$Severity/hooks', { Tenant: host, Severity: port });
    assert.equal(begins.send.code, 0, begins.send.stderr);
    assert.equal(begins.arrived, 1);
    const path = await sendWith(`http://${hostPort()}$Invoking`, { Invoking: '/hooks/a?b#c' });
    assert.equal(path.send.code, 0, path.send.stderr);
    assert.equal(receiver.requests.at(-1)!.path, '/hooks/a%3Fb%23c');
    const rendered = await sendWith('https://$Tenant.example.com/x', { Tenant: 'eu.contoso-1' });
    assert.equal(JSON.parse(rendered.rendered.stdout).deliveries[0].request.url, 'https://eu.contoso-1.example.com/x');
  });

  it('percent-encodes ? # \\ in a path value and # in a query value; keeps / & = and %', async () => {
    const { send, arrived } = await sendWith(`http://${hostPort()}/hooks/$Title?q=$Tenant&z=1`, { Title: 'a/b?c=1#d\\e%41', Tenant: 'x&y=2#frag' });
    assert.equal(send.code, 0, send.stderr);
    assert.equal(arrived, 1);
    assert.equal(receiver.requests.at(-1)!.path, '/hooks/a/b%3Fc=1%23d%5Ce%41?q=x&y=2%23frag&z=1');
  });

  it('encodes tab, line breaks and ‹ › in path values: event text is never taken for a secret placeholder', async () => {
    // the event's ‹ carries its zero-width mark (LANGUAGE.md 8), and is percent-encoded with it
    const { rendered, send } = await sendWith(`http://${hostPort()}/hooks/$Title`, { Title: '‹secret:hook-token›\t\n' });
    assert.equal(JSON.parse(rendered.stdout).deliveries[0].request.url, `http://${hostPort()}/hooks/%E2%80%B9%E2%80%8Bsecret:hook-token%E2%80%BA%09%0A`);
    assert.equal(send.code, 0, send.stderr);
    assert.equal(receiver.requests.at(-1)!.path.includes('tok-must-not-leak'), false);
  });

  it('a whole URL from a value, a secret or $Env, and a base before written "/", stay allowed', async () => {
    const whole = await sendWith('$Title', { Title: receiver.url('/whole') });
    assert.equal(whole.send.code, 0, whole.send.stderr);
    assert.equal(receiver.requests.at(-1)!.path, '/whole');
    const base = await sendWith('$Tenant/hooks/$Title', { Tenant: `http://${hostPort()}`, Title: 'a?b' });
    assert.equal(base.send.code, 0, base.send.stderr);
    assert.equal(receiver.requests.at(-1)!.path, '/hooks/a%3Fb');

    const dir = scratch({
      'n.notify': notifier(`http://$Env('NOTIFY_ENV_HOOK_HOST')/env/$Title`).replace('on alert.raised;', 'on alert.raised;').replace(
        '    }\n}',
        `    }\n    webhook { url = "$Secret('hook-base')/secret/$Title"; retries = 0; }\n}`,
      ),
      'event.json': JSON.stringify({ Title: 'x#y' }),
    });
    const sent = receiver.requests.length;
    const r = await runCli(['send', 'n.notify', '--event-file', 'event.json', '--allow-private'], {
      cwd: dir,
      env: { NOTIFY_SECRET_HOOK_TOKEN: 't', NOTIFY_ENV_HOOK_HOST: hostPort(), NOTIFY_SECRET_HOOK_BASE: `http://${hostPort()}` },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(receiver.requests.slice(sent).map((q) => q.path).sort(), ['/env/x%23y', '/secret/x%23y']);
  });
});
