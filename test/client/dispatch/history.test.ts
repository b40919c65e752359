import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HISTORY_LIMIT, HistoryStore, type HistoryFs } from '../../../client/dispatch/history';
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
  const path = join(dir, '.notify', 'history.json');
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
  assert.deepEqual((await readdir(join(dir, '.notify'))).sort(), ['history.json'], 'no temporary files left behind');
});

test('appends made at the same time through one store are all kept', async () => {
  const dir = await tempDir();
  const store = new HistoryStore(join(dir, 'h.json'));
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(result('A', i + 1))));
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), Array.from({ length: 20 }, (_, i) => i + 1));
});

test('write-then-rename: a crash before the rename leaves the previous file intact', async () => {
  const dir = await tempDir();
  const path = join(dir, 'history.json');
  await new HistoryStore(path).append(result('A', 1));
  const before = await readFile(path, 'utf8');
  const crashing: HistoryFs = {
    readFile: (p, e) => fsp.readFile(p, e),
    writeFile: (p, d, o) => fsp.writeFile(p, d, o),
    mkdir: (p, o) => fsp.mkdir(p, o),
    rm: (p, o) => fsp.rm(p, o),
    rename: async () => {
      throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
    },
  };
  await assert.rejects(new HistoryStore(path, { fs: crashing }).append(result('A', 2)), /simulated crash/);
  assert.equal(await readFile(path, 'utf8'), before, 'the old content, whole');
  assert.deepEqual(await readdir(dir), ['history.json'], 'the temporary file was cleaned up');
});

test('a corrupt file is moved aside and reported, and the history starts again', async () => {
  const dir = await tempDir();
  const path = join(dir, 'history.json');
  await writeFile(path, '{"version":1,"notifiers":{"A":[{"time":');
  const warnings: string[] = [];
  const store = new HistoryStore(path, { onWarning: (m) => warnings.push(m), now: () => new Date('2026-04-28T07:12:43Z') });
  await store.append(result('A', 7));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /unreadable; moved it to .*history\.json\.corrupt-2026-04-28T07-12-43-000Z/);
  assert.deepEqual((await store.entries('A')).map((e) => e.attempts), [7]);
  const names = (await readdir(dir)).sort();
  assert.deepEqual(names, ['history.json', 'history.json.corrupt-2026-04-28T07-12-43-000Z']);
  assert.equal(await readFile(join(dir, names[1]!), 'utf8'), '{"version":1,"notifiers":{"A":[{"time":');
});

test('with gitignore, a .gitignore containing * is written next to the history, once', async () => {
  const dir = await tempDir();
  const path = join(dir, '.notify', 'history.json');
  await new HistoryStore(path, { gitignore: true }).append(result('A', 1));
  assert.equal(await readFile(join(dir, '.notify', '.gitignore'), 'utf8'), '*\n');
  await writeFile(join(dir, '.notify', '.gitignore'), '# mine\n*\n');
  await new HistoryStore(path, { gitignore: true }).append(result('A', 2));
  assert.equal(await readFile(join(dir, '.notify', '.gitignore'), 'utf8'), '# mine\n*\n', 'an existing file is left alone');
});
