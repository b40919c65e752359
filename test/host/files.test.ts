import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { readRegularFile } from '../../host/files';

const dir = mkdtempSync(join(tmpdir(), 'notify-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What a file of these bytes reads as, through the host's one reader. */
function read(bytes: Uint8Array): ReturnType<typeof readRegularFile> {
  const path = join(dir, 'f.notify');
  writeFileSync(path, bytes);
  return readRegularFile(path);
}

/** The decoder the reader used to use, as the oracle: strict UTF-8, a leading byte-order mark dropped. */
const oracle = new TextDecoder('utf-8', { fatal: true });
function expected(bytes: Uint8Array): string | null {
  try {
    return oracle.decode(bytes);
  } catch {
    return null;
  }
}

/** Bytes near UTF-8's edges: lead and continuation bytes, overlongs, surrogates, the last code points, a BOM. */
const edgy = fc.array(
  fc.oneof(
    fc.integer({ min: 0x01, max: 0xff }).map((b) => [b]),
    fc.constantFrom([0xef, 0xbb, 0xbf], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98, 0x80], [0xc3, 0xa9]),
    fc.string({ unit: 'binary' }).map((s) => [...Buffer.from(s.replace(/\0/g, ' '), 'utf8')]),
    // runs of ASCII only: such a file takes the Latin-1 copy, not the UTF-8 decoder
    fc.integer({ min: 0x01, max: 0x7f }).map((b) => [b]),
    fc.string({ unit: 'grapheme-ascii', minLength: 1 }).map((s) => [...Buffer.from(s.replace(/\0/g, ' '), 'latin1')]),
  ),
  { maxLength: 12 },
).map((parts) => Uint8Array.from(parts.flat()));

test('a file reads as strict UTF-8 decodes it: the same text, or refused exactly when it is not UTF-8', () => {
  // all ASCII and one byte more: the same text either side of the ASCII-only copy
  assert.deepEqual(read(Buffer.from('notifier "a" {}', 'latin1')), { text: 'notifier "a" {}' });
  assert.deepEqual(read(Buffer.from('notifier "é" {}', 'utf8')), { text: 'notifier "é" {}' });
  assert.deepEqual(read(Uint8Array.from([0x61, 0x80])), { error: 'not a text file (not valid UTF-8)' });
  fc.assert(
    fc.property(edgy, (bytes) => {
      const want = expected(bytes);
      const got = read(bytes);
      if (want === null) assert.deepEqual(got, { error: 'not a text file (not valid UTF-8)' });
      else assert.deepEqual(got, { text: want });
    }),
    { numRuns: 400 },
  );
});

test('a leading byte-order mark is dropped, one later is kept; a NUL byte is refused with its offset', () => {
  assert.deepEqual(read(Buffer.from('\ufeffnotifier "a" {}\ufeff', 'utf8')), { text: 'notifier "a" {}\ufeff' });
  assert.deepEqual(read(Buffer.from('\ufeff\ufeffx', 'utf8')), { text: '\ufeffx' });
  assert.deepEqual(read(Buffer.from('ab\0c')), { error: 'not a text file (a NUL byte at offset 2)' });
  assert.deepEqual(read(new Uint8Array()), { text: '' });
});

test('noFollow refuses a symbolic link at the path (to a file, to /dev/zero, dangling) and says when nothing is there', () => {
  const target = join(dir, 'target.txt');
  writeFileSync(target, 'secret');
  for (const [name, to] of [['link-file', target], ['link-zero', '/dev/zero'], ['link-dangling', join(dir, 'nowhere')]] as const) {
    const link = join(dir, name);
    symlinkSync(to, link);
    assert.deepEqual(readRegularFile(link, { noFollow: true }), { error: `a symbolic link, not followed (${link})` });
  }
  // without the option a link to a regular file is read as before
  assert.deepEqual(readRegularFile(join(dir, 'link-file')), { text: 'secret' });
  assert.deepEqual(readRegularFile(join(dir, 'absent'), { noFollow: true }), { error: `file not found (${join(dir, 'absent')})`, missing: true });
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  assert.deepEqual(readRegularFile(fifo, { noFollow: true }), { error: `not a regular file (${fifo})` });
});
