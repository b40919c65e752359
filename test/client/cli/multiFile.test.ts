// Commands over several files (LANGUAGE.md 10, "Several files"): a refused
// one — a symbolic link, a FIFO, a missing path, a planted snapshot — is
// reported with its path and reason, the others are still processed, and the
// exit code is 2 at the end. Real processes over real files, links and FIFOs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
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
const UNFORMATTED = FILE.replace('on package.added;', 'on    package.added;');
const TIMEOUT = { timeoutMs: 30_000 };

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** a.notify and d.notify with `text`; b.notify a link to target.txt; c.notify a FIFO. */
function planted(text: string): string {
  const dir = scratch({ 'a.notify': text, 'd.notify': text, 'target.txt': text });
  dirs.push(dir);
  symlinkSync(join(dir, 'target.txt'), join(dir, 'b.notify'));
  execFileSync('mkfifo', [join(dir, 'c.notify')]);
  return dir;
}

const ARGS = ['a.notify', 'b.notify', 'c.notify', 'missing.notify', 'd.notify'];

function assertRefusals(stderr: string, command: string): void {
  assert.match(stderr, new RegExp(`^notify ${command}: b\\.notify: a symbolic link, not written through \\(.*b\\.notify\\)$`, 'm'));
  assert.match(stderr, new RegExp(`^notify ${command}: c\\.notify: not a regular file \\(.*c\\.notify\\)$`, 'm'));
  assert.match(stderr, new RegExp(`^notify ${command}: missing\\.notify: no such file or folder$`, 'm'));
}

describe('a refused file does not stop the others', () => {
  it('notify fmt formats every other file, names each refused one, exits 2', async () => {
    const dir = planted(UNFORMATTED);
    const r = await runCli(['fmt', ...ARGS], { cwd: dir, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assertRefusals(r.stderr, 'fmt');
    assert.equal(r.stdout, 'a.notify: formatted\nd.notify: formatted\n');
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), FILE);
    assert.equal(readFileSync(join(dir, 'd.notify'), 'utf8'), FILE);
    assert.equal(readFileSync(join(dir, 'target.txt'), 'utf8'), UNFORMATTED, 'not written through the link');
  });

  it('notify convert --write converts every other file, names each refused one, exits 2', async () => {
    const dir = planted(LEGACY_SLACK);
    const r = await runCli(['convert', '--write', ...ARGS], { cwd: dir, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assertRefusals(r.stderr, 'convert');
    assert.match(r.stdout, /^converted a\.notify .*\nconverted d\.notify .*\n$/);
    assert.match(readFileSync(join(dir, 'd.notify'), 'utf8'), /%SlackSection/);
    assert.equal(readFileSync(join(dir, 'target.txt'), 'utf8'), LEGACY_SLACK);
  });

  it('notify test tests every other file when a snapshot is a FIFO or a link, and exits 2', async () => {
    const dir = scratch({ 'a.notify': FILE, 'b.notify': FILE, 'c.notify': FILE, 'victim.txt': 'precious\n' });
    dirs.push(dir);
    execFileSync('mkfifo', [join(dir, 'a.notify.snap')]);
    symlinkSync(join(dir, 'victim.txt'), join(dir, 'b.notify.snap'));
    const r = await runCli(['test', '--update', 'a.notify', 'b.notify', 'c.notify', '--junit', 'report.xml'], { cwd: dir, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^notify test: a\.notify\.snap: not a regular file \(.*\)$/m);
    assert.match(r.stderr, /^notify test: b\.notify\.snap: a symbolic link, not followed \(.*\)$/m);
    assert.match(r.stdout, /^wrote c\.notify\.snap$/m);
    assert.match(r.stdout, /^ok {3}c\.notify: /m);
    assert.match(r.stdout, /^1 passed, 0 failed, 2 refused$/m);
    assert.match(readFileSync(join(dir, 'report.xml'), 'utf8'), /c\.notify/);
    assert.equal(readFileSync(join(dir, 'victim.txt'), 'utf8'), 'precious\n');
  });

  it('notify check reports a FIFO and a missing path and still checks the rest', async () => {
    const dir = planted(FILE);
    const r = await runCli(['check', ...ARGS], { cwd: dir, ...TIMEOUT });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^notify check: c\.notify: not a regular file/m);
    assert.match(r.stderr, /^notify check: missing\.notify: no such file or folder$/m);
  });
});

describe('a folder walk that cannot list a folder', () => {
  it('a tree nested past the path length limit: the folder is reported, every other file still checked, exit 2 (not an internal error)', async () => {
    const dir = scratch({ 'top.notify': FILE.replace('Added', 'Top') });
    // (rmSync recurses as deep as the tree: rm -rf removes it.)
    after(() => execFileSync('rm', ['-rf', dir]));
    // 2,300 folders deep: the last ones are past PATH_MAX (4,096 bytes) and cannot be listed by path.
    const script = `process.chdir(${JSON.stringify(dir)}); const fs = require('fs'); for (let i = 0; i < 2300; i++) { fs.mkdirSync('a'); process.chdir('a'); } fs.writeFileSync('x.notify', 'x');`;
    execFileSync(process.execPath, ['-e', script]);
    symlinkSync('.', join(dir, 'loop'));
    for (const command of ['check', 'fmt', 'test']) {
      const r = await runCli([command, '.'], { cwd: dir, ...TIMEOUT });
      assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stderr, /internal error|at walk/);
      assert.match(r.stderr, new RegExp(`^notify ${command}: (a/){100}.*: cannot list this folder \\(ENAMETOOLONG\\)$`, 'm'));
    }
    const check = await runCli(['check', '.'], { cwd: dir, ...TIMEOUT });
    assert.equal(check.stdout, '', 'top.notify was checked (and is clean)');
    const test = await runCli(['test', '.'], { cwd: dir, ...TIMEOUT });
    assert.match(test.stdout, /top\.notify/);
  });
});

describe('paths that name no .notify file', () => {
  it('are a usage error for every command that walks paths (check, fmt, convert, test): a wrong folder never passes by doing nothing', async () => {
    const dir = scratch({ 'empty/readme.txt': 'x' });
    for (const command of [['check'], ['fmt'], ['fmt', '--check'], ['convert'], ['test']]) {
      const r = await runCli([...command, 'empty'], { cwd: dir });
      assert.equal(r.code, 2, `${command.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', command.join(' '));
      assert.match(r.stderr, new RegExp(`^notify ${command[0]}: no \\.notify files found in empty\\n`), command.join(' '));
    }
  });
});

describe('an empty path argument', () => {
  it('names no file: it is refused like a missing path (never the current folder walked and rewritten), the others still processed, exit 2', async () => {
    const dir = scratch({ 'a.notify': UNFORMATTED, 'sub/b.notify': UNFORMATTED });
    dirs.push(dir);
    for (const command of [['fmt'], ['check'], ['convert', '--write'], ['test']]) {
      const r = await runCli([...command, ''], { cwd: dir, ...TIMEOUT });
      assert.equal(r.code, 2, `${command.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, command[0] === 'test' ? '0 passed, 0 failed, 1 refused\n' : '', command.join(' '));
      assert.equal(r.stderr, `notify ${command[0]}: : an empty path names no file or folder\n`, command.join(' '));
    }
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), UNFORMATTED);
    assert.equal(readFileSync(join(dir, 'sub/b.notify'), 'utf8'), UNFORMATTED);
    const mixed = await runCli(['fmt', '', 'a.notify'], { cwd: dir, ...TIMEOUT });
    assert.equal(mixed.code, 2);
    assert.equal(mixed.stdout, 'a.notify: formatted\n');
    assert.equal(readFileSync(join(dir, 'sub/b.notify'), 'utf8'), UNFORMATTED);
    const junit = await runCli(['test', 'a.notify', '--junit', ''], { cwd: dir, ...TIMEOUT });
    assert.equal(junit.code, 2);
    assert.equal(junit.stderr, 'notify test: : an empty path names no file or folder\n');
    for (const args of [['render', ''], ['send', ''], ['render', 'a.notify', '--event-file', ''], ['events', '--import', '']]) {
      const r = await runCli(args, { cwd: dir, ...TIMEOUT });
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr, `notify ${args[0]}: : an empty path names no file or folder\n`, args.join(' '));
    }
  });
});

