import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, statSync, utimesSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HISTORY_LIMIT, HistoryStore, NotAHistoryFile } from '../../../client/dispatch/history';
import type { DeliveryResult } from '../../../client/dispatch/result';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'notify-history-'));
  dirs.push(d);
  return d;
}

function result(notifier: string, n: number, ok = true): DeliveryResult {
  return { notifier, channel: 'slack', target: '‹secret:slack-secops›', ok, status: ok ? 200 : 503, attempts: n, durationMs: n * 10, error: ok ? null : 'boom' };
}

test('keeps the last 50 results per notifier, oldest first, with the spec fields', async () => {
  const dir = await tempDir();
  const path = join(dir, '.notify', 'history.jsonl');
  const store = new HistoryStore(path, { now: () => new Date('2026-04-28T07:12:43Z') });
  for (let i = 1; i <= 60; i++) await store.append(result('A', i));
  await store.append(result('B', 1, false));
  const a = await store.entries('A');
  assert.equal(a.length, HISTORY_LIMIT);
  assert.deepEqual(a.map((e) => e.attempts), Array.from({ length: 50 }, (_, i) => i + 11));
  assert.deepEqual((await store.entries('B'))[0], {
    time: '2026-04-28T07:12:43.000Z',
    channel: 'slack',
    target: '‹secret:slack-secops›',
    ok: false,
    status: 503,
    attempts: 1,
    durationMs: 10,
    error: 'boom',
  });
  // A new store (a new process) reads the same file.
  assert.equal((await new HistoryStore(path).entries('A')).length, 50);
  assert.deepEqual((await readdir(join(dir, '.notify'))).sort(), ['history.jsonl'], 'no temporary or lock files left behind');
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { format: 'notify-history', version: 2, compactedBytes: 0 });
  assert.equal(lines[1].notifier, 'A');
});

test('recording appends one line: what was written before is never rewritten until compaction', async () => {
  const dir = await tempDir();
  const path = join(dir, 'h.jsonl');
  const store = new HistoryStore(path);
  await store.append(result('A', 1));
  const inode = (await stat(path)).ino;
  let before = await readFile(path, 'utf8');
  for (let i = 2; i <= 200; i++) {
    await store.append(result(`N${i % 7}`, i));
    if (i % 40 === 0) {
      const now = await readFile(path, 'utf8');
      assert.ok(now.startsWith(before), 'the earlier bytes are unchanged');
      before = now;
    }
  }
  assert.equal((await stat(path)).ino, inode, 'the same file, appended to, not replaced');
});

test('compaction keeps the last 50 per notifier and runs when the file has doubled', async () => {
  const dir = await tempDir();
  const path = join(dir, 'h.jsonl');
  const store = new HistoryStore(path, { compactMinBytes: 8 * 1024 });
  for (let i = 1; i <= 400; i++) await store.append(result(i % 2 ? 'A' : 'B', i));
  const size = (await stat(path)).size;
  assert.ok(size < 3 * 100 * 260, `compacted (${size} bytes)`);
  const header = JSON.parse((await readFile(path, 'utf8')).split('\n')[0]!);
  assert.ok(header.compactedBytes > 0, 'compacted at least once');
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), Array.from({ length: 50 }, (_, i) => 301 + 2 * i));
  assert.deepEqual((await store.entries('B')).map((e) => e.attempts), Array.from({ length: 50 }, (_, i) => 302 + 2 * i));
});

test('appends made at the same time through one store are all kept', async () => {
  const dir = await tempDir();
  const store = new HistoryStore(join(dir, 'h.jsonl'));
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(result('A', i + 1))));
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), Array.from({ length: 20 }, (_, i) => i + 1));
});

test('what a killed writer leaves (a torn line, its temporary file, its lock) is cleaned up', async () => {
  const dir = await tempDir();
  const path = join(dir, 'h.jsonl');
  await new HistoryStore(path).append(result('A', 1));
  await writeFile(path, (await readFile(path, 'utf8')) + '{"notifier":"A","time":"20', { flag: 'w' });
  const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  await writeFile(`${path}.lock`, `${deadPid}\n${(await import('node:os')).hostname()}\nabcdef\n`);
  await writeFile(`${path}.${deadPid}.0badc0de.tmp`, '{"half":');
  const store = new HistoryStore(path, { compactMinBytes: 1 });
  await store.append(result('A', 2));
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), [1, 2]);
  assert.deepEqual((await readdir(dir)).sort(), ['h.jsonl']);
});

