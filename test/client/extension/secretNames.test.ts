import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeSecretNames, scanSecretNames } from '../../../client/extension/secrets/secretNames';

describe('secret names in .notify files', () => {
  it('finds $Secret names in either quote, any case, once each', () => {
    const text = `
notifier "a" {
  on package.added;
  slack { url = $Secret("slack-secops"); }
  webhook {
    url = "https://x.example";
    auth = %(scheme: "bearer", token: $secret('soar-token'));
    signing = %(scheme: "hmac-sha256", secret: $SECRET( "slack-secops" ));
  }
}`;
    assert.deepEqual(scanSecretNames(text), ['slack-secops', 'soar-token']);
  });

  it('finds the secret of %SecretMap (headers from one secret), so Set Secret offers it', () => {
    const text = 'webhook { url = $Secret("cipp-webhook"); headers = %SecretMap("cipp-headers"); }';
    assert.deepEqual(scanSecretNames(text), ['cipp-webhook', 'cipp-headers']);
  });

  it('skips commented-out calls but not ones inside strings that look like comments', () => {
    const text = [
      '# url = $Secret("old-hook");',
      '// $Secret("older")',
      '/* $Secret("oldest") */',
      'slack { url = $Secret("current"); text = "#1 // not a comment"; }',
    ].join('\n');
    assert.deepEqual(scanSecretNames(text), ['current']);
  });

  it('does not take a # inside a swim string for a comment', () => {
    const text = 'email { body = >>\nIssue #12\n>>; auth = %(token: $Secret("after-swim")); }';
    assert.deepEqual(scanSecretNames(text), ['after-swim']);
  });

  it('finds a call written inside a string, not one inside a comment in a swim string', () => {
    assert.deepEqual(scanSecretNames(`slack { url = "https://hooks.example/$Secret('path')"; }`), ['path']);
    assert.deepEqual(scanSecretNames('body = >>\n/* $Secret("in-text") */\n>>;\n/* $Secret("old") */'), ['in-text']);
  });

  it('ignores computed names', () => {
    assert.deepEqual(scanSecretNames('url = $Secret("$Name");'), []);
  });

  it('merges names from many files sorted without duplicates', () => {
    assert.deepEqual(mergeSecretNames([['b', 'a'], ['a', 'c']]), ['a', 'b', 'c']);
  });
});
