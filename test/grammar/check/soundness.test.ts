import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClean, expectOne, notifier, run, SLACK_URL } from './helpers';

const WEBHOOK_URL = 'url = "https://example.com/h";';

test('a list or map as a value of Slack/Discord `fields` or Teams `facts` is NTF203 at the value', () => {
  for (const channel of ['slack', 'discord', 'teams']) {
    const prop = channel === 'teams' ? 'facts' : 'fields';
    const text = notifier(`    ${channel} { ${SLACK_URL} ${prop} = %(pk: @AffectedPackages, id: $VulnerabilityId); }`, 'vulnerability.detected');
    const d = expectOne(text, 'NTF203', 'error', '@AffectedPackages');
    assert.match(d.message, /\$Join/);
    expectClean(notifier(`    ${channel} { ${SLACK_URL} ${prop} = %(pk: $ToJson(@AffectedPackages), n: $VulnerabilityScore); }`, 'vulnerability.detected'));
  }
  // a computed map whose values are text
  assert.ok(run(notifier(`    slack { ${SLACK_URL} fields = %ListItem(@Alerts, 0); }`, 'alert.raised')).diagnostics.every((d) => d.code !== 'NTF203'), 'map<string> values are text');
});

test('a secret computed through a function is still a secret (taint by type)', () => {
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} method = $Coalesce($Secret('m'), "POST"); }`), 'NTF203', 'error', `$Coalesce($Secret('m'), "POST")`);
  expectOne(notifier(`    email { to = $Coalesce($Env("NOTIFY_ENV_TO"), "a@example.com"); }`), 'NTF203', 'error', '$Coalesce($Env("NOTIFY_ENV_TO"), "a@example.com")');
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} content_type = "$Coalesce($Secret('m'), 'x')"; }`), 'NTF203', 'error', `"$Coalesce($Secret('m'), 'x')"`);
  // where secrets may go, a computed one is fine
  expectClean(notifier(`    webhook { url = $Coalesce($Secret("u"), "https://example.com/h"); headers = %(X-Key: $Coalesce($Env("NOTIFY_ENV_K"), "none")); }`));
});

test('header names must be HTTP tokens and written header values cannot hold a line break', () => {
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} headers = %("X Bad": "a"); }`), 'NTF203', 'error', '"X Bad"');
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} headers = %("X-A:": "a"); }`), 'NTF203', 'error', '"X-A:"');
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} headers = %(X-A: "a\`nb"); }`), 'NTF203', 'error', '"a`nb"');
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} headers = %(X-A: >>\nline one\nline two\n>>); }`), 'NTF203', 'error', '>>\nline one\nline two\n>>');
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} auth = %(scheme: "apikey", header: "X Key", value: $Secret("k")); }`), 'NTF203', 'error', '"X Key"');
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} auth = %(scheme: "bearer", token: "$Secret('t')\`r\`n"); }`), 'NTF203', 'error', `"$Secret('t')\`r\`n"`);
  expectOne(notifier(`    webhook { ${WEBHOOK_URL} signing = %(scheme: "hmac-sha256", secret: $Secret("s"), header: "X Sig"); }`), 'NTF203', 'error', '"X Sig"');
  expectClean(notifier(`    webhook { ${WEBHOOK_URL} headers = %(X-Package: "$PackageId", "X-Feed_1": "f"); }`));
});