test('waiters that all find one dead lock break it once: a lock retaken meanwhile is never removed, no entry is lost', async () => {
  // Two waiters judging the same dead lock, one breaking it and a third taking a fresh one, used to let
  // the second remove that live lock: two writers compacted at once and a delivery went unrecorded.
  const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  for (let round = 0; round < 20; round++) {
    const dir = await tempDir();
    const path = join(dir, 'h.jsonl');
    await writeFile(`${path}.lock`, `${deadPid}\n${(await import('node:os')).hostname()}\nabcdef\n`);
    const stores = Array.from({ length: 20 }, () => new HistoryStore(path, { compactMinBytes: 1 }));
    await Promise.all(stores.map((s, i) => s.append(result('A', i + 1))));
    const attempts = (await new HistoryStore(path).entries('A')).map((e) => e.attempts).sort((a, b) => a - b);
    assert.deepEqual(attempts, Array.from({ length: 20 }, (_, i) => i + 1), `round ${round}`);
    assert.deepEqual(await readdir(dir), ['h.jsonl'], `round ${round}`);
  }
});

/** Sets a file's times `seconds` from now (negative: in the past), as a crash long ago or an unpacked archive leaves them. */
function age(path: string, seconds: number): void {
  const t = new Date(Date.now() + seconds * 1000);
  utimesSync(path, t, t);
}

test('an empty lock (a crash between creating and writing it, or a committed one) is broken once old: N deliveries are all recorded', async () => {
  // It used to count as "still being written" at any age: each delivery waited 60 s and went unrecorded.
  for (const when of [-600, -6, 3600 * 24 * 365 * 50]) {
    const dir = await tempDir();
    const path = join(dir, 'history.jsonl');
    await writeFile(`${path}.lock`, '');
    age(`${path}.lock`, when);
    for (let n = 1; n <= 3; n++) await new HistoryStore(path).append(result('A', n));
    assert.deepEqual((await new HistoryStore(path).entries('A')).map((e) => e.attempts), [1, 2, 3], `lock aged ${when}s`);
    assert.deepEqual(await readdir(dir), ['history.jsonl'], `lock aged ${when}s`);
  }
});

test('a fresh empty lock is waited for only a few seconds, then broken', async () => {
  const dir = await tempDir();
  const path = join(dir, 'history.jsonl');
  await writeFile(`${path}.lock`, '');
  await new HistoryStore(path).append(result('A', 1));
  assert.deepEqual((await new HistoryStore(path).entries('A')).map((e) => e.attempts), [1]);
});

test('an old lock naming a live process of this machine (a reused process id, or a planted lock) is broken too', async () => {
  const { hostname } = await import('node:os');
  const dir = await tempDir();
  const path = join(dir, 'history.jsonl');
  await writeFile(`${path}.lock`, `${process.pid}\n${hostname()}\nplanted\n`);
  age(`${path}.lock`, -600);
  await new HistoryStore(path).append(result('A', 1));
  assert.deepEqual((await new HistoryStore(path).entries('A')).map((e) => e.attempts), [1]);
  assert.deepEqual(await readdir(dir), ['history.jsonl']);
});

test('a lock breaker that is a folder is refused at once (it would keep every dead lock unbroken)', async () => {
  const dir = await tempDir();
  const path = join(dir, 'history.jsonl');
  await writeFile(`${path}.lock`, '');
  age(`${path}.lock`, -600);
  await mkdir(`${path}.lock.break`);
  await assert.rejects(new HistoryStore(path).append(result('A', 1)), (e: Error) => e instanceof NotAHistoryFile && /lock\.break is not a regular file; remove it/.test(e.message));
});

