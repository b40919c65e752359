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

/** A real process that creates `.NAME.PID.RANDOM.tmp` in `d` as a writer would, then waits until killed. */
async function writerThatHangs(d: string, name: string): Promise<{ child: import('node:child_process').ChildProcess; temp: string }> {
  const { spawn } = await import('node:child_process');
  const script = `const fs = require('fs'); const p = require('path').join(${JSON.stringify(d)}, '.' + ${JSON.stringify(name)} + '.' + process.pid + '.0badf00d.tmp'); fs.writeFileSync(p, 'half'); console.log(p); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const temp = await new Promise<string>((resolve) => child.stdout!.once('data', (b) => resolve(String(b).trim())));
  return { child, temp };
}

test('a killed writer\'s temporary file is removed by the next write of that name; a live writer\'s, another name\'s and a link are left', async () => {
  const d = fresh('stale');
  const path = join(d, 'a.notify');
  writeFileSync(path, 'old\n');
  const { child, temp } = await writerThatHangs(d, 'a.notify');
  const other = join(d, `.b.notify.${child.pid}.0badf00d.tmp`);
  writeFileSync(other, 'someone else\n');
  // A link named like a dead writer's temporary file: removing must not follow it.
  const victim = join(d, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  const link = join(d, '.a.notify.999999999.deadbeef.tmp');
  symlinkSync(victim, link);
  try {
    assert.equal(replaceRegularFile(path, 'one\n'), undefined);
    assert.equal(readFileSync(temp, 'utf8'), 'half', 'the writer is alive: its file stays');
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  assert.equal(replaceRegularFile(path, 'two\n'), undefined);
  assert.equal(readFileSync(path, 'utf8'), 'two\n');
  assert.deepEqual(readdirSync(d).sort(), ['.a.notify.999999999.deadbeef.tmp', `.b.notify.${child.pid}.0badf00d.tmp`, 'a.notify', 'victim.txt'].sort());
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  assert.equal(lstatSync(link).isSymbolicLink(), true);
});

test('notify fmt removes the temporary file a killed fmt left beside the file it formats', async () => {
  const d = fresh('stale-cli');
  const { child, temp } = await writerThatHangs(d, 'a.notify');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  writeFileSync(join(d, 'a.notify'), 'notifier "A" {\n    on    package.added;\n    webhook { url = "https://example.com/h"; }\n}\n');
  const { runCli } = await import('../client/cli/runCli');
  const r = await runCli(['fmt', 'a.notify'], { cwd: d, timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(readdirSync(d), ['a.notify'], `${temp} removed`);
});

test('with `unchanged`, a file that no longer holds the text read is left as it is; one already holding the result counts as replaced', () => {
  const d = fresh('unchanged');
  const path = join(d, 'a.notify');
  writeFileSync(path, 'read\n');
  assert.equal(replaceRegularFile(path, 'result\n', { unchanged: 'read\n' }), undefined, 'unchanged: replaced');
  assert.equal(readFileSync(path, 'utf8'), 'result\n');
  writeFileSync(path, 'saved meanwhile\n');
  assert.deepEqual(replaceRegularFile(path, 'result of the old text\n', { unchanged: 'result\n' }), { error: `changed since it was read; not written (${path})`, changed: true });
  assert.equal(readFileSync(path, 'utf8'), 'saved meanwhile\n', 'the newer text stays');
  assert.equal(replaceRegularFile(path, 'saved meanwhile\n', { unchanged: 'something older\n' }), undefined, 'already the result');
  rmSync(path);
  assert.deepEqual(replaceRegularFile(path, 'x', { unchanged: 'read\n' }), { error: `changed since it was read; not written (${path})`, changed: true }, 'removed meanwhile: not created again');
  assert.deepEqual(readdirSync(d), [], 'no temporary file left');
});
