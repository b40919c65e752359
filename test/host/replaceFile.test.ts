// host/replaceFile.ts on real files: what a command that rewrites a file may
// and may not write to.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { replaceRegularFile } from '../../host/replaceFile';

const dir = mkdtempSync(join(tmpdir(), 'notify-replace-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  return d;
}

test('creates a missing file and replaces a regular one, keeping its permission bits and leaving no temporary file', () => {
  const d = fresh('plain');
  const path = join(d, 'a.snap');
  assert.equal(replaceRegularFile(path, 'one\n'), undefined);
  assert.equal(readFileSync(path, 'utf8'), 'one\n');
  execFileSync('chmod', ['600', path]);
  assert.equal(replaceRegularFile(path, 'two\n'), undefined);
  assert.equal(readFileSync(path, 'utf8'), 'two\n');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(d), ['a.snap']);
});

test('never writes through a symbolic link, whether it points at a file, a device or nowhere', () => {
  const d = fresh('links');
  const victim = join(d, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  for (const [name, to] of [['to-file', victim], ['to-null', '/dev/null'], ['dangling', join(d, 'created-by-no-one')]] as const) {
    const link = join(d, name);
    symlinkSync(to, link);
    assert.deepEqual(replaceRegularFile(link, 'hostile\n'), { error: `a symbolic link, not written through (${link})` });
    assert.equal(lstatSync(link).isSymbolicLink(), true);
    assert.equal(readlinkSync(link), to);
  }
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  assert.equal(readdirSync(d).includes('created-by-no-one'), false);
  assert.deepEqual(readdirSync(d).filter((n) => n.endsWith('.tmp')), []);
});

test('never writes into a FIFO or a folder', () => {
  const d = fresh('special');
  const fifo = join(d, 'fifo');
  execFileSync('mkfifo', [fifo]);
  assert.deepEqual(replaceRegularFile(fifo, 'x'), { error: `not a regular file (${fifo})` });
  assert.equal(lstatSync(fifo).isFIFO(), true);
  const folder = join(d, 'folder');
  mkdirSync(folder);
  assert.deepEqual(replaceRegularFile(folder, 'x'), { error: `not a regular file (${folder})` });
  assert.deepEqual(readdirSync(d).sort(), ['fifo', 'folder']);
});

test('a hard link to the replaced file keeps the old content (the file is replaced, not written into)', () => {
  const d = fresh('hard');
  const victim = join(d, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  const path = join(d, 'a.notify');
  linkSync(victim, path);
  assert.equal(replaceRegularFile(path, 'new\n'), undefined);
  assert.equal(readFileSync(path, 'utf8'), 'new\n');
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
});

test('a missing folder is an error naming the path, not a throw', () => {
  const path = join(dir, 'no-such-folder', 'a.snap');
  assert.deepEqual(replaceRegularFile(path, 'x'), { error: `cannot write ${path}: ENOENT` });
});