describe('a file reached more than once is processed once', () => {
  it('check a.notify a.notify . ./a.notify and a link to it: each problem of a.notify once', async () => {
    const dir = scratch({ 'a.notify': FILE.replace('$PackageId', '$Nope'), 'sub/b.notify': FILE });
    dirs.push(dir);
    symlinkSync(join(dir, 'a.notify'), join(dir, 'sub', 'link.notify'));
    const r = await runCli(['check', 'a.notify', 'a.notify', '.', './a.notify', 'sub/link.notify'], { cwd: dir, ...TIMEOUT });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout.match(/NTF102/g)?.length, 1, r.stdout);
    assert.match(r.stdout, /^a\.notify:5:\d+: error NTF102/m, 'reported under its first mention');
    writeFileSync(join(dir, 'u.notify'), UNFORMATTED);
    const fmt = await runCli(['fmt', '--check', 'u.notify', '.', 'u.notify'], { cwd: dir, ...TIMEOUT });
    assert.equal(fmt.code, 1, fmt.stderr);
    assert.equal((fmt.stdout + fmt.stderr).match(/u\.notify: would be reformatted/g)?.length, 1, fmt.stdout + fmt.stderr);
  });

  it('--allow-env with an empty name is a usage error, not "nothing more allowed"', async () => {
    const dir = scratch({ 'a.notify': FILE });
    dirs.push(dir);
    for (const value of ['', 'A,,B', ' , ']) {
      const r = await runCli(['check', 'a.notify', '--allow-env', value], { cwd: dir, ...TIMEOUT });
      assert.equal(r.code, 2, `${JSON.stringify(value)}: ${r.stderr}`);
      assert.match(r.stderr, /^notify check: --allow-env: an empty name/m);
    }
  });
});
