import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

const SLACK_NOTIFIER = `notifier "Pkg" {
    on package.added;
    slack {
        url = $Secret("slack-x");
        text = "Added $PackageId";
    }
}
`;

describe('notify (no command)', () => {
  it('prints usage on stderr and exits 2', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage:/);
  });
  it('rejects an unknown command with exit 2', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });
  it('--help exits 0 with usage on stdout', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /notify check PATH/);
  });
  it('-h after a command prints the usage, but after -- it is a path', async () => {
    const dir = scratch({ '-h': 'notifier "A" {\n    on package.added;\n    webhook { url = "https://example.com/h"; body = $ToJson(%(a: $Nope)); }\n}\n' });
    const help = await runCli(['check', 'x.notify', '-h'], { cwd: dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /notify check PATH/);
    const file = await runCli(['check', '--', '-h'], { cwd: dir });
    assert.equal(file.code, 1, file.stderr);
    assert.match(file.stdout, /^-h:3:\d+: error NTF102/m);
  });
});

describe('notify check', () => {
  it('loads only its own bundle: the dispatcher, receiver and snapshot rules stay unread (cold start)', async () => {
    // A preloaded probe lists every script the process required; `check` must not reach the lazy bundles.
    const dir = scratch({ 'probe.cjs': "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));" });
    const r = await runCli(['check', 'examples/'], { env: { NODE_OPTIONS: `--require ${join(dir, 'probe.cjs')}` } });
    assert.equal(r.code, 0, r.stderr);
    const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
    assert.ok(loaded.some((f) => f.endsWith('cli.js')), loaded.join(', '));
    assert.deepEqual(loaded.filter((f) => /cli-(send|receive|test)\.js$|undici|nodemailer/.test(f)), []);
    assert.doesNotMatch(readFileSync(join(import.meta.dirname, '../../../dist/cliMain.js'), 'utf8'), /node_modules\/(undici|nodemailer|adaptivecards)\//);
  });
  it('passes the examples folder', async () => {
    const r = await runCli(['check', 'examples/']);
    assert.equal(r.stderr.includes('error'), false, r.stdout + r.stderr);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('prints FILE:LINE:COL: SEVERITY CODE: MESSAGE and exits 1 on errors', async () => {
    const dir = scratch({ 'bad.notify': 'notifier "A" {\n    on package.nope;\n    slack { url = $Secret("s"); }\n}\n' });
    const r = await runCli(['check', 'bad.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.some((l) => l.startsWith('bad.notify:2:8: error NTF101: ')), r.stdout);
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = scratch({ 'w.notify': 'notifier "A" {\n    on package.added;\n}\n' });
    const r = await runCli(['check', 'w.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^w\.notify:1:\d+: warning NTF302: /m);
  });

  it('--format json gives the documented fields, 1-based', async () => {
    const dir = scratch({ 'bad.notify': 'notifier "A" {\n    on package.nope;\n    slack { url = $Secret("s"); }\n}\n' });
    const r = await runCli(['check', '--format', 'json', 'bad.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const list = JSON.parse(r.stdout);
    assert.ok(Array.isArray(list));
    const d = list.find((x: { code: string }) => x.code === 'NTF101');
    assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
    assert.deepEqual([d.file, d.line, d.column, d.endLine, d.endColumn, d.severity], ['bad.notify', 2, 8, 2, 20, 'error']);
  });

  it('--format json prints [] for a clean file', async () => {
    const dir = scratch({ 'ok.notify': SLACK_NOTIFIER });
    const r = await runCli(['check', '--format', 'json', 'ok.notify'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('checks every *.notify under a folder', async () => {
    const dir = scratch({ 'a/one.notify': 'notifier "A" { on nope.x; }\n', 'a/b/two.notify': 'notifier "B" { on nope.y; }\n', 'a/skip.txt': 'x' });
    const r = await runCli(['check', 'a'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^a\/b\/two\.notify:1:\d+: error NTF101/m);
    assert.match(r.stdout, /^a\/one\.notify:1:\d+: error NTF101/m);
  });

  it('exits 2 for a missing file, an unknown flag or no path', async () => {
    assert.equal((await runCli(['check', 'does-not-exist.notify'])).code, 2);
    assert.equal((await runCli(['check', '--frob', 'examples'])).code, 2);
    assert.equal((await runCli(['check'])).code, 2);
    assert.equal((await runCli(['check', '--format', 'xml', 'examples'])).code, 2);
  });

  it('LANGUAGE.md 10: a flag error is one readable line, "notify COMMAND: MESSAGE", then the usage hint (no escaped line feeds, no unbalanced quote)', async () => {
    const cases: [string[], string][] = [
      [['check', 'examples', '--format', '--fix'], 'notify check: --format needs a value (one that starts with "-" is written --format=-…)'],
      [['render', 'examples/local-receiver.notify', '--sample', '-x'], 'notify render: --sample needs a value (one that starts with "-" is written --sample=-…)'],
      [['check', 'examples', '--frob'], 'notify check: unknown flag --frob (a path that starts with "-" goes after "--")'],
      [['fmt', '-x', 'examples'], 'notify fmt: unknown flag -x (a path that starts with "-" goes after "--")'],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr, `${line}\nRun "notify --help" for usage.\n`, args.join(' '));
    }
  });

  it('exits 2 with a message when a folder holds no .notify file (a wrong path checks nothing)', async () => {
    const dir = scratch({ 'docs/readme.md': '# no notifiers here\n' });
    for (const format of ['text', 'json']) {
      const r = await runCli(['check', '--format', format, 'docs'], { cwd: dir });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /no \.notify files found in docs/);
    }
  });

  it('reports a binary file named .notify once, as unreadable input', async () => {
    const dir = scratch({});
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(4096, 7), Buffer.from([0, 1, 2, 0xff, 0xfe])]);
    writeFileSync(join(dir, 'logo.notify'), png);
    const r = await runCli(['check', 'logo.notify'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /logo\.notify: not a text file/);
    assert.doesNotMatch(r.stderr, /[\x00-\x08\x0e-\x1f]/, 'no raw control characters');

    writeFileSync(join(dir, 'latin1.notify'), Buffer.from('notifier "caf\xe9" { on package.added; }\n', 'latin1'));
    const latin = await runCli(['check', 'latin1.notify'], { cwd: dir });
    assert.equal(latin.code, 2);
    assert.match(latin.stderr, /latin1\.notify: not a text file \(not valid UTF-8\)/);
  });

  it('a missing file among readable ones: diagnostics of the readable files and the error for the missing one, exit 2', async () => {
    const dir = scratch({ 'a.notify': SLACK_NOTIFIER.replace('package.added', 'package.nope'), 'c.notify': SLACK_NOTIFIER.replace('$PackageId', '$PackageIdd') });
    const r = await runCli(['check', 'a.notify', 'missing.notify', 'c.notify'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^a\.notify:2:8: error NTF101/m);
    assert.match(r.stdout, /^c\.notify:5:\d+: error NTF102/m);
    assert.match(r.stderr, /missing\.notify: no such file/);
  });
});

describe('notify render', () => {
  it('prints {"deliveries": [...]} with the documented keys', async () => {
    const dir = scratch({ 'n.notify': SLACK_NOTIFIER });
    const r = await runCli(['render', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['deliveries']);
    assert.equal(out.deliveries.length, 1);
    const d = out.deliveries[0];
    assert.deepEqual(Object.keys(d), ['notifier', 'event', 'sample', 'channel', 'request']);
    assert.deepEqual([d.notifier, d.event, d.sample, d.channel], ['Pkg', 'package.added', null, 'slack']);
    assert.deepEqual(Object.keys(d.request), ['method', 'url', 'headers', 'body']);
    assert.equal(d.request.method, 'POST');
    assert.equal(d.request.url, '\u2039secret:slack-x\u203a');
    assert.equal(JSON.parse(d.request.body).text, 'Added MyCorp.CoolUtils');
  });

  it('uses the first matching sample and names it', async () => {
    const dir = scratch({
      'n.notify': SLACK_NOTIFIER + '\nsample "other" for package.deleted { $PackageId = "X"; }\nsample "mine" for package.added {\n    $PackageId = "Y.Z";\n}\n',
    });
    const r = await runCli(['render', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout).deliveries[0];
    assert.equal(d.sample, 'mine');
    assert.equal(JSON.parse(d.request.body).text, 'Added Y.Z');
  });

  it('renders email with address arrays', async () => {
    const dir = scratch({
      'e.notify': 'notifier "Mail" {\n    on package.added;\n    email {\n        to = "a@example.com, b@example.com";\n        subject = "New $PackageId";\n    }\n}\n',
    });
    const r = await runCli(['render', 'e.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout).deliveries[0];
    assert.deepEqual(Object.keys(d), ['notifier', 'event', 'sample', 'channel', 'email']);
    assert.deepEqual(d.email.to, ['a@example.com', 'b@example.com']);
    assert.deepEqual(d.email.cc, []);
    assert.equal(d.email.subject, 'New MyCorp.CoolUtils');
  });

  it('keeps secrets as placeholders unless --reveal-secrets', async () => {
    const dir = scratch({ 'n.notify': SLACK_NOTIFIER });
    const env = { NOTIFY_SECRET_SLACK_X: 'https://hooks.example.test/T0/B0/abc' };
    const hidden = await runCli(['render', 'n.notify'], { cwd: dir, env });
    assert.equal(hidden.stdout.includes('hooks.example.test'), false);
    const shown = await runCli(['render', 'n.notify', '--reveal-secrets'], { cwd: dir, env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(JSON.parse(shown.stdout).deliveries[0].request.url, env.NOTIFY_SECRET_SLACK_X);
  });

  it('--reveal-secrets with a missing secret fails naming it', async () => {
    const dir = scratch({ 'n.notify': SLACK_NOTIFIER });
    const r = await runCli(['render', 'n.notify', '--reveal-secrets'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /slack-x/);
    assert.match(r.stderr, /NOTIFY_SECRET_SLACK_X/);
    // A user error: one line, no "internal error", no stack trace.
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    assert.equal(r.stdout, '');
  });

  it('exits 1 for a file with errors and prints them on stderr', async () => {
    const dir = scratch({ 'bad.notify': 'notifier "A" {\n    on package.nope;\n    slack { url = $Secret("s"); }\n}\n' });
    const r = await runCli(['render', 'bad.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /bad\.notify:2:8: error NTF101/);
  });

  it('exits 2 for usage mistakes', async () => {
    const dir = scratch({ 'n.notify': SLACK_NOTIFIER });
    assert.equal((await runCli(['render'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['render', 'n.notify', '--sample', 'a', '--event', 'package.added'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['render', 'n.notify', '--notifier', 'Nope'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['render', 'missing.notify'], { cwd: dir })).code, 2);
  });

  it('--event for an event no notifier listens to exits 1, saying so', async () => {
    const dir = scratch({ 'n.notify': SLACK_NOTIFIER });
    const r = await runCli(['render', 'n.notify', '--event', 'scan.failed'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no notifier listens to event scan\.failed/);
  });

  it('a render-time error is printed at its line and column', async () => {
    const dir = scratch({ 'n.notify': 'notifier "A" {\n    on package.added;\n    webhook {\n        url = $FeedName;\n    }\n}\nsample "s" for package.added { $FeedName = "not a url"; }\n' });
    const r = await runCli(['render', 'n.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^n\.notify:4:15: A\/webhook: url "not a url" is not an absolute URL/m);
  });

  it('--notifier and --event select', async () => {
    const r = await runCli(['render', 'examples/packages.notify', '--notifier', 'Package removed', '--event', 'package.purged']);
    assert.equal(r.code, 0, r.stderr);
    const ds = JSON.parse(r.stdout).deliveries;
    assert.equal(ds.length, 1);
    assert.equal(ds[0].event, 'package.purged');
    assert.equal(ds[0].notifier, 'Package removed');
  });
});

describe('notify fmt', () => {
  it('--check exits 1 for an unformatted file and leaves it alone', async () => {
    const messy = 'notifier "A"{on package.added;slack{url=$Secret("s");}}\n';
    const dir = scratch({ 'm.notify': messy });
    const r = await runCli(['fmt', '--check', 'm.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(readFileSync(join(dir, 'm.notify'), 'utf8'), messy);
  });

  it('formats in place, then --check passes', async () => {
    const dir = scratch({ 'm.notify': 'notifier "A"{on package.added;slack{url=$Secret("s");}}\n' });
    assert.equal((await runCli(['fmt', 'm.notify'], { cwd: dir })).code, 0);
    const formatted = readFileSync(join(dir, 'm.notify'), 'utf8');
    assert.match(formatted, /^notifier "A" \{\n {4}on package\.added;\n/);
    assert.equal((await runCli(['fmt', '--check', 'm.notify'], { cwd: dir })).code, 0);
  });

  it('never rewrites a file with syntax errors', async () => {
    const broken = 'notifier "A" { on package.added\n';
    const dir = scratch({ 'b.notify': broken });
    const r = await runCli(['fmt', 'b.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(readFileSync(join(dir, 'b.notify'), 'utf8'), broken);
  });

  it('the examples are formatted', async () => {
    const r = await runCli(['fmt', '--check', 'examples']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
});

describe('notify events', () => {
  it('lists the built-in events with typed variables', async () => {
    const r = await runCli(['events']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^vulnerability\.detected /m);
    assert.match(r.stdout, /@AffectedPackages\s+list<\{Name: string, AffectedVersions: string\}>/);
  });

  it('--format json with --import adds the catalog events', async () => {
    const r = await runCli(['events', '--import', 'examples/events/deploy.json', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const events = JSON.parse(r.stdout);
    const deploy = events.find((e: { name: string }) => e.name === 'deploy.finished');
    assert.ok(deploy);
    const hosts = deploy.variables.find((v: { name: string }) => v.name === 'Hosts');
    assert.deepEqual(hosts, { name: 'Hosts', sigil: '@', type: 'list<string>', description: 'Hosts deployed to', example: ['web-1', 'web-2'] });
  });

  it('an invalid catalog is an error with where', async () => {
    const dir = scratch({ 'c.json': '{"events": {"x.y": {"description": "d", "variables": {"N": {"type": "number", "example": "no"}}}}}' });
    const r = await runCli(['events', '--import', 'c.json'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^c\.json:1:\d+: error NTF401: /m);
  });
});

describe('LANGUAGE.md 10: notify events (contract)', () => {
  const catalog = JSON.stringify({
    events: {
      'x.first': { description: 'First event', variables: { Alpha: { type: 'string', example: 'a', description: 'The alpha' }, Any: { type: 'any', example: 1 } } },
      'x.second': { description: 'Second event', variables: { Items: { type: 'list<{Name: string}>', example: [{ Name: 'n' }] } } },
    },
  });

  it('LANGUAGE.md 10 events: built-in events first, then the imported ones in file order; own variables, then the four built-ins', async () => {
    const dir = scratch({ 'c.json': catalog });
    const r = await runCli(['events', '--import', 'c.json', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const events = JSON.parse(r.stdout) as { name: string; variables: { name: string }[] }[];
    const builtIn = JSON.parse((await runCli(['events', '--format', 'json'])).stdout) as { name: string }[];
    assert.deepEqual(events.map((e) => e.name), [...builtIn.map((e) => e.name), 'x.first', 'x.second']);
    assert.deepEqual(events.at(-2)!.variables.map((v) => v.name), ['Alpha', 'Any', 'EventName', 'EventId', 'Timestamp', 'NotifierName']);
  });

  it('LANGUAGE.md 10 events: --format json is a two-space indented array of {name, description, variables: [{name, sigil, type, description, example}]}', async () => {
    const dir = scratch({ 'c.json': catalog });
    const r = await runCli(['events', '--import', 'c.json', '--format', 'json'], { cwd: dir });
    assert.match(r.stdout, /^\[\n  \{\n    "name": /);
    const events = JSON.parse(r.stdout) as Record<string, unknown>[];
    const first = events.find((e) => e.name === 'x.first')!;
    assert.deepEqual(Object.keys(first), ['name', 'description', 'variables']);
    assert.equal(first.description, 'First event');
    const vars = first.variables as Record<string, unknown>[];
    assert.deepEqual(vars[0], { name: 'Alpha', sigil: '$', type: 'string', description: 'The alpha', example: 'a' });
    assert.deepEqual(vars[1], { name: 'Any', sigil: '$', type: 'any', description: null, example: 1 });
    const second = events.find((e) => e.name === 'x.second')!;
    assert.deepEqual((second.variables as Record<string, unknown>[])[0], { name: 'Items', sigil: '@', type: 'list<{Name: string}>', description: null, example: [{ Name: 'n' }] });
  });

  it('LANGUAGE.md 10 events: the text format is NAME  DESCRIPTION, then padded SIGIL+NAME  TYPE  DESCRIPTION lines, events separated by an empty line', async () => {
    const dir = scratch({ 'c.json': catalog });
    const r = await runCli(['events', '--import', 'c.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const blocks = r.stdout.replace(/\n$/, '').split('\n\n');
    const first = blocks.find((b) => b.startsWith('x.first '))!;
    assert.deepEqual(first.split('\n').slice(0, 3), ['x.first  First event', '    $Alpha         string    The alpha', '    $Any           any']);
    assert.equal(blocks.at(-1)!.split('\n')[0], 'x.second  Second event');
    assert.ok(r.stdout.endsWith('\n') && !r.stdout.endsWith('\n\n'));
  });

  it('LANGUAGE.md 10 events: an event without a description is its name alone in the text format (no trailing spaces) and "description": null in JSON', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ events: { 'x.bare': { variables: { A: { type: 'string', example: 'a' } } } } }) });
    const text = await runCli(['events', '--import', 'c.json'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    const block = text.stdout.replace(/\n$/, '').split('\n\n').at(-1)!;
    assert.equal(block.split('\n')[0], 'x.bare');
    const json = await runCli(['events', '--import', 'c.json', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    const bare = (JSON.parse(json.stdout) as { name: string; description: unknown }[]).find((e) => e.name === 'x.bare')!;
    assert.equal(bare.description, null);
  });

  it('LANGUAGE.md 10 events: an invalid catalog prints FILE:LINE:COL: error NTF401 on stderr, nothing on stdout, exit 1; a built-in event redefined says so', async () => {
    const dir = scratch({ 'bad.json': '{\n  "events": [\n', 'dup.json': '{"events": {"package.added": {"description": "d", "variables": {}}}}' });
    const bad = await runCli(['events', '--import', 'bad.json'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^bad\.json:\d+:\d+: error NTF401: .+\n$/);
    const dup = await runCli(['events', '--import', 'dup.json'], { cwd: dir });
    assert.equal(dup.code, 1);
    assert.equal(dup.stdout, '');
    assert.equal(dup.stderr, 'dup.json: error NTF401: event "package.added" is already defined\n');
  });

  it('LANGUAGE.md 10 events: a positional argument or another --format is a usage error and an unreadable FILE exit 2', async () => {
    const dir = scratch({ 'bin.json': '\u0000' });
    for (const args of [['events', 'stray'], ['events', '--format', 'xml'], ['events', '--import', 'missing.json'], ['events', '--import', 'bin.json']]) {
      const r = await runCli(args, { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /^notify events: /, args.join(' '));
    }
  });
});

describe('LANGUAGE.md 10: the usage and the command table agree (contract)', () => {
  /** Per command, its synopsis: from `notify --help`, or from the first cell of LANGUAGE.md 10's table. */
  async function synopses(): Promise<{ help: Map<string, string>; doc: Map<string, string> }> {
    const usage = (await runCli(['--help'])).stdout.replace(/\n\s{10,}/g, ' ');
    const help = new Map<string, string>();
    for (const m of usage.matchAll(/^ {2}notify (\w+) (.*)$/gm)) help.set(m[1]!, m[2]!);
    const doc = new Map<string, string>();
    const spec = readFileSync(join(import.meta.dirname, '../../../docs/LANGUAGE.md'), 'utf8');
    const section = spec.slice(spec.indexOf('\n## 10. Command line'), spec.indexOf('\n### 10.1 '));
    for (const m of section.matchAll(/^\| `notify (\w+)([^`]*)` \|/gm)) doc.set(m[1]!, m[2]!);
    return { help, doc };
  }
  const flags = (synopsis: string) => new Set([...synopsis.matchAll(/--[a-z-]+/g)].map((m) => m[0]));

  it('LANGUAGE.md 10: the usage has one synopsis line per command, each line with every flag of its row', async () => {
    const { doc } = await synopses();
    const usage = (await runCli(['--help'])).stdout;
    const lines = usage.split('\n').filter((l) => l.startsWith('  notify '));
    assert.equal(lines.length, doc.size);
    for (const [command, synopsis] of doc) {
      const line = lines.find((l) => l.startsWith(`  notify ${command} `))!;
      for (const flag of flags(synopsis)) assert.ok(line.includes(flag), `${command}: ${flag} not on its synopsis line`);
    }
    assert.doesNotMatch(usage, /\n {10,}\[/, 'no continuation lines');
  });

  it('LANGUAGE.md 10: every command of notify --help has a row, and each row is a command of the usage', async () => {
    const { help, doc } = await synopses();
    assert.deepEqual([...help.keys()].sort(), [...doc.keys()].sort());
    assert.equal(help.size, 8);
  });

  it('LANGUAGE.md 10: each command takes the same flags in notify --help and in its row (send: "same selection" as render)', async () => {
    const { help, doc } = await synopses();
    for (const [command, synopsis] of help) {
      let documented = flags(doc.get(command)!);
      if (command === 'send') documented = new Set([...documented, ...['--notifier', '--sample', '--event', '--event-file', '--fixture']]);
      assert.deepEqual([...flags(synopsis)].sort(), [...documented].sort(), command);
    }
  });

  it('LANGUAGE.md 10: every flag of the usage is taken by its command (never "Unknown option")', async () => {
    const { help } = await synopses();
    for (const [command, synopsis] of help) {
      for (const m of synopsis.matchAll(/(--[a-z-]+)( [A-Za-z0-9]|\])?/g)) {
        const flag = m[1]!;
        const takesValue = m[2] !== undefined && m[2] !== ']';
        // No file: every command stops at a usage error after parsing its flags (receive and events: a stray argument), so nothing runs.
        const args = [command, takesValue ? `${flag}=x` : flag, ...(command === 'receive' || command === 'events' ? ['stray'] : [])];
        const r = await runCli(args, { timeoutMs: 10_000 });
        assert.equal(r.code, 2, args.join(' '));
        assert.doesNotMatch(r.stderr, /Unknown option|does not take an argument|argument missing/, args.join(' '));
      }
    }
  });
});