test('valid JSON of the wrong shape and unreadable text are moved aside; the history starts again', async () => {
  for (const bad of ['{"version":1,"notifiers":[]}', '[1,2,3]', '"history"', '{"version":1,"notifiers":{"A":"x"}}', '{"version":1,"notifiers":{"A":[{"time":']) {
    const dir = await tempDir();
    const path = join(dir, 'history.jsonl');
    await writeFile(path, bad);
    const warnings: string[] = [];
    const store = new HistoryStore(path, { onWarning: (m) => warnings.push(m), now: () => new Date('2026-04-28T07:12:43Z') });
    assert.deepEqual(await store.entries('A'), [], bad);
    await store.append(result('A', 7));
    assert.equal(warnings.length, 1, bad);
    assert.match(warnings[0]!, /unreadable; moved it to .*history\.jsonl\.corrupt-2026-04-28T07-12-43-000Z/);
    assert.deepEqual((await store.entries('A')).map((e) => e.attempts), [7], bad);
    assert.equal(await readFile(join(dir, 'history.jsonl.corrupt-2026-04-28T07-12-43-000Z'), 'utf8'), bad);
  }
});

test('the version 1 file (one JSON document) is read, and folded into the log at the next write', async () => {
  const dir = await tempDir();
  const legacyPath = join(dir, 'history.json');
  const path = join(dir, 'history.jsonl');
  const old = { time: '2026-01-01T00:00:00.000Z', channel: 'slack', target: 't', ok: true, status: 200, attempts: 1, durationMs: 5, error: null };
  await writeFile(legacyPath, JSON.stringify({ version: 1, notifiers: { A: [old] } }, null, 2));
  const store = new HistoryStore(path, { legacyPath });
  assert.deepEqual(await store.entries('A'), [old]);
  await store.append(result('A', 2));
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), [1, 2]);
  assert.deepEqual((await readdir(dir)).sort(), ['history.jsonl'], 'the old file is gone once folded in');
  // A version 1 file at the history path itself is converted, not appended to.
  const p2 = join(dir, 'v1.json');
  await writeFile(p2, JSON.stringify({ version: 1, notifiers: { B: [old] } }, null, 2));
  await new HistoryStore(p2).append(result('B', 3));
  assert.deepEqual((await new HistoryStore(p2).entries('B')).map((e) => e.attempts), [1, 3]);
});

test('a version 1 file still there after its entries were folded in (a reader between the two steps, a writer killed between them) counts each entry once', async () => {
  const dir = await tempDir();
  const legacyPath = join(dir, 'history.json');
  const path = join(dir, 'history.jsonl');
  const old = { time: '2026-01-01T00:00:00.000Z', channel: 'slack', target: 't', ok: true, status: 200, attempts: 1, durationMs: 5, error: null };
  const older = { ...old, time: '2025-12-31T00:00:00.000Z', attempts: 9 };
  await writeFile(legacyPath, JSON.stringify({ version: 1, notifiers: { A: [older, old] } }));
  // What the compaction leaves when it is killed after its rename, before removing the old file.
  await writeFile(path, `{"format":"notify-history","version":2,"compactedBytes":0}\n${JSON.stringify({ notifier: 'A', ...old })}\n`);
  const store = new HistoryStore(path, { legacyPath });
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), [9, 1], 'the entry in both files once; the one only in the old file kept');
  await store.append(result('A', 2));
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), [9, 1, 2]);
  assert.deepEqual((await readdir(dir)).sort(), ['history.jsonl']);
  assert.deepEqual((await new HistoryStore(path).entries('A')).map((e) => e.attempts), [9, 1, 2], 'and so does the file itself');
});

