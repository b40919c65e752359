import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

/**
 * A receiver that echoes the secret it was sent in spellings the redactor
 * used to miss — as a header's name, upper-cased, split by spaces and
 * zero-width characters, in hex — through the built `notify send`: stdout,
 * `--format json` and the history file show none of it.
 */
describe('notify send: a receiver echoing the secret in other spellings', () => {
  let receiver: HttpReceiver;
  before(async () => (receiver = await HttpReceiver.start()));
  after(() => receiver.close());

  const secret = 'lowercasesecrettoken42';
  const file = (url: string) => `notifier "Hook" {
    on package.added;
    webhook {
        url = "${url}";
        headers = %("X-Api-Key": $Secret("hook-key"));
        retries = 0;
        body = $ToJson(%(id: $PackageId));
    }
}
sample "one" for package.added { $PackageId = "A.B"; }
`;

  const echo = () => ({
    status: 401,
    headers: {
      [`X-${secret}`]: '1',
      [`X-${secret.toUpperCase()}-Again`]: '2',
      'X-Echo': secret.toUpperCase(),
      Location: `/retry?key=${Buffer.from(secret).toString('hex').toUpperCase()}`,
    },
    body: `unauthorized: key ${[...secret.toUpperCase()].join(' ')} / ${[...secret].join('\u200b')} is not valid`,
  });

  /** Runs of 8 characters of the secret that `text` holds, in any case, whitespace and zero-width characters aside. */
  function leaks(text: string): string[] {
    // (The placeholders themselves say `secret`.)
    const plain = text.replace(/‹[^›]*›/g, '|').replace(/\\u200b/gi, '').replace(/[\s\u200b]/g, '').toLowerCase();
    const out: string[] = [];
    for (let i = 0; i + 8 <= secret.length; i++) if (plain.includes(secret.slice(i, i + 8))) out.push(secret.slice(i, i + 8));
    if (plain.includes(Buffer.from(secret).toString('hex'))) out.push('hex');
    return out;
  }

  for (const format of ['jsonl', 'json'] as const) {
    it(`--format ${format}: stdout, stderr and the history show the echoes masked`, async () => {
      receiver.reset();
      receiver.replyByDefault(echo);
      const dir = scratch({ 'n.notify': file(receiver.url('/in')) });
      try {
        const r = await runCli(['send', 'n.notify', '--allow-private', '--format', format], { cwd: dir, env: { NOTIFY_SECRET_HOOK_KEY: secret } });
        assert.equal(r.code, 1, r.stderr);
        assert.equal(receiver.requests.at(-1)?.headers['x-api-key'], secret, 'control: the receiver got the secret');
        const history = readFileSync(join(dir, '.notify/history.jsonl'), 'utf8');
        for (const [where, text] of Object.entries({ stdout: r.stdout, stderr: r.stderr, history })) assert.deepEqual(leaks(text), [], `${where}: ${text}`);
        assert.match(r.stdout, /unauthorized: key ‹secret:hook-key› \/ ‹secret:hook-key› is not valid/);
        if (format === 'json') {
          const [attempt] = JSON.parse(r.stdout).deliveries[0].attempts;
          const headers = attempt.response.headers;
          assert.equal(headers['x-‹secret:hook-key›'], '1');
          assert.equal(headers['x-‹secret:hook-key›-again'], '2');
          assert.equal(headers['x-echo'], '‹secret:hook-key›');
          assert.equal(headers.location, '/retry?key=‹secret:hook-key›');
        }
        const recorded = history.trim().split('\n').map((l) => JSON.parse(l));
        assert.ok(recorded.length >= 1);
        assert.match(JSON.stringify(recorded.at(-1)), /‹secret:hook-key›/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
