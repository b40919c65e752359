/**
 * Reply bodies that are not plain UTF-8 text (docs/delivery.md "What a reply
 * body shows"): compressed, a decompression bomb, an unknown coding, binary
 * bytes, UTF-16. A real receiver on 127.0.0.1 answers with raw bytes; the
 * result, the attempt records, the `notify send` process's output and the
 * history file all show the same text, secrets masked.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { httpDelivery } from '../../support/deliveries';
import { runCli, scratch } from '../cli/runCli';

const SECRET = 'Tk9xQ7vLm2ZpR8sWq';
const MASK = '‹secret:s›';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

let server: Server;
let next: Reply = { status: 204, headers: {}, body: Buffer.alloc(0) };
let url = '';

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, { ...next.headers, 'Content-Length': String(next.body.length) });
      res.end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function send(reply: Reply, channel: 'webhook' | 'slack' = 'webhook') {
  next = reply;
  const r = await dispatch(httpDelivery(url, { channel, request: { headers: { Authorization: '‹secret:s›' } }, transport: { retries: 0 } }), {
    secrets: envSecretSource({ NOTIFY_SECRET_S: SECRET }),
    env: {},
    allowPrivate: true,
    allowEnv: false,
    version: 'test',
    recordAttempts: true,
  });
  const shown = JSON.stringify(r);
  assert.ok(!shown.includes(SECRET.slice(0, 8)), `no secret in ${shown}`);
  assert.ok(!shown.includes('\ufffd'), `no U+FFFD soup in ${shown}`);
  return r;
}

const page = `<h1>401</h1> bad token ${SECRET} for this hook`;

describe('compressed reply bodies are decompressed, then masked', () => {
  for (const [encoding, compress, how] of [
    ['gzip', gzipSync, 'gzip'],
    ['x-gzip', gzipSync, 'gzip'],
    ['deflate', deflateSync, 'zlib-wrapped'],
    ['deflate', deflateRawSync, 'raw deflate'],
    ['br', brotliCompressSync, 'brotli'],
    ['GZIP', gzipSync, 'gzip'],
  ] as const) {
    it(`Content-Encoding: ${encoding} (${how})`, async () => {
      const r = await send({ status: 401, headers: { 'Content-Encoding': encoding, 'Content-Type': 'text/html' }, body: compress(Buffer.from(page)) });
      assert.equal(r.ok, false);
      assert.equal(r.reply, `<h1>401</h1> bad token ${MASK} for this hook`);
      assert.match(r.error!, /bad token ‹secret:s› for this hook/);
      assert.equal(r.attemptRecords![0]!.response!.body, r.reply);
    });
  }

  it('a Slack "ok" that came gzip-compressed is delivered', async () => {
    const r = await send({ status: 200, headers: { 'Content-Encoding': 'gzip' }, body: gzipSync('ok') });
    assert.equal(r.ok, true, r.error ?? '');
  });

  it('a decompression bomb inflates no further than the 64 KiB cap', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 'a'));
    assert.ok(bomb.length < 64 * 1024, 'the whole bomb is read');
    const before = process.memoryUsage().rss;
    const r = await send({ status: 500, headers: { 'Content-Encoding': 'gzip' }, body: bomb });
    assert.equal(r.reply!.length, 1001, 'cut like any long reply (1,000 characters and …)');
    assert.equal(r.attemptRecords![0]!.response!.body!.length, 16 * 1024 + 1);
    assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'never inflated whole');
  });

  it('a bomb of zeros is described as not text, never dumped', async () => {
    const r = await send({ status: 500, headers: { 'Content-Encoding': 'br' }, body: brotliCompressSync(Buffer.alloc(5 * 1024 * 1024)) });
    assert.equal(r.reply, '‹65536 bytes (br-decoded) or more, not text, not shown›');
  });
});

describe('bodies that cannot be shown as text are described', () => {
  it('an unknown coding', async () => {
    const r = await send({ status: 400, headers: { 'Content-Encoding': 'zstd' }, body: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]) });
    assert.equal(r.reply, '‹7 bytes, zstd-encoded, not shown›');
    assert.match(r.error!, /‹7 bytes, zstd-encoded, not shown›/);
  });

  it('layered codings, and a coding named after the secret (masked)', async () => {
    assert.equal((await send({ status: 400, headers: { 'Content-Encoding': 'gzip, br' }, body: Buffer.from('xx') })).reply, '‹2 bytes, gzip, br-encoded, not shown›');
    assert.equal((await send({ status: 400, headers: { 'Content-Encoding': SECRET }, body: Buffer.from('xx') })).reply, `‹2 bytes, ${MASK}-encoded, not shown›`);
  });

  it('a body that claims gzip and is not', async () => {
    const r = await send({ status: 400, headers: { 'Content-Encoding': 'gzip' }, body: Buffer.from(page) });
    assert.equal(r.reply, `‹${page.length} bytes, gzip-encoded, could not be decompressed, not shown›`);
  });

  it('binary bytes (an image), UTF-16 and Latin-1', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    assert.equal((await send({ status: 500, headers: { 'Content-Type': 'image/png' }, body: png })).reply, '‹20 bytes, not text, not shown›');
    const utf16 = Buffer.from(page, 'utf16le');
    assert.equal((await send({ status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-16le' }, body: utf16 })).reply, `‹${utf16.length} bytes, not text, not shown›`);
    const latin1 = Buffer.from('Schlüssel ungültig', 'latin1');
    assert.equal((await send({ status: 500, headers: {}, body: latin1 })).reply, `‹${latin1.length} bytes, not text, not shown›`);
  });

  it('text stays text: UTF-8 with a byte-order mark, and control characters other than NUL', async () => {
    const r = await send({ status: 500, headers: {}, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Fehler: ungültig \u001b[31m')]) });
    assert.equal(r.reply, 'Fehler: ungültig \u001b[31m');
  });
});

describe('notify send: a gzip reply through the real process', () => {
  let dir = '';
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('stdout, stderr and the history quote the decompressed text, masked; a binary reply is described', async () => {
    dir = scratch({
      'n.notify': `notifier "Hook" {
    on package.added;
    webhook {
        url = "${url}";
        headers = %("X-Api-Key": $Secret("hook-key"));
        retries = 0;
        body = $ToJson(%(id: $PackageId));
    }
}
`,
    });
    next = { status: 401, headers: { 'Content-Encoding': 'gzip' }, body: gzipSync(page) };
    const r = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_KEY: SECRET } });
    assert.equal(r.code, 1, r.stderr);
    const history = readFileSync(join(dir, '.notify/history.jsonl'), 'utf8');
    for (const text of [r.stdout, r.stderr, history]) {
      assert.ok(!text.includes(SECRET.slice(0, 8)), text);
      assert.ok(!/\ufffd|\\ufffd|\\u001f/.test(text), `no binary noise: ${text}`);
    }
    assert.match(r.stdout, /bad token ‹secret:hook-key› for this hook/);
    assert.match(history, /bad token ‹secret:hook-key› for this hook/);

    next = { status: 500, headers: {}, body: Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0xff, 0x03]) };
    const b = await runCli(['send', 'n.notify', '--allow-private'], { cwd: dir, env: { NOTIFY_SECRET_HOOK_KEY: SECRET } });
    assert.equal(b.code, 1, b.stderr);
    assert.match(b.stdout, /‹10 bytes, not text, not shown›/);
    assert.match(readFileSync(join(dir, '.notify/history.jsonl'), 'utf8'), /‹10 bytes, not text, not shown›/);
  });
});
