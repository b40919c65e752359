import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

const FILE = `notifier "Pkg" {
    on package.added, package.deleted;
    when $FeedName != "off";
    slack {
        url = $Secret("slack-x");
        text = "Added $PackageId";
    }
    webhook {
        url = "https://ci.example.com/hook";
        signing = %(scheme: "hmac-sha256", secret: $Secret("sign"));
        body = $ToJson(%(zeta: 1, alpha: $PackageId, id: $EventId, at: $Timestamp));
    }
}

notifier "Mail" {
    on package.deleted;
    email { to = "a@example.com, b@example.com"; subject = "Gone: $PackageId"; body = "bye"; }
}

sample "one" for package.added { $PackageId = "A.B"; }
sample "off feed" for package.added { $PackageId = "C"; $FeedName = "off"; }
`;

describe('notify test', () => {
  it('fails without a snapshot, --update writes it, then passes; secrets stay placeholders', async () => {
    const dir = scratch({ 'n.notify': FILE });
    const env = { NOTIFY_SECRET_SLACK_X: 'https://hooks.slack.com/services/T0/B0/SECRETVALUE', NOTIFY_SECRET_SIGN: 'SIGNSECRET' };
    const first = await runCli(['test', 'n.notify'], { cwd: dir, env });
    assert.equal(first.code, 1, first.stdout);
    assert.match(first.stdout, /^FAIL n\.notify: "Pkg" × sample "one"\n {4}no snapshot file n\.notify\.snap; run `notify test --update` to write it$/m);
    assert.match(first.stdout, /\n0 passed, 3 failed\n$/);

    const update = await runCli(['test', 'n.notify', '--update'], { cwd: dir, env });
    assert.equal(update.code, 0, update.stdout);
    assert.match(update.stdout, /^wrote n\.notify\.snap$/m);
    const snap = readFileSync(join(dir, 'n.notify.snap'), 'utf8');
    assert.equal(snap.includes('SECRETVALUE') || snap.includes('SIGNSECRET'), false);
    assert.match(snap, /^## "Pkg" × sample "one" → slack\nPOST ‹secret:slack-x›\nContent-Type: application\/json\n\n\{\n {2}"attachments"/m);
    // Keys sorted, volatile values (event id, timestamp) fixed by the catalog example.
    assert.match(snap, /\n\{\n {2}"alpha": "A\.B",\n {2}"at": "20\d\d-[^"]+",\n {2}"id": "[^"]+",\n {2}"zeta": 1\n\}/);
    assert.match(snap, /^## "Pkg" × sample "off feed" → slack\n# not sent: a when condition is false for sample "off feed"\n/m);
    assert.match(snap, /^## "Mail" × example package\.deleted → email\nFrom:\nTo: a@example\.com, b@example\.com\nCc:\nBcc:\nSubject: Gone: /m);
    assert.ok(snap.endsWith('\n') && !snap.endsWith('\n\n'));

    const again = await runCli(['test', 'n.notify'], { cwd: dir, env });
    assert.equal(again.code, 0, again.stdout);
    assert.equal(again.stdout, 'ok   n.notify: "Pkg" × sample "one"\nok   n.notify: "Pkg" × sample "off feed"\nok   n.notify: "Mail" × example package.deleted\n3 passed, 0 failed\n');
    // Renders are the same on every run: --update leaves the file alone.
    const noop = await runCli(['test', 'n.notify', '--update'], { cwd: dir, env });
    assert.equal(noop.stdout.includes('wrote'), false);
  });

  it('fails with a readable diff when a render changes, only for the affected case; --update accepts it', async () => {
    const dir = scratch({ 'n.notify': FILE });
    await runCli(['test', '.', '--update'], { cwd: dir });
    writeFileSync(join(dir, 'n.notify'), FILE.replace('text = "Added $PackageId"', 'text = "New: $PackageId"'));
    const r = await runCli(['test', '.'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ok {3}n\.notify: "Mail" × example package\.deleted$/m);
    assert.match(r.stdout, /^FAIL n\.notify: "Pkg" × sample "one"\n {4}the render differs from the snapshot/m);
    assert.match(r.stdout, /^ {4}--- snapshot\n {4}\+\+\+ rendered\n {4}@@ /m);
    assert.match(r.stdout, /^ {4}- {2}"text": "Added A\.B"\n {4}\+ {2}"text": "New: A\.B"$/m);
    assert.match(r.stdout, /\n1 passed, 2 failed\n$/);
    assert.equal((await runCli(['test', '.', '--update'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['test', '.'], { cwd: dir })).code, 0);
  });

  it('reports snapshot blocks that nothing renders any more', async () => {
    const dir = scratch({ 'n.notify': FILE });
    await runCli(['test', 'n.notify', '--update'], { cwd: dir });
    writeFileSync(join(dir, 'n.notify'), FILE.replace(/notifier "Mail"[^]*?\n}\n/, ''));
    const r = await runCli(['test', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL n\.notify: obsolete snapshot\n {4}the snapshot has blocks no test case renders[^\n]*\n {4}## "Mail" × example package\.deleted → email$/m);
  });

  it('a Slack text over 40000 characters fails (the render names the limit, LANGUAGE.md 6.1) even with --update', async () => {
    const long = 'x'.repeat(40001);
    const dir = scratch({ 'n.notify': `notifier "S" {\n    on package.added;\n    slack { url = $Secret("s"); text = "$PackageId"; }\n}\nsample "long" for package.added { $PackageId = "${long}"; }\n` });
    const r = await runCli(['test', 'n.notify', '--update'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL n\.notify: "S" × sample "long"\n {4}slack: Slack allows at most 40000 characters in `text`; this has 40001$/m);
  });

  it('a file with errors fails as one case with its diagnostics', async () => {
    const dir = scratch({ 'bad.notify': 'notifier "A" {\n    on package.nope;\n    slack { url = $Secret("s"); }\n}\n' });
    const r = await runCli(['test', 'bad.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL bad\.notify: check\n {4}bad\.notify:2:8: error NTF101: /m);
    assert.equal(existsSync(join(dir, 'bad.notify.snap')), false);
  });

  it('--junit writes a JUnit report with one testcase per case and the failure messages', async () => {
    const dir = scratch({ 'n.notify': FILE, 'bad.notify': 'notifier "A" {\n    on package.nope;\n}\n' });
    await runCli(['test', 'n.notify', '--update'], { cwd: dir });
    writeFileSync(join(dir, 'n.notify'), FILE.replace('subject = "Gone: $PackageId"', 'subject = "<Gone> & $PackageId"'));
    const r = await runCli(['test', '.', '--junit', 'out/../report.xml'], { cwd: dir });
    assert.equal(r.code, 1);
    const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="notify test" tests="4" failures="2">\n/);
    assert.match(xml, /<testsuite name="bad\.notify" tests="1" failures="1">\n {4}<testcase classname="bad\.notify" name="check">\n {6}<failure message="bad\.notify:2:8: error NTF101: [^"]*">/);
    assert.match(xml, /<testcase classname="n\.notify" name="&quot;Pkg&quot; × sample &quot;one&quot;"\/>/);
    assert.match(xml, /<testcase classname="n\.notify" name="&quot;Mail&quot; × example package\.deleted">\n {6}<failure message="the render differs from the snapshot[^"]*">[^<]*\+Subject: &lt;Gone&gt; &amp; /);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await runCli(['test'])).code, 2);
    assert.equal((await runCli(['test', 'nowhere/'])).code, 2);
  });

  it('the examples match their committed snapshots', async () => {
    const r = await runCli(['test', 'examples/']);
    assert.equal(r.code, 0, r.stdout);
  });
});
