// `notify convert` (docs/LANGUAGE.md section 10): the channels' converters
// from the command line, as a real process over real files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';
import { LEGACY_SLACK } from '../../support/notifiers';

const LEGACY = LEGACY_SLACK;

const CONVERTED = `notifier "n" {
    on package.added;
    slack {
        url    = $Secret("s");
        text   = "New $PackageId";
        blocks = @(
            %SlackSection("New $PackageId", %(Feed: $FeedName))
        );
    }
}
`;

const MODERN = `notifier "m" {\n    on package.added;\n    slack { url = $Secret("s"); text = "t"; }\n}\n`;

describe('notify convert', () => {
  it('prints a unified diff and changes nothing; --write converts in place and says what it did; the result checks clean', async () => {
    const dir = scratch({ 'a.notify': LEGACY, 'b.notify': MODERN });
    const diff = await runCli(['convert', 'a.notify', 'b.notify'], { cwd: dir });
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(
      diff.stdout,
      [
        '--- a.notify',
        '+++ a.notify',
        '@@ -3,7 +3,8 @@',
        '     slack {',
        '         url    = $Secret("s");',
        '         text   = "New $PackageId";',
        '-        color  = "good";',
        '-        fields = %(Feed: $FeedName);',
        '+        blocks = @(',
        '+            %SlackSection("New $PackageId", %(Feed: $FeedName))',
        '+        );',
        '     }',
        ' }',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), LEGACY);
    const write = await runCli(['convert', '--write', '.'], { cwd: dir });
    assert.equal(write.code, 0, write.stderr);
    assert.equal(write.stdout, 'converted a.notify (slack-blocks ×1)\n');
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), CONVERTED);
    assert.equal(readFileSync(join(dir, 'b.notify'), 'utf8'), MODERN);
    const check = await runCli(['check', 'a.notify'], { cwd: dir });
    assert.deepEqual([check.code, check.stdout], [0, '']);
    // written as `notify fmt` writes it
    assert.equal((await runCli(['fmt', '--check', 'a.notify'], { cwd: dir })).code, 0);
    // nothing left to convert: no output, exit 0
    assert.deepEqual(await runCli(['convert', 'a.notify'], { cwd: dir }), { code: 0, stdout: '', stderr: '' });
  });

  it('--only selects converters; an unknown id is a usage error listing the known ones', async () => {
    const dir = scratch({ 'a.notify': LEGACY });
    const only = await runCli(['convert', '--only', 'slack-blocks', 'a.notify'], { cwd: dir });
    assert.equal(only.code, 0);
    assert.match(only.stdout, /^\+        blocks = @\($/m);
    const unknown = await runCli(['convert', '--only', 'nope', 'a.notify'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /unknown converter "nope"; the converters are .*slack-blocks/);
  });

  it('a file with syntax errors is left as it is (exit 1); an unreadable path is exit 2', async () => {
    const broken = LEGACY.replace('text   = "New $PackageId";', 'text   = "New $PackageId"');
    const dir = scratch({ 'a.notify': broken });
    const r = await runCli(['convert', '--write', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /a\.notify:\d+:\d+: error NTF001/);
    assert.match(r.stderr, /a\.notify not converted: fix the syntax errors first/);
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), broken);
    assert.equal((await runCli(['convert', 'missing.notify'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['convert'], { cwd: dir })).code, 2);
  });
});

