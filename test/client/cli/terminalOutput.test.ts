import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { visible } from '../../../client/cli/io';
import { CLI, runCli, scratch } from './runCli';

/**
 * LANGUAGE.md 10, "Control characters in output": what a file, an event or
 * a remote sender holds reaches the terminal escaped, never as raw bytes.
 */
const HOSTILE = '\u001b]0;PWNED\u0007\u001b[2J\u009b\u202e\u007f';
const SHOWN = '\\u001b]0;PWNED\\u0007\\u001b[2J\\u009b\\u202e\\u007f';
/** C0 but tab and line feed, DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertNoRaw(text: string, what: string): void {
  const m = RAW.exec(text);
  assert.equal(m, null, `${what} has a raw U+${m?.[0].charCodeAt(0).toString(16)}: ${JSON.stringify(text)}`);
}

describe('control characters in what the CLI prints', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await HttpReceiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  const named = (url: string) => `notifier "a${HOSTILE}" {
    on alert.raised;
    webhook { url = "${url}"; retries = 0; }
}
`;

  it('visible(): a CRLF line end stays, a lone CR and the other controls are shown', () => {
    assert.equal(visible('a\r\nb\rc\u001b[2J\td\u202e\u007f\u0085\n'), 'a\r\nb\\u000dc\\u001b[2J\td\\u202e\\u007f\\u0085\n');
  });

  it('a notifier name in send progress, "not sent" and result lines', async () => {
    const dir = scratch({ 'sent.notify': named(receiver.url('/in')), 'refused.notify': named(receiver.url('/in')) });
    const sent = await runCli(['send', 'sent.notify', '--allow-private'], { cwd: dir });
    assert.equal(sent.code, 0, sent.stderr);
    assertNoRaw(sent.stdout + sent.stderr, 'send');
    assert.ok(sent.stderr.includes(`notify: [a${SHOWN}/webhook] attempt 1/1`), sent.stderr);
    assert.equal(JSON.parse(sent.stdout).notifier, `a${HOSTILE}`, 'the JSON line still decodes to the name');

    const refused = await runCli(['send', 'refused.notify'], { cwd: dir });
    assert.equal(refused.code, 1);
    assertNoRaw(refused.stdout + refused.stderr, 'refused send');
    assert.ok(refused.stderr.includes(`notify: [a${SHOWN}/webhook] not sent:`), refused.stderr);
    const json = await runCli(['send', 'refused.notify', '--format', 'json'], { cwd: dir });
    assertNoRaw(json.stdout + json.stderr, 'send --format json');
    assert.equal(JSON.parse(json.stdout).deliveries[0].notifier, `a${HOSTILE}`);
  });

  it('an --event-file value in a render error, and in render JSON', async () => {
    const dir = scratch({
      'n.notify': `notifier "n" {\n    on alert.raised;\n    webhook { url = "$Title"; }\n    slack { url = "https://hooks.slack.com/services/T/B/X"; text = "$Tenant"; }\n}\n`,
      'bad.json': JSON.stringify({ Title: HOSTILE }),
      'good.json': JSON.stringify({ Title: 'https://h.example/x', Tenant: HOSTILE }),
    });
    for (const command of ['render', 'send']) {
      const r = await runCli([command, 'n.notify', '--event-file', 'bad.json'], { cwd: dir });
      assert.equal(r.code, 1);
      assertNoRaw(r.stdout + r.stderr, command);
      assert.ok(r.stderr.includes(`n/webhook: url "${SHOWN}" is not an absolute URL`), r.stderr);
    }
    const ok = await runCli(['render', 'n.notify', '--event-file', 'good.json'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
    assertNoRaw(ok.stdout, 'render JSON');
    assert.equal(JSON.parse(JSON.parse(ok.stdout).deliveries[1].request.body).text, HOSTILE);
  });

  it('check in text, github, json and sarif formats', async () => {
    const dir = scratch({ 'n.notify': `notifier "n" {\n    on alert.raised;\n    webhook { url = "https://h.example/"; method = "G${HOSTILE}"; }\n}\n` });
    for (const format of ['text', 'github', 'json', 'sarif']) {
      const r = await runCli(['check', 'n.notify', '--format', format], { cwd: dir });
      assert.equal(r.code, 1, format);
      assertNoRaw(r.stdout + r.stderr, `check --format ${format}`);
      assert.match(r.stdout, /NTF203/);
    }
  });

  it('notify receive prints what a remote sender sent escaped', async () => {
    const child = spawn(process.execPath, [CLI, 'receive', '--port', '0', '--count', '1'], { env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on('close', () => reject(new Error(stderr)));
    });
    await new Promise<void>((resolve, reject) => {
      const req = request(url + 'in', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-note': 'caf\u00e9\u0085' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(`body ${HOSTILE}`);
    });
    assert.equal(await closed, 0, stderr);
    assertNoRaw(stdout + stderr, 'receive');
    assert.ok((stdout + stderr).includes(`body ${SHOWN}`), stdout + stderr);
  });
});
