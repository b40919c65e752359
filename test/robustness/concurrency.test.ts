/**
 * Concurrent use, with real processes over real files and a real receiver on
 * 127.0.0.1 (docs/delivery.md, "History"; docs/LANGUAGE.md 10, "Files a
 * command writes"):
 *
 * - many `notify send` processes recording into one history at once, past
 *   its compaction size: every delivery has exactly one complete record;
 * - a writer that dies holding the history's lock — SIGKILLed, left a zombie
 *   by a parent that does not reap it, or whose process id now names another
 *   process — costs the others no long wait and no record;
 * - `fmt` while the file is saved by someone else, two `fmt` of one file and
 *   `test --update` at once: no edit is lost, no file half written.
 *
 * Every interleaving that matters is forced (a preload pauses `fmt` between
 * writing its temporary file and replacing the file), not hoped for; the
 * waits are bounded, and the file runs in well under a minute.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { format } from '../../grammar/format/format';
import { HistoryStore } from '../../client/dispatch/history';
import { HttpReceiver } from '../support/httpReceiver';
import { LEGACY_SLACK } from '../support/notifiers';
import { runCli, scratch, type CliRun } from './pipeline';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'concurrency');
const LOCK_HOLDER = join(FIXTURES, 'lockHolder.cjs');
const PAUSE = join(FIXTURES, 'pauseBeforeReplace.cjs');

let receiver: HttpReceiver;
const dirs: string[] = [];
const children: ChildProcess[] = [];
before(async () => {
  receiver = await HttpReceiver.start();
  receiver.replyByDefault({ status: 200, body: 'ok' });
});
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await receiver.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A repository (`.git`) holding one notifier whose every delivery goes to its own URL (`$EventId`): its record names it. */
function repo(): string {
  const dir = scratch({ 'n.notify': `notifier "c" {\n    on package.added;\n    webhook { url = "${receiver.url('/c/')}$EventId"; retries = 0; }\n}\n` });
  mkdirSync(join(dir, '.git'));
  dirs.push(dir);
  return dir;
}

const send = (dir: string): Promise<CliRun> => runCli(['send', 'n.notify', '--allow-private'], dir, {}, 50_000);

/** The history as lines: each must be JSON; returns the targets recorded for notifier "c". */
function recordedTargets(dir: string): string[] {
  const text = readFileSync(join(dir, '.notify', 'history.jsonl'), 'utf8');
  assert.ok(text.endsWith('\n'), 'the last record is complete');
  const lines = text.slice(0, -1).split('\n');
  const values = lines.map((l, i) => {
    try {
      return JSON.parse(l) as { notifier?: string; target?: string };
    } catch {
      assert.fail(`line ${i + 1} is not JSON: ${l.slice(0, 80)}`);
    }
  });
  assert.equal((values[0] as { format?: string }).format, 'notify-history', 'the header comes first');
  return values.filter((v) => v.notifier === 'c').map((v) => v.target!);
}

/** What the receiver was sent to /c/…, as the URLs the history records. */
function deliveredTargets(since: number): string[] {
  return receiver.requests.slice(since).filter((r) => r.path.startsWith('/c/')).map((r) => receiver.url(r.path));
}

function assertEveryDeliveryRecordedOnce(dir: string, since: number, runs: readonly CliRun[]): void {
  for (const r of runs) {
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/, 'every process recorded its delivery');
  }
  const delivered = deliveredTargets(since).sort();
  assert.equal(delivered.length, runs.length, 'one request per send');
  assert.deepEqual(recordedTargets(dir).sort(), delivered, 'every delivery has exactly one record');
  assert.deepEqual(readdirSync(join(dir, '.notify')).sort(), ['.gitignore', 'history.jsonl'], 'no lock, breaker or temporary file left');
}

test('16 `notify send` processes at once on a history past its compaction size: one complete record per delivery', async () => {
  const dir = repo();
  // 300 KiB of other notifiers' records: the first writer compacts while the others append.
  mkdirSync(join(dir, '.notify'));
  let text = JSON.stringify({ format: 'notify-history', version: 2, compactedBytes: 0 }) + '\n';
  let i = 0;
  for (; text.length < 300 * 1024; i++) {
    text += JSON.stringify({ notifier: `other${i % 10}`, time: '2026-01-01T00:00:00.000Z', channel: 'webhook', target: 'x', ok: true, status: 200, attempts: i, durationMs: 1, error: null }) + '\n';
  }
  writeFileSync(join(dir, '.notify', 'history.jsonl'), text);
  const since = receiver.requests.length;
  const runs = await Promise.all(Array.from({ length: 16 }, () => send(dir)));
  assertEveryDeliveryRecordedOnce(dir, since, runs);
  assert.ok(readFileSync(join(dir, '.notify', 'history.jsonl')).length < text.length, 'compacted');
  const other = await new HistoryStore(join(dir, '.notify', 'history.jsonl')).entries('other7');
  const last = i - 1 - ((i - 1 - 7) % 10); // the last attempts number written for other7
  assert.deepEqual(other.map((e) => e.attempts), Array.from({ length: 50 }, (_, k) => last - 10 * (49 - k)), 'the other notifiers keep their last 50 through the compaction');
});

/** Starts lockHolder.cjs (through `sh` when `zombie`: it then becomes a child of `sleep`, which never reaps it) and waits until it holds the lock. */
async function holdLock(lock: string, options: { zombie?: boolean; start?: string } = {}): Promise<{ pid: number; process: ChildProcess }> {
  const args = [LOCK_HOLDER, lock, ...(options.start ? [options.start] : [])];
  const child = options.zombie
    ? spawn('sh', ['-c', `"${process.execPath}" "$@" & echo "pid $!"; exec sleep 60`, 'sh', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('held\n') && (!options.zombie || /pid \d+/.test(out))) resolve();
    });
    child.once('exit', () => reject(new Error(`the lock holder exited: ${out}`)));
  });
  return { pid: options.zombie ? Number(/pid (\d+)/.exec(out)![1]) : child.pid!, process: child };
}

