import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, expectClean, expectOne, notifier, run, SLACK_URL } from './helpers';

test('NTF201 unknown property, with a did-you-mean fix', () => {
  const text = notifier(`    slack { ${SLACK_URL} txt = "a"; }`);
  const d = expectOne(text, 'NTF201', 'error', 'txt');
  expectClean(applyFix(text, d));
});

test('NTF201 property names are lower case', () => {
  const text = notifier(`    slack { URL = $Secret("s"); }`);
  const d = expectOne(text, 'NTF201', 'error', 'URL');
  expectClean(applyFix(text, d));
});

test('NTF202 required property missing, at the channel keyword, with a skeleton fix', () => {
  const text = notifier(`    slack { text = "a"; }`);
  const d = expectOne(text, 'NTF202', 'error', 'slack');
  assert.match(d.message, /url/);
  const fixed = applyFix(text, d);
  assert.match(fixed, /slack \{\n {8}url = \$Secret\("slack-n"\);/);
  expectClean(fixed);
  const email = notifier(`    email { subject = "a"; }`);
  const e = expectOne(email, 'NTF202', 'error', 'email');
  expectClean(applyFix(email, e));
});

test('NTF203 retries out of range, fixed to the nearest allowed', () => {
  const text = notifier(`    slack { ${SLACK_URL} retries = 11; }`);
  const d = expectOne(text, 'NTF203', 'error', '11');
  assert.equal(applyFix(text, d), text.replace('11', '10'));
  expectClean(notifier(`    slack { ${SLACK_URL} retries = 0; timeout = 30s; backoff = @(1s, 2m); }`));
});

test('NTF203 closed value sets and types', () => {
  const method = notifier(`    webhook { url = "https://example.com/h"; method = "post"; }`);
  expectClean(applyFix(method, expectOne(method, 'NTF203', 'error', '"post"')));
  const timeout = notifier(`    slack { ${SLACK_URL} timeout = "30s"; }`);
  assert.equal(applyFix(timeout, expectOne(timeout, 'NTF203', 'error', '"30s"')), timeout.replace('"30s"', '30s'));
  const color = notifier(`    slack { ${SLACK_URL} color = "red"; }`);
  expectOne(color, 'NTF203', 'error', '"red"');
  const fmt = notifier(`    teams { url = $Secret("t"); format = "card"; }`);
  expectOne(fmt, 'NTF203', 'error', '"card"');
  expectClean(notifier(`    teams { url = $Secret("t"); format = "messagecard"; color = "#ff0000"; }`));
  const backoff = notifier(`    slack { ${SLACK_URL} backoff = @(1, 2); }`);
  expectOne(backoff, 'NTF203', 'error', '@(1, 2)');
});

test('NTF203 auth and signing schemes and their keys', () => {
  const missing = notifier(`    webhook { url = "https://example.com/h"; auth = %(scheme: "basic", username: "u"); }`);
  const d = expectOne(missing, 'NTF203', 'error', '"basic"');
  assert.match(d.message, /password/);
  const unknown = notifier(`    webhook { url = "https://example.com/h"; auth = %(scheme: "beare", token: $Secret("t")); }`);
  expectClean(applyFix(unknown, expectOne(unknown, 'NTF203', 'error', '"beare"')));
  const extra = notifier(`    webhook { url = "https://example.com/h"; signing = %(scheme: "hmac-sha256", secret: $Secret("k"), algo: "x"); }`);
  expectOne(extra, 'NTF203', 'error', 'algo');
  expectClean(
    notifier(
      `    webhook { url = "https://example.com/h"; auth = %(scheme: "apikey", header: "X-Key", value: $Secret("k")); signing = %(scheme: "standard-webhooks", secret: $Secret("w")); headers = %(X-Trace: "on", Authorization: "Bearer $Secret('t')"); }`,
    ),
  );
});

test('NTF203 a secret in a property that takes none', () => {
  const text = notifier(`    webhook { url = "https://example.com/h"; method = $Env("NOTIFY_ENV_METHOD"); }`);
  expectOne(text, 'NTF203', 'error', '$Env("NOTIFY_ENV_METHOD")');
});

test('NTF204 property set twice, on the second, related to the first', () => {
  const text = notifier(`    slack { ${SLACK_URL} text = "a"; text = "b"; }`);
  const d = expectOne(text, 'NTF204', 'error', 'text');
  assert.ok(d.span.start > text.indexOf('text = "a"'));
  assert.equal(d.related?.[0]?.span.start, text.indexOf('text = "a"'));
  expectClean(applyFix(text, d));
});

test('NTF205 invalid URL, constant and templated', () => {
  expectOne(notifier(`    webhook { url = "ftp://example.com/x"; }`), 'NTF205', 'error', '"ftp://example.com/x"');
  const hostOnly = notifier(`    webhook { url = "example.com/x"; }`);
  const d = expectOne(hostOnly, 'NTF205', 'error', '"example.com/x"');
  assert.equal(applyFix(hostOnly, d), hostOnly.replace('"example.com/x"', '"https://example.com/x"'));
  expectClean(applyFix(hostOnly, d));
  expectOne(notifier(`    webhook { url = "hooks/$PackageId"; }`), 'NTF205', 'error', '"hooks/$PackageId"');
  expectClean(notifier(`    webhook { url = "https://example.com/$PackageId"; }`));
  expectClean(notifier(`    webhook { url = "$FeedName/x"; }`));
});

test('NTF206 invalid email address, pointing at the address', () => {
  const text = notifier(`    email { to = "ops@example.com, not-an-address"; }`);
  expectOne(text, 'NTF206', 'error', 'not-an-address');
  expectOne(notifier(`    email { to = @("a@example.com", "b@"); }`), 'NTF206', 'error', 'b@');
  expectClean(notifier(`    email { to = "Ops <ops@example.com>, $UserName@example.com"; cc = @("a@example.com"); from = "n@example.com"; }`));
});

test('NTF207 a literal Slack webhook URL moves into $Secret', () => {
  const text = `notifier "Critical vulnerabilities" {\n    on vulnerability.detected;\n    slack { url = "https://hooks.slack.com/services/T0AAAA/B0BBBB/abcdefghijkl"; }\n}\n`;
  const d = expectOne(text, 'NTF207', 'warning', '"https://hooks.slack.com/services/T0AAAA/B0BBBB/abcdefghijkl"');
  const fixed = applyFix(text, d);
  assert.match(fixed, /url = \$Secret\("slack-critical-vulnerabilities"\);/);
  expectClean(fixed);
});

test('NTF207 literal tokens in auth and headers', () => {
  const auth = notifier(`    webhook { url = "https://example.com/h"; auth = %(scheme: "bearer", token: "abc123secret"); }`);
  const d = expectOne(auth, 'NTF207', 'warning', '"abc123secret"');
  assert.match(applyFix(auth, d), /token: \$Secret\("webhook-n-token"\)/);
  const header = notifier(`    webhook { url = "https://example.com/h"; headers = %(Authorization: "Bearer eyJabc.def.ghi"); }`);
  expectOne(header, 'NTF207', 'warning', '"Bearer eyJabc.def.ghi"');
});

test('NTF208 a Slack URL in webhook: info with a fix to change the channel', () => {
  const text = notifier(`    webhook { url = "https://hooks.slack.com/triggers/abc"; }`);
  const d = expectOne(text, 'NTF208', 'info', '"https://hooks.slack.com/triggers/abc"');
  assert.equal(applyFix(text, d), text.replace('webhook {', 'slack {'));
  expectClean(applyFix(text, d));
});

test('NTF208 without a fix when the properties would not fit the other channel', () => {
  const text = notifier(`    webhook { url = "https://discord.com/api/webhooks/1"; body = "x"; }`);
  const d = expectOne(text, 'NTF208', 'info', '"https://discord.com/api/webhooks/1"');
  assert.equal(d.fixes?.length ?? 0, 0);
  assert.match(d.message, /body/);
});

test('NTF209 retired Office 365 connector URL', () => {
  const text = notifier(`    teams { url = "https://contoso.webhook.office.com/webhookb2/x"; }`);
  const d = expectOne(text, 'NTF209', 'warning', '"https://contoso.webhook.office.com/webhookb2/x"');
  assert.match(d.message, /Workflow/);
  expectClean(notifier(`    teams { url = "https://prod-01.westus.logic.azure.com/workflows/abc"; }`));
});

test('NTF210 a secret in message text', () => {
  const text = notifier(`    slack { ${SLACK_URL} text = "token: $Secret('x')"; }`);
  expectOne(text, 'NTF210', 'warning', "$Secret('x')");
  const body = notifier(`    webhook { url = "https://example.com/h"; body = $ToJson(%(k: $Env("NOTIFY_ENV_K"))); }`);
  expectOne(body, 'NTF210', 'warning', '$Env("NOTIFY_ENV_K")');
});

test('secrets in conditions are errors of the check they fail', () => {
  assert.deepEqual(codes(notifier(`    when $Env("NOTIFY_ENV_STAGE") == "prod";\n    slack { ${SLACK_URL} }`)), ['NTF120']);
  assert.deepEqual(codes(notifier(`    when $Secret("x");\n    slack { ${SLACK_URL} }`)), ['NTF121']);
});

test('the model lists notifiers with their events and channels', () => {
  const a = run(notifier(`    slack { ${SLACK_URL} }\n    email { to = "a@example.com"; }`, 'package.added, package.deleted'));
  const n = a.model.notifiers[0]!;
  assert.equal(n.name, 'N');
  assert.deepEqual(n.events.map((e) => e.name), ['package.added', 'package.deleted']);
  assert.deepEqual(n.channels.map((c) => c.channel), ['slack', 'email']);
});

test('NTF203 a map where text is expected gets a $ToJson fix', () => {
  const text = notifier(`    webhook { url = "https://example.com/h"; body = %(id: $PackageId); }`);
  const d = expectOne(text, 'NTF203', 'error', '%(id: $PackageId)');
  assert.equal(applyFix(text, d), text.replace('%(id: $PackageId)', '$ToJson(%(id: $PackageId))'));
  expectClean(applyFix(text, d));
});

test('NTF206 semicolons between addresses get a fix to commas', () => {
  const text = notifier(`    email { to = "ops@example.com; dev@example.com"; }`);
  const d = expectOne(text, 'NTF206', 'error', 'ops@example.com; dev@example.com');
  assert.equal(applyFix(text, d), text.replace('com; dev', 'com, dev'));
  expectClean(applyFix(text, d));
});

test('NTF201 names the channels a misplaced property belongs to', () => {
  const d = expectOne(notifier(`    slack { ${SLACK_URL} body = "x"; }`), 'NTF201', 'error', 'body');
  assert.match(d.message, /`body` is a property of `webhook`, `teams` and `email`/);
});

test('NTF204 fix removes the whole line of the second property', () => {
  const text = notifier(`    slack {\n        ${SLACK_URL}\n        text = "a";\n        text = "b";\n    }`);
  const d = expectOne(text, 'NTF204', 'error', 'text');
  assert.equal(applyFix(text, d), text.replace('        text = "b";\n', ''));
});

test('NTF203 a scheme named like an Object property is still unknown', () => {
  const text = notifier(`    webhook { url = "https://example.com/h"; auth = %(scheme: "constructor"); }`);
  expectOne(text, 'NTF203', 'error', '"constructor"');
});

test('NTF212 a webhook body that is plainly not JSON, sent as JSON', () => {
  const hook = (props: string) => notifier(`    webhook { url = "https://h.example/x"; ${props} }`);
  const d = expectOne(hook('body = "Deployed $PackageId";'), 'NTF212', 'warning', '"Deployed $PackageId"');
  assert.match(d.message, /starts with `Deployed`.*application\/json.*default `content_type`/);
  expectOne(hook('body = >>\nplain text, no template\n>>;'), 'NTF212', 'warning', '>>\nplain text, no template\n>>');
  expectOne(hook('content_type = "application/vnd.api+json"; body = "{oops";'), 'NTF212', 'warning', '"{oops"');
  // JSON, or what may render to JSON, or not sent as JSON: nothing to say.
  for (const ok of [
    'body = $ToJson(%(id: $PackageId));',
    `body = '{"id": "$PackageId"}';`,
    'body = "[1, 2]";',
    'body = "$PackageId";',
    'body = "true";',
    'body = "  ";',
    'content_type = "text/plain"; body = "Deployed $PackageId";',
    'envelope = "standard"; body = "Deployed $PackageId";',
  ]) {
    assert.deepEqual(codes(hook(ok)).filter((c) => c === 'NTF212'), [], ok);
  }
});
