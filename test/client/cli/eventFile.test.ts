import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpReceiver } from '../../support/httpReceiver';
import { runCli, scratch } from './runCli';

const FILE = `notifier "Vuln" {
    on vulnerability.detected;
    webhook {
        url = "https://soar.example.com/hook";
        body = $ToJson(%(id: $VulnerabilityId, score: $VulnerabilityScore, packages: @AffectedPackages, at: $Timestamp, event: $EventId));
    }
}

sample "made up" for vulnerability.detected { $VulnerabilityId = "FROM-SAMPLE"; }
`;

function body(stdout: string): Record<string, unknown> {
  const out = JSON.parse(stdout) as { deliveries: { sample: string | null; request: { body: string } }[] };
  assert.equal(out.deliveries.length, 1);
  assert.equal(out.deliveries[0]!.sample, null, 'no sample is used with --event-file');
  return JSON.parse(out.deliveries[0]!.request.body) as Record<string, unknown>;
}

describe('--event-file', () => {
  it('fills the variables from a captured event (names with or without sigil, any case); the rest keep their examples', async () => {
    const dir = scratch({
      'n.notify': FILE,
      'event.json': JSON.stringify({
        VulnerabilityId: 'PGV-1',
        $vulnerabilityscore: 7.5,
        '@AffectedPackages': [{ Name: 'left-pad', AffectedVersions: '<1.3' }],
        EventId: 'evt-captured',
        Timestamp: '2026-11-30T10:00:00Z',
      }),
    });
    const r = await runCli(['render', 'n.notify', '--event-file', 'event.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const b = body(r.stdout);
    assert.equal(b.id, 'PGV-1');
    assert.equal(b.score, 7.5);
    assert.deepEqual(b.packages, [{ Name: 'left-pad', AffectedVersions: '<1.3' }]);
    assert.equal(b.event, 'evt-captured');
    assert.match(String(b.at), /^2026-11-30T10:00:00/);
    assert.equal(r.stderr, '');
  });

  it('takes the event from the {event, variables} form, and refuses a conflicting --event', async () => {
    const dir = scratch({ 'n.notify': FILE, 'e.json': '{"event": "vulnerability.detected", "variables": {"VulnerabilityId": "X-9"}}' });
    const r = await runCli(['render', 'n.notify', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(body(r.stdout).id, 'X-9');
    const conflict = await runCli(['render', 'n.notify', '--event-file', 'e.json', '--event', 'package.added'], { cwd: dir });
    assert.equal(conflict.code, 2);
    assert.match(conflict.stderr, /--event package\.added but e\.json is an event vulnerability\.detected/);
  });

  it('reports type mismatches at their place in the JSON and renders nothing (exit 1); nothing is coerced', async () => {
    const json = '{\n  "VulnerabilityScore": "9.8",\n  "AffectedPackages": [\n    {"Name": "a", "AffectedVersions": "1"},\n    {"Name": 5, "AffectedVersions": "2"}\n  ],\n  "Timestamp": "yesterday"\n}\n';
    const dir = scratch({ 'n.notify': FILE, 'bad.json': json });
    const r = await runCli(['render', 'n.notify', '--event-file', 'bad.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0]!, /^bad\.json:2:25: error: \$VulnerabilityScore: expected a number, found /);
    assert.match(lines[1]!, /^bad\.json:5:14: error: \$AffectedPackages: expected a string, found /);
    assert.match(lines[2]!, /^bad\.json:7:16: error: \$Timestamp: expected an ISO 8601 datetime/);
    assert.match(lines[3]!, /^notify: bad\.json does not fit the catalog; nothing rendered$/);
  });

  it('warns about members that are no variable of the event, and ignores them', async () => {
    const dir = scratch({ 'n.notify': FILE, 'e.json': '{"VulnerabilityId": "A", "Extra": 1, "NotifierName": "spoof"}' });
    const r = await runCli(['render', 'n.notify', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^e\.json:1:26: warning: \$Extra is not a variable of vulnerability\.detected; ignored$/m);
    assert.match(r.stderr, /^e\.json:1:38: warning: \$NotifierName is set by the render itself; ignored$/m);
  });

  it('a file that is not JSON or not an object is exit 2 with its position; --sample with --event-file is a usage error', async () => {
    const dir = scratch({ 'n.notify': FILE, 'broken.json': '{\n  "a": 1,\n}', 'list.json': '[1]' });
    const broken = await runCli(['render', 'n.notify', '--event-file', 'broken.json'], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.json:3:1: not JSON: /);
    const list = await runCli(['render', 'n.notify', '--event-file', 'list.json'], { cwd: dir });
    assert.equal(list.code, 2);
    assert.match(list.stderr, /list\.json:1:1: an event file is a JSON object of variables/);
    assert.equal((await runCli(['render', 'n.notify', '--event-file', 'nope.json'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['render', 'n.notify', '--event-file', 'list.json', '--sample', 'made up'], { cwd: dir })).code, 2);
  });

  it('send delivers the captured values', async () => {
    const receiver = await HttpReceiver.start();
    try {
      receiver.reply({ status: 200 });
      const dir = scratch({
        'n.notify': FILE.replace('"https://soar.example.com/hook"', JSON.stringify(receiver.url('/in'))),
        'e.json': '{"VulnerabilityId": "SENT-1", "VulnerabilityScore": 3}',
      });
      const r = await runCli(['send', 'n.notify', '--event-file', 'e.json', '--allow-private'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const sent = JSON.parse(receiver.requests[0]!.body) as Record<string, unknown>;
      assert.deepEqual([sent.id, sent.score], ['SENT-1', 3]);
    } finally {
      await receiver.close();
    }
  });

  it('send keeps an $EventId the event file sets (body and X-Notify-Event-Id), as it keeps a sample\'s; without one, each send is a new id', async () => {
    const receiver = await HttpReceiver.start();
    try {
      receiver.reply({ status: 200 }, { status: 200 });
      const dir = scratch({
        'n.notify': FILE.replace('"https://soar.example.com/hook"', JSON.stringify(receiver.url('/in'))),
        'e.json': '{"VulnerabilityId": "SENT-1", "$eventid": "evt-captured-7"}',
        'f.json': '{"VulnerabilityId": "SENT-2"}',
      });
      for (const file of ['e.json', 'f.json']) {
        const r = await runCli(['send', 'n.notify', '--event-file', file, '--allow-private'], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
      }
      const [kept, fresh] = receiver.requests;
      assert.equal((JSON.parse(kept!.body) as Record<string, unknown>).event, 'evt-captured-7');
      assert.equal(kept!.headers['x-notify-event-id'], 'evt-captured-7');
      const freshId = (JSON.parse(fresh!.body) as Record<string, unknown>).event as string;
      assert.match(freshId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(fresh!.headers['x-notify-event-id'], freshId);
    } finally {
      await receiver.close();
    }
  });
});

describe('JSON objects keep their written key order (integer-like keys included)', () => {
  const MAP_FILE = `import "events.json";

notifier "Props" {
    on package.added;
    webhook {
        url = "https://soar.example.com/hook";
        body = $ToJson(%(props: %PackageProperties, labels: %Labels));
    }
}
`;
  const catalog = `{"events": {"build.done": {"description": "A build finished.", "variables": {
    "Labels": {"type": "map<string>", "example": {"z": "Z", "10": "ten", "9": "nine"}}
  }}}}`;

  it('from an --event-file map and from a catalog example, as render and events --format json show them', async () => {
    const dir = scratch({
      'n.notify': MAP_FILE.replace('on package.added;', 'on package.added, build.done;').replace(', labels: %Labels', ''),
      'm.notify': MAP_FILE.replace('on package.added;', 'on build.done;').replace('props: %PackageProperties, ', ''),
      'events.json': catalog,
      'e.json': '{"event": "package.added", "variables": {"PackageProperties": {"b": "B", "2": "two", "1": "one"}}}',
    });
    const r = await runCli(['render', 'n.notify', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { deliveries: { request: { body: string } }[] };
    assert.equal(out.deliveries[0]!.request.body, '{"props":{"b":"B","2":"two","1":"one"}}');
    const m = await runCli(['render', 'm.notify'], { cwd: dir });
    assert.equal(m.code, 0, m.stderr);
    assert.equal((JSON.parse(m.stdout) as typeof out).deliveries[0]!.request.body, '{"labels":{"z":"Z","10":"ten","9":"nine"}}');
    const ev = await runCli(['events', '--import', 'events.json', '--format', 'json'], { cwd: dir });
    assert.equal(ev.code, 0, ev.stderr);
    assert.match(ev.stdout, /"example": \{\n\s+"z": "Z",\n\s+"10": "ten",\n\s+"9": "nine"\n\s+\}/);
  });
});

describe('LANGUAGE.md 10.4: --event-file (contract)', () => {
  const TWO = `notifier "P" {
    on package.added, package.deleted;
    webhook { url = "https://h.example/p"; body = $ToJson(%(e: $EventName, id: $PackageId, feed: $FeedName, eid: $EventId, at: $Timestamp)); }
}
notifier "V" {
    on vulnerability.detected;
    webhook { url = "https://h.example/v"; body = $ToJson(%(s: $VulnerabilityScore)); }
}
`;
  const rendered = (stdout: string) =>
    (JSON.parse(stdout) as { deliveries: { notifier: string; event: string; sample: null; request: { body: string } }[] }).deliveries.map((d) => ({
      notifier: d.notifier,
      event: d.event,
      sample: d.sample,
      body: JSON.parse(d.request.body) as Record<string, unknown>,
    }));

  it('LANGUAGE.md 10.4: the {event, variables} form names the event; notifiers that do not listen to it are not rendered; other members are ignored', async () => {
    const dir = scratch({ 'a.notify': TWO, 'e.json': '{"event": "package.deleted", "variables": {"PackageId": "D"}, "extra": 1}' });
    const r = await runCli(['render', 'a.notify', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = rendered(r.stdout);
    assert.deepEqual(out.map((d) => [d.notifier, d.event, d.sample, d.body.id, d.body.e]), [['P', 'package.deleted', null, 'D', 'package.deleted']]);
  });

  it('LANGUAGE.md 10.4: $EventId and $Timestamp can be set; $EventName and $NotifierName are ignored with a warning at the member', async () => {
    const dir = scratch({ 'a.notify': TWO, 'e.json': '{"EventId": "id-1", "$timestamp": "2020-01-01T00:00:00Z", "EventName": "x", "$NotifierName": "y"}' });
    const r = await runCli(['render', 'a.notify', '--notifier', 'P', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const [d] = rendered(r.stdout);
    assert.deepEqual([d!.body.eid, d!.body.at, d!.body.e], ['id-1', '2020-01-01T00:00:00Z', 'package.added']);
    assert.equal(r.stderr, 'e.json:1:59: warning: $EventName is set by the render itself; ignored\ne.json:1:77: warning: $NotifierName is set by the render itself; ignored\n');
  });

  it('LANGUAGE.md 10.4: a variable named twice takes the last value, with a warning at the later member', async () => {
    const dir = scratch({ 'a.notify': TWO, 'e.json': '{"PackageId": "one", "$packageid": "two"}' });
    const r = await runCli(['render', 'a.notify', '--notifier', 'P', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(rendered(r.stdout)[0]!.body.id, 'two');
    assert.equal(r.stderr, 'e.json:1:22: warning: $packageid is set more than once; the last value is used\n');
  });

  it('LANGUAGE.md 10.4: a value that does not fit: F:LINE:COL: error: $NAME: MESSAGE, then "notify: F does not fit the catalog; nothing rendered", exit 1, nothing sent', async () => {
    const dir = scratch({ 'a.notify': TWO, 'e.json': '{\n  "vulnerabilityscore": "9"\n}\n' });
    for (const command of ['render', 'send']) {
      const r = await runCli([command, 'a.notify', '--notifier', 'V', '--event-file', 'e.json'], { cwd: dir });
      assert.equal(r.code, 1, command);
      assert.equal(r.stdout, '', command);
      assert.equal(r.stderr, 'e.json:2:25: error: $VulnerabilityScore: expected a number, found the string "9"\nnotify: e.json does not fit the catalog; nothing rendered\n', command);
    }
  });

  it('LANGUAGE.md 10.4: without an event, a member that is a variable of none of the rendered events warns, naming them joined with ", "', async () => {
    const dir = scratch({ 'a.notify': TWO, 'e.json': '{"Bogus": 1}' });
    const r = await runCli(['render', 'a.notify', '--event-file', 'e.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'e.json:1:2: warning: $Bogus is not a variable of package.added, vulnerability.detected; ignored\n');
  });

  it('LANGUAGE.md 10.4: usage errors (exit 2): with --sample, --event naming another event, an unknown event', async () => {
    const dir = scratch({ 'a.notify': TWO + 'sample "s" for package.added { $PackageId = "A"; }\n', 'e.json': '{"event": "package.deleted", "variables": {}}', 'u.json': '{"event": "no.such", "variables": {}}' });
    const cases: [string[], RegExp][] = [
      [['--event-file', 'e.json', '--sample', 's'], /--sample and --event-file/],
      [['--event-file', 'e.json', '--event', 'package.added'], /^notify render: --event package\.added but e\.json is an event package\.deleted$/m],
      [['--event-file', 'u.json'], /^notify render: u\.json: unknown event "no\.such" \(notify events lists them\)$/m],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['render', 'a.notify', ...args], { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });

  it('LANGUAGE.md 10.4: F unreadable, not JSON, not an object, or with a non-string event is exit 2 with one positioned line', async () => {
    const dir = scratch({ 'a.notify': TWO, 'syntax.json': '{\n "a": \n', 'list.json': '[1]', 'ev.json': '{"event": 5, "variables": {}}' });
    const cases: [string, string][] = [
      ['missing.json', 'notify render: missing.json: '],
      ['syntax.json', 'notify render: syntax.json:3:1: not JSON: '],
      ['list.json', 'notify render: list.json:1:1: an event file is a JSON object of variables\n'],
      ['ev.json', 'notify render: ev.json:1:11: "event" must be a string naming the event\n'],
    ];
    for (const [file, start] of cases) {
      const r = await runCli(['render', 'a.notify', '--event-file', file], { cwd: dir });
      assert.equal(r.code, 2, file);
      assert.equal(r.stdout, '', file);
      assert.ok(r.stderr.startsWith(start), `${file}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').length, 2, file);
    }
  });
});