test('a symlink, a device, a FIFO or a folder at the history path is never opened, followed or replaced', async () => {
  const dir = await tempDir();
  const target = join(dir, 'elsewhere.txt');
  await writeFile(target, 'do not touch\n');
  const link = join(dir, 'link.jsonl');
  await symlink(target, link);
  const fifo = join(dir, 'fifo.jsonl');
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, 'folder.jsonl');
  await mkdir(folder);
  for (const path of [link, fifo, folder, '/dev/null', '/dev/zero']) {
    const warnings: string[] = [];
    const store = new HistoryStore(path, { onWarning: (m) => warnings.push(m) });
    await assert.rejects(store.append(result('A', 1)), NotAHistoryFile, path);
    assert.deepEqual(await store.entries('A'), [], path);
    assert.match(warnings.join('\n'), /not a regular file/, path);
  }
  assert.equal(await readFile(target, 'utf8'), 'do not touch\n');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.ok(lstatSync(fifo).isFIFO());
  assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still the device');
  assert.deepEqual((await readdir(dir)).sort(), ['elsewhere.txt', 'fifo.jsonl', 'folder.jsonl', 'link.jsonl'], 'no lock or temporary file left');
  // A symlinked history folder (`.notify -> /somewhere`) is refused as well.
  const real = join(dir, 'real');
  await mkdir(real);
  await symlink(real, join(dir, '.notify'));
  await assert.rejects(new HistoryStore(join(dir, '.notify', 'history.jsonl')).append(result('A', 1)), NotAHistoryFile);
  assert.deepEqual(await readdir(real), []);
});

test('with gitignore, a .gitignore containing * is written next to the history, once', async () => {
  const dir = await tempDir();
  const path = join(dir, '.notify', 'history.jsonl');
  await new HistoryStore(path, { gitignore: true }).append(result('A', 1));
  assert.equal(await readFile(join(dir, '.notify', '.gitignore'), 'utf8'), '*\n');
  await writeFile(join(dir, '.notify', '.gitignore'), '# mine\n*\n');
  await new HistoryStore(path, { gitignore: true }).append(result('A', 2));
  assert.equal(await readFile(join(dir, '.notify', '.gitignore'), 'utf8'), '# mine\n*\n', 'an existing file is left alone');
});

test('a .gitignore that is a symbolic link (to a file, or to nowhere) is not written through', async () => {
  const dir = await tempDir();
  const victim = join(dir, 'victim.txt');
  await writeFile(victim, 'precious\n');
  for (const [name, to] of [['a', victim], ['b', join(dir, 'created-by-no-one')]] as const) {
    await mkdir(join(dir, name, '.notify'), { recursive: true });
    await symlink(to, join(dir, name, '.notify', '.gitignore'));
    await new HistoryStore(join(dir, name, '.notify', 'history.jsonl'), { gitignore: true }).append(result('A', 1));
    assert.ok(lstatSync(join(dir, name, '.notify', '.gitignore')).isSymbolicLink(), name);
  }
  assert.equal(await readFile(victim, 'utf8'), 'precious\n');
  assert.deepEqual((await readdir(dir)).sort(), ['a', 'b', 'victim.txt']);
});

test('a huge file at the history path (600 MB, put there between runs) is not read whole: the last entries in it are kept, a file with none is moved aside', async () => {
  // Every send read it all into one string and failed ("Cannot create a string longer than …"): nothing
  // was recorded, ever again, and each send spent seconds and most of a gigabyte on it.
  const { truncate, appendFile } = await import('node:fs/promises');
  for (const tail of ['', JSON.stringify({ notifier: 'A', time: '2026-01-01T00:00:00.000Z', channel: 'slack', target: 't', ok: true, status: 200, attempts: 7, durationMs: 1, error: null }) + '\n']) {
    const dir = await tempDir();
    const path = join(dir, 'history.jsonl');
    await writeFile(path, '');
    await truncate(path, 600 * 1024 * 1024);
    if (tail) await appendFile(path, '\n' + tail);
    const warnings: string[] = [];
    const store = new HistoryStore(path, { onWarning: (m) => warnings.push(m) });
    await store.append(result('A', 1));
    assert.deepEqual((await store.entries('A')).map((e) => e.attempts), tail ? [7, 1] : [1]);
    assert.ok(statSync(path).size < 4096);
    const names = (await readdir(dir)).sort();
    if (tail) assert.deepEqual(names, ['history.jsonl']);
    else {
      assert.equal(names.length, 2);
      assert.match(names[1]!, /^history\.jsonl\.corrupt-/);
      assert.equal(warnings.length, 1);
      await rm(join(dir, names[1]!));
    }
  }
});
