// Files a cloned repository can plant where the command line writes or reads
// (docs/security.md, "your files"): a snapshot, a `.notify` file or a report
// path that is a symbolic link, a FIFO or a device. Real processes over real
// files; each test checks the file the link points at is untouched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';
import { LEGACY_SLACK } from '../../support/notifiers';

const FILE = `notifier "A" {
    on package.added;
    slack {
        url  = "https://hooks.slack.com/services/x";
        text = "Added $PackageId";
    }
}
`;

/** Unformatted (extra spaces), so `fmt` would rewrite it. */
const UNFORMATTED = FILE.replace('on package.added;', 'on    package.added;');

/** A folder with a victim file outside the "repository" and the repository inside it. */
function repoWithVictim(files: Record<string, string>): { dir: string; repo: string; victim: string } {
  const dir = scratch({ 'victim.txt': 'precious\n' });
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  return { dir, repo, victim: join(dir, 'victim.txt') };
}

const TIMEOUT = { timeoutMs: 30_000 };

describe('notify test and a planted snapshot', () => {
  for (const update of [false, true]) {
    it(`a snapshot that is a symbolic link to a file is refused${update ? ' by --update, which writes nothing through it' : ''} (exit 2, naming it)`, async () => {
      const { repo, victim } = repoWithVictim({ 'a.notify': FILE });
      symlinkSync(victim, join(repo, 'a.notify.snap'));
      const r = await runCli(['test', 'a.notify', ...(update ? ['--update'] : [])], { cwd: repo, ...TIMEOUT });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^notify test: a\.notify\.snap: a symbolic link, not followed \(.*a\.notify\.snap\)\n$/);
      assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
      assert.equal(readlinkSync(join(repo, 'a.notify.snap')), victim);
    });
  }

  it('a dangling symbolic link is refused by --update: the file it names is not created', async () => {
    const { dir, repo } = repoWithVictim({ 'a.notify': FILE });
    const target = join(dir, 'authorized_keys');
    symlinkSync(target, join(repo, 'a.notify.snap'));
    const r = await runCli(['test', 'a.notify', '--update'], { cwd: repo, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /a\.notify\.snap: a symbolic link, not followed/);
    assert.equal(readdirSync(dir).includes('authorized_keys'), false);
  });

  for (const [what, plant] of [
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p])],
    ['a symbolic link to /dev/zero', (p: string) => symlinkSync('/dev/zero', p)],
    ['a folder', (p: string) => mkdirSync(p)],
  ] as const) {
    it(`a snapshot that is ${what} ends the run at once with exit 2, with and without --update`, async () => {
      const { repo } = repoWithVictim({ 'a.notify': FILE });
      plant(join(repo, 'a.notify.snap'));
      for (const args of [['test', 'a.notify'], ['test', 'a.notify', '--update']]) {
        const r = await runCli(args, { cwd: repo, ...TIMEOUT });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /^notify test: a\.notify\.snap: (not a regular file|a symbolic link, not followed) \(/);
      }
      assert.equal(lstatSync(join(repo, 'a.notify.snap')).isFile(), false);
    });
  }

  it('--update replaces a hard-linked snapshot instead of writing into the other name', async () => {
    const { repo, victim } = repoWithVictim({ 'a.notify': FILE });
    execFileSync('ln', [victim, join(repo, 'a.notify.snap')]);
    const r = await runCli(['test', 'a.notify', '--update'], { cwd: repo, ...TIMEOUT });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(readFileSync(join(repo, 'a.notify.snap'), 'utf8'), /^# Snapshot of a\.notify/);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  it('--junit at a symbolic link is refused and the link target is untouched; a FIFO there does not hang', async () => {
    const { repo, victim } = repoWithVictim({ 'a.notify': FILE });
    await runCli(['test', 'a.notify', '--update'], { cwd: repo, ...TIMEOUT });
    symlinkSync(victim, join(repo, 'report.xml'));
    const r = await runCli(['test', 'a.notify', '--junit', 'report.xml'], { cwd: repo, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^notify test: report\.xml: a symbolic link, not written through \(.*report\.xml\)\n$/);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    execFileSync('mkfifo', [join(repo, 'fifo.xml')]);
    const fifo = await runCli(['test', 'a.notify', '--junit', 'fifo.xml'], { cwd: repo, ...TIMEOUT });
    assert.equal(fifo.code, 2, fifo.stdout + fifo.stderr);
    assert.match(fifo.stderr, /fifo\.xml: not a regular file/);
  });
});

