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

describe('LANGUAGE.md 10.3: notify test (contract)', () => {
  const SRC = `notifier "Pkg" {
    on package.added;
    slack { url = $Secret("slack-x"); text = "New $PackageId"; }
    slack { url = $Secret("slack-y"); text = "Again"; }
    email { to = @("a@x.example", "b@x.example"); subject = "S $PackageId"; body = "body  "; html = "<b>x</b>"; }
}

notifier "Never" {
    on package.added;
    when $PackageId == "nope";
    webhook { url = "https://h.example/x"; body = "plain"; }
}

sample "one" for package.added { $PackageId = "A.B"; }
`;
  const slackBlock = (header: string, url: string, text: string) =>
    `## ${header}\nPOST ‹secret:${url}›\nContent-Type: application/json\n\n{\n  "attachments": [\n    {\n      "color": "good",\n      "fields": []\n    }\n  ],\n  "text": "${text}"\n}`;
  const SNAP =
    [
      '# Snapshot of a.notify for `notify test`; rewrite with `notify test --update`.',
      slackBlock('"Pkg" × sample "one" → slack', 'slack-x', 'New A.B'),
      slackBlock('"Pkg" × sample "one" → slack #2', 'slack-y', 'Again'),
      '## "Pkg" × sample "one" → email\nFrom:\nTo: a@x.example, b@x.example\nCc:\nBcc:\nSubject: S A.B\n\nbody\n--- html ---\n<b>x</b>',
      '## "Never" × sample "one" → webhook\n# not sent: a when condition is false for sample "one"\nPOST https://h.example/x\nContent-Type: application/json\n\nplain',
    ].join('\n\n') + '\n';

  it('LANGUAGE.md 10.3: the .snap format: comment line, one block per delivery (#2, email lines, # not sent), empty lines between, final newline', async () => {
    const dir = scratch({ 'a.notify': SRC });
    const r = await runCli(['test', '--update', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'a.notify.snap'), 'utf8'), SNAP);
  });

  it('LANGUAGE.md 10.3: --update prints "wrote FILE" before the file\'s cases, only when the snapshot changes; a missing snapshot does not fail then', async () => {
    const dir = scratch({ 'a.notify': SRC });
    const first = await runCli(['test', '--update', 'a.notify'], { cwd: dir });
    assert.equal(first.stdout, 'wrote a.notify.snap\nok   a.notify: "Pkg" × sample "one"\nok   a.notify: "Never" × sample "one"\n2 passed, 0 failed\n');
    writeFileSync(join(dir, 'a.notify.snap'), SNAP.replace(/\n/g, '\r\n'));
    const again = await runCli(['test', '--update', 'a.notify'], { cwd: dir });
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout, /wrote/, 'a CRLF snapshot of the same text is not rewritten');
    assert.ok(readFileSync(join(dir, 'a.notify.snap'), 'utf8').includes('\r\n'));
  });

  it('LANGUAGE.md 10.3: without a snapshot every case fails with "no snapshot file …; run `notify test --update` to write it"', async () => {
    const dir = scratch({ 'a.notify': SRC });
    const r = await runCli(['test', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      'FAIL a.notify: "Pkg" × sample "one"\n    no snapshot file a.notify.snap; run `notify test --update` to write it\n' +
        'FAIL a.notify: "Never" × sample "one"\n    no snapshot file a.notify.snap; run `notify test --update` to write it\n0 passed, 2 failed\n',
    );
  });

  it('LANGUAGE.md 10.3: a difference is a unified diff (--- snapshot / +++ rendered) under its message; obsolete blocks are one last case listing their ## lines', async () => {
    const dir = scratch({ 'a.notify': SRC, 'a.notify.snap': SNAP.replace('"text": "Again"', '"text": "Before"') + '\n## "Gone" × sample "x" → slack\nPOST x\n' });
    const r = await runCli(['test', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'FAIL a.notify: "Pkg" × sample "one"',
      '    the render differs from the snapshot (run `notify test --update` to accept):',
      '    --- snapshot',
      '    +++ rendered',
      '    @@ -23,7 +23,7 @@',
    ]);
    assert.ok(lines.includes('    -  "text": "Before"') && lines.includes('    +  "text": "Again"'));
    assert.deepEqual(lines.slice(-6), [
      'ok   a.notify: "Never" × sample "one"',
      'FAIL a.notify: obsolete snapshot',
      '    the snapshot has blocks no test case renders (run `notify test --update` to remove them):',
      '    ## "Gone" × sample "x" → slack',
      '1 passed, 2 failed',
      '',
    ]);
  });

  it('LANGUAGE.md 10.3: a broken service rule is one message CHANNEL: MESSAGE (PagerDuty: webhook: PagerDuty: …)', async () => {
    const src = `notifier "P" {
    on package.added;
    slack { url = $Secret("s"); text = " "; }
    webhook { url = "https://events.pagerduty.com/v2/enqueue"; body = $ToJson(%(event_action: "trigger")); }
}
`;
    const dir = scratch({ 'p.notify': src });
    await runCli(['test', '--update', 'p.notify'], { cwd: dir });
    const r = await runCli(['test', 'p.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.split('\n'), [
      'FAIL p.notify: "P" × example package.added',
      '    slack: `text` is empty and there are no blocks: Slack rejects the message',
      '    webhook: PagerDuty: `routing_key` is missing',
      '    webhook: PagerDuty: a trigger needs `payload.summary`',
      '    webhook: PagerDuty: a trigger needs `payload.source`',
      '    webhook: PagerDuty: `payload.severity` is undefined, not "critical", "error", "warning" or "info"',
      '0 passed, 1 failed',
      '',
    ]);
  });

  it('LANGUAGE.md 10.3: a file with errors is one failing case named check with its error lines; no snapshot is written', async () => {
    const dir = scratch({ 'e.notify': 'notifier "E" {\n    on package.added;\n    slack { url = $Secret("s"); txt = "x"; }\n}\n' });
    const r = await runCli(['test', '--update', 'e.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL e\.notify: check\n    e\.notify:3:\d+: error NTF\d{3}: .+\n0 passed, 1 failed\n$/);
    assert.equal(existsSync(join(dir, 'e.notify.snap')), false);
  });

  it('LANGUAGE.md 10.3: --junit writes the documented JUnit XML, escaped, after the summary', async () => {
    const dir = scratch({ 'a.notify': SRC, 'a.notify.snap': SNAP + '\n## "Gone" × sample "x" → slack\nPOST x\n' });
    const r = await runCli(['test', 'a.notify', '--junit', 'r.xml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(
      readFileSync(join(dir, 'r.xml'), 'utf8'),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="notify test" tests="3" failures="1">',
        '  <testsuite name="a.notify" tests="3" failures="1">',
        '    <testcase classname="a.notify" name="&quot;Pkg&quot; × sample &quot;one&quot;"/>',
        '    <testcase classname="a.notify" name="&quot;Never&quot; × sample &quot;one&quot;"/>',
        '    <testcase classname="a.notify" name="obsolete snapshot">',
        '      <failure message="the snapshot has blocks no test case renders (run `notify test --update` to remove them):">the snapshot has blocks no test case renders (run `notify test --update` to remove them):',
        '## &quot;Gone&quot; × sample &quot;x&quot; → slack</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('LANGUAGE.md 10.3: with a refused path the summary adds ", N refused", exit 2, and the report is still written without a suite for it', async () => {
    const dir = scratch({ 'a.notify': SRC, 'a.notify.snap': SNAP });
    const r = await runCli(['test', 'a.notify', 'missing.notify', '--junit', 'r.xml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /\n2 passed, 0 failed, 1 refused\n$/);
    assert.match(r.stderr, /^notify test: missing\.notify: /);
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    assert.match(xml, /<testsuites name="notify test" tests="2" failures="0">/);
    assert.doesNotMatch(xml, /missing\.notify/);
  });

  it('LANGUAGE.md 10.3: paths that name no .notify file are a usage error: exit 2, no summary, no report', async () => {
    const dir = scratch({ 'empty/readme.txt': 'x' });
    const r = await runCli(['test', 'empty', '--junit', 'r.xml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^notify test: no \.notify files found in empty\n/);
    assert.equal(existsSync(join(dir, 'r.xml')), false);
  });
  it('--allow-env lets a file that reads $Env("NAME") be tested, as check and render do; without it the file fails its check', async () => {
    const file = `notifier "Hook" {
    on package.added;
    webhook { url = "https://ci.example.com/hook"; headers = %(Authorization: $Env("CI_HOOK_TOKEN")); body = $ToJson(%(id: $PackageId)); }
}
sample "one" for package.added { $PackageId = "A.B"; }
`;
    const dir = scratch({ 'e.notify': file });
    const env = { CI_HOOK_TOKEN: 'tok-123-secret' };
    const refused = await runCli(['test', 'e.notify', '--update'], { cwd: dir, env });
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stdout, /FAIL e\.notify: check\n.*NTF211/);
    const written = await runCli(['test', 'e.notify', '--update', '--allow-env', 'CI_HOOK_TOKEN'], { cwd: dir, env });
    assert.equal(written.code, 0, written.stdout + written.stderr);
    const snapshot = readFileSync(join(dir, 'e.notify.snap'), 'utf8');
    assert.ok(!snapshot.includes('tok-123-secret'), 'the value stays a placeholder in the snapshot');
    const again = await runCli(['test', 'e.notify', '--allow-env=CI_HOOK_TOKEN'], { cwd: dir, env });
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /^1 passed, 0 failed$/m);
  });
});