test('a writer SIGKILLed while it holds the lock, with 6 sends waiting on it: none stalls, every delivery is recorded', async () => {
  const dir = repo();
  mkdirSync(join(dir, '.notify'));
  const holder = await holdLock(join(dir, '.notify', 'history.jsonl.lock'));
  const since = receiver.requests.length;
  const started = performance.now();
  const runs = Promise.all(Array.from({ length: 6 }, () => send(dir)));
  await receiver.waitForRequests(since + 6); // all 6 have sent and wait for the lock to record
  holder.process.kill('SIGKILL');
  const done = await runs;
  assertEveryDeliveryRecordedOnce(dir, since, done);
  assert.ok(performance.now() - started < 30_000, `took ${Math.round(performance.now() - started)} ms`);
});

test('a writer killed holding the lock whose parent never reaps it (a zombie) is seen as gone at once, not after the held-lock limit', async () => {
  // kill(pid, 0) succeeds for a zombie: its lock was taken for a live writer's and held every send for 45 s.
  const dir = repo();
  mkdirSync(join(dir, '.notify'));
  const holder = await holdLock(join(dir, '.notify', 'history.jsonl.lock'), { zombie: true });
  process.kill(holder.pid, 'SIGKILL');
  for (let i = 0; i < 100 && !/\) Z /.test(readFileSync(`/proc/${holder.pid}/stat`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 20));
  const since = receiver.requests.length;
  const runs = await Promise.all(Array.from({ length: 3 }, () => send(dir)));
  assertEveryDeliveryRecordedOnce(dir, since, runs);
  for (const r of runs) assert.ok(r.ms < 12_000, `a send took ${Math.round(r.ms)} ms`);
});

test('a lock naming a live process that is not its writer (the id reused: another start time) is broken at once', async () => {
  const dir = repo();
  mkdirSync(join(dir, '.notify'));
  // Alive and unrelated to any history, like a process that got a dead writer's id; the lock says the writer started at tick 1.
  await holdLock(join(dir, '.notify', 'history.jsonl.lock'), { start: '1' });
  const since = receiver.requests.length;
  const runs = await Promise.all(Array.from({ length: 3 }, () => send(dir)));
  assertEveryDeliveryRecordedOnce(dir, since, runs);
  for (const r of runs) assert.ok(r.ms < 12_000, `a send took ${Math.round(r.ms)} ms`);
});

const UNFORMATTED = `notifier "A" {\n    on    package.added;\n    webhook { url = "https://example.com/h"; }\n}\n`;

/** Runs `notify ARGS` paused (pauseBeforeReplace.cjs) once it has written its temporary file; `during` runs then, and the command resumes. */
async function pausedBeforeReplace(args: string[], dir: string, during: () => void): Promise<CliRun> {
  const paused = join(dir, '.paused');
  const resume = join(dir, '.resume');
  const run = runCli(args, dir, { NODE_OPTIONS: `--require ${PAUSE}`, NOTIFY_TEST_PAUSED: paused, NOTIFY_TEST_RESUME: resume }, 30_000);
  let ended = false;
  void run.then(() => (ended = true));
  while (!existsSync(paused) && !ended) await new Promise((r) => setTimeout(r, 10));
  if (ended) assert.fail(`the command ended before replacing the file: ${(await run).stderr}`);
  during();
  writeFileSync(resume, '');
  return run;
}

for (const [command, args] of [['fmt', ['fmt', 'a.notify']], ['convert --write', ['convert', '--write', 'a.notify']]] as const) {
  test(`${command} while the file is saved by someone else: their text stays, and the command says it left the file`, async () => {
    // convert rewrites a legacy Slack notifier; fmt, extra spaces. Both used to rename their result over the newer text.
    const original = command === 'fmt' ? UNFORMATTED : LEGACY_SLACK;
    const dir = scratch({ 'a.notify': original });
    dirs.push(dir);
    const saved = original.replace(/notifier "\w+"/, 'notifier "Saved meanwhile"');
    const r = await pausedBeforeReplace([...args], dir, () => writeFileSync(join(dir, 'a.notify'), saved));
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), saved, 'the edit saved meanwhile is kept');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /a\.notify: changed while it was being (formatted|converted); left as it is/);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
  });
}

test('fmt that finds the file already holding its result (another fmt got there first) counts it as formatted', async () => {
  const dir = scratch({ 'a.notify': UNFORMATTED });
  dirs.push(dir);
  const formatted = format(UNFORMATTED).text;
  const r = await pausedBeforeReplace(['fmt', 'a.notify'], dir, () => writeFileSync(join(dir, 'a.notify'), formatted));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), formatted);
});

test('four fmt and two test --update of one file at once: the file is formatted, the snapshot whole, nothing left over', async () => {
  const dir = scratch({ 'a.notify': UNFORMATTED });
  dirs.push(dir);
  const runs = await Promise.all([
    ...Array.from({ length: 4 }, () => runCli(['fmt', 'a.notify'], dir, {}, 30_000)),
    ...Array.from({ length: 2 }, () => runCli(['test', '--update', 'a.notify'], dir, {}, 30_000)),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), format(UNFORMATTED).text);
  const check = await runCli(['test', 'a.notify'], dir, {}, 30_000);
  assert.equal(check.code, 0, `the snapshot written by one --update passes: ${check.stdout}${check.stderr}`);
  assert.deepEqual(readdirSync(dir).sort(), ['a.notify', 'a.notify.snap']);
});