describe('notify convert: a Teams MessageCard', () => {
  const TEAMS = `notifier "t" {
    on package.added;
    teams {
        url      = $Secret("teams");
        format   = "messagecard";
        title    = "New $PackageId";
        sections = @(%(activityTitle: "$PackageId", activitySubtitle: $FeedName));
        potential_action = @(%("@type": "OpenUri", name: "Open", targets: @(%(os: "default", uri: "https://x.example/$PackageId"))));
    }
}
`;
  const ADAPTIVE = `notifier "t" {
    on package.added;
    teams {
        url      = $Secret("teams");
        format   = "adaptive";
        title    = "New $PackageId";
        body = @(
            %(type: "TextBlock", text: "$PackageId", weight: "Bolder", wrap: true),
            %(type: "TextBlock", text: $FeedName, isSubtle: true, spacing: "None", wrap: true)
        );
        actions = @(
            %(type: "Action.OpenUrl", title: "Open", url: "https://x.example/$PackageId")
        );
    }
}
`;
  it('--write converts it to a Workflows Adaptive Card that checks and renders', async () => {
    const dir = scratch({ 't.notify': TEAMS });
    const only = await runCli(['convert', '--only', 'teams-messagecard-to-adaptive', 't.notify'], { cwd: dir });
    assert.equal(only.code, 0, only.stderr);
    assert.match(only.stdout, /^-        format   = "messagecard";$/m);
    assert.match(only.stdout, /^\+        actions = @\($/m);
    const write = await runCli(['convert', '--write', 't.notify'], { cwd: dir });
    assert.equal(write.code, 0, write.stderr);
    assert.equal(write.stdout, 'converted t.notify (teams-messagecard-to-adaptive ×1)\n');
    assert.equal(readFileSync(join(dir, 't.notify'), 'utf8'), ADAPTIVE);
    assert.deepEqual((await runCli(['check', 't.notify'], { cwd: dir })).code, 0);
    const rendered = await runCli(['render', 't.notify'], { cwd: dir });
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.match(rendered.stdout, /application\/vnd\.microsoft\.card\.adaptive/);
    assert.match(rendered.stdout, /Action\.OpenUrl/);
  });

  it('a CRLF file stays CRLF: --write gives the LF result with CRLF line breaks (no line left with only spaces), and the diff adds CRLF lines', async () => {
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    const dir = scratch({ 's.notify': crlf(LEGACY), 't.notify': crlf(TEAMS) });
    const diff = await runCli(['convert', 's.notify'], { cwd: dir });
    assert.equal(diff.code, 0, diff.stderr);
    for (const line of diff.stdout.split('\n').filter((l) => /^[+-] /.test(l))) assert.ok(line.endsWith('\r'), JSON.stringify(line));
    const write = await runCli(['convert', '--write', 's.notify', 't.notify'], { cwd: dir });
    assert.equal(write.code, 0, write.stderr);
    assert.equal(readFileSync(join(dir, 's.notify'), 'utf8'), crlf(CONVERTED));
    assert.equal(readFileSync(join(dir, 't.notify'), 'utf8'), crlf(ADAPTIVE));
  });
});

describe('LANGUAGE.md 10: notify convert (contract)', () => {
  const TWO_SLACK = LEGACY.replace('    }\n}\n', '    }\n    slack {\n        url    = $Secret("s");\n        text   = "Two";\n        fields = %(Feed: $FeedName);\n    }\n}\n');
  const WITH_TEAMS = TWO_SLACK.replace(
    '    slack {\n        url    = $Secret("s");\n        text   = "New',
    '    teams {\n        url      = $Secret("teams");\n        format   = "messagecard";\n        title    = "T";\n    }\n    slack {\n        url    = $Secret("s");\n        text   = "New',
  );

  it('LANGUAGE.md 10 convert: --write prints converted FILE (ID ×N, …), N per converter, IDs in the order they first apply', async () => {
    const dir = scratch({ 'a.notify': WITH_TEAMS });
    const r = await runCli(['convert', '--write', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'converted a.notify (teams-messagecard-to-adaptive ×1, slack-blocks ×2)\n');
    assert.equal(r.stderr, '');
  });

  it('LANGUAGE.md 10 convert: the diff is --- FILE / +++ FILE without timestamps and @@ hunks with 3 lines of context; the file is not changed', async () => {
    const dir = scratch({ 'sub/a.notify': TWO_SLACK });
    const r = await runCli(['convert', 'sub'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['--- sub/a.notify', '+++ sub/a.notify', '@@ -3,12 +3,15 @@']);
    assert.deepEqual(lines.slice(3, 6), ['     slack {', '         url    = $Secret("s");', '         text   = "New $PackageId";']);
    assert.equal(readFileSync(join(dir, 'sub/a.notify'), 'utf8'), TWO_SLACK);
  });

  it('LANGUAGE.md 10 convert: --only is repeatable or comma-separated; an unknown ID is a usage error naming the known ones', async () => {
    const dir = scratch({ 'a.notify': WITH_TEAMS });
    for (const only of [['--only', 'slack-blocks,teams-messagecard-to-adaptive'], ['--only', 'slack-blocks, teams-messagecard-to-adaptive'], ['--only', 'slack-blocks', '--only', 'teams-messagecard-to-adaptive']]) {
      const r = await runCli(['convert', ...only, 'a.notify'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^-        format   = "messagecard";$/m);
      assert.match(r.stdout, /^\+        blocks = @\($/m);
    }
    const teamsOnly = await runCli(['convert', '--only', 'teams-messagecard-to-adaptive', 'a.notify'], { cwd: dir });
    assert.doesNotMatch(teamsOnly.stdout, /blocks = @\(/);
    const unknown = await runCli(['convert', '--only', 'nope', 'a.notify'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.equal(unknown.stderr.split('\n')[0], 'notify convert: --only: unknown converter "nope"; the converters are slack-blocks, teams-messagecard-to-adaptive');
  });

  it('LANGUAGE.md 10 convert: a file with syntax errors: its errors as check prints them, then "notify: FILE not converted: …", exit 1, the others still converted', async () => {
    const broken = LEGACY.replace('text   = "New $PackageId";', 'text   = "New $PackageId"');
    const dir = scratch({ 'a.notify': broken, 'b.notify': LEGACY });
    const r = await runCli(['convert', '--write', 'a.notify', 'b.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^a\.notify:\d+:\d+: error NTF\d{3}: .+\nnotify: a\.notify not converted: fix the syntax errors first\n$/);
    assert.equal(r.stdout, 'converted b.notify (slack-blocks ×1)\n');
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), broken);
  });

  it('LANGUAGE.md 10 convert: paths that name no .notify file are a usage error (exit 2), a missing one among others is refused and the others converted', async () => {
    const dir = scratch({ 'empty/readme.txt': 'x', 'a.notify': LEGACY });
    const none = await runCli(['convert', 'empty'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^notify convert: no \.notify files found in empty\n/);
    const mixed = await runCli(['convert', '--write', 'missing.notify', 'a.notify'], { cwd: dir });
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /^notify convert: missing\.notify: /);
    assert.equal(mixed.stdout, 'converted a.notify (slack-blocks ×1)\n');
  });
});