describe('rewriting a planted .notify file', () => {
  it('notify fmt does not write through a .notify file that is a symbolic link (exit 2, the target untouched)', async () => {
    const { dir, repo } = repoWithVictim({});
    // A link inside the repository (one leading out of it is not even read: see below).
    mkdirSync(join(repo, 'elsewhere'));
    const outside = join(repo, 'elsewhere', 'outside.notify');
    writeFileSync(outside, UNFORMATTED);
    symlinkSync(outside, join(repo, 'a.notify'));
    const r = await runCli(['fmt', 'a.notify'], { cwd: repo, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^notify fmt: a\.notify: a symbolic link, not written through \(.*a\.notify\)\n$/);
    assert.equal(readFileSync(outside, 'utf8'), UNFORMATTED);
    assert.equal(lstatSync(join(repo, 'a.notify')).isSymbolicLink(), true);
    // --check only reads: the link's target is checked as before
    assert.equal((await runCli(['fmt', '--check', 'a.notify'], { cwd: repo, ...TIMEOUT })).code, 1);
    // A link out of the repository is refused before it is read (LANGUAGE.md 10), by --check too.
    writeFileSync(join(dir, 'out.notify'), UNFORMATTED);
    symlinkSync(join(dir, 'out.notify'), join(repo, 'b.notify'));
    for (const args of [['fmt', 'b.notify'], ['fmt', '--check', 'b.notify']]) {
      const out = await runCli(args, { cwd: repo, ...TIMEOUT });
      assert.equal(out.code, 2, out.stdout + out.stderr);
      assert.match(out.stderr, /^notify fmt: b\.notify: outside the workspace root .*, not read \(.*b\.notify\)\n$/);
    }
    assert.equal(readFileSync(join(dir, 'out.notify'), 'utf8'), UNFORMATTED);
  });

  it('notify fmt rewrites a regular file by replacing it: a hard link elsewhere keeps the old text', async () => {
    const { dir, repo } = repoWithVictim({});
    const outside = join(dir, 'outside.notify');
    writeFileSync(outside, UNFORMATTED);
    execFileSync('ln', [outside, join(repo, 'a.notify')]);
    const r = await runCli(['fmt', 'a.notify'], { cwd: repo, ...TIMEOUT });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(repo, 'a.notify'), 'utf8'), FILE);
    assert.equal(readFileSync(outside, 'utf8'), UNFORMATTED);
    assert.deepEqual(readdirSync(repo), ['a.notify']);
  });

  it('notify convert --write does not write through a .notify file that is a symbolic link', async () => {
    const { repo } = repoWithVictim({});
    mkdirSync(join(repo, 'elsewhere'));
    const outside = join(repo, 'elsewhere', 'outside.notify');
    writeFileSync(outside, LEGACY_SLACK);
    symlinkSync(outside, join(repo, 'n.notify'));
    const r = await runCli(['convert', '--write', 'n.notify'], { cwd: repo, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^notify convert: n\.notify: a symbolic link, not written through \(.*n\.notify\)\n$/);
    assert.equal(readFileSync(outside, 'utf8'), LEGACY_SLACK);
    // a regular file is still converted in place
    writeFileSync(join(repo, 'm.notify'), LEGACY_SLACK);
    const ok = await runCli(['convert', '--write', 'm.notify'], { cwd: repo, ...TIMEOUT });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(readFileSync(join(repo, 'm.notify'), 'utf8'), /%SlackSection/);
  });
});
