import { isUtf8 } from 'node:buffer';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type Gunzip } from 'node:zlib';
import { Untrusted } from './redact';

/**
 * The one way a reply body's bytes become the text errors, attempt records,
 * the CLI, the editor and the history show (docs/delivery.md "What a reply
 * body shows"). Every caller gets an `Untrusted`: the redactor still stands
 * between this text and any output.
 *
 * - A body with `Content-Encoding: gzip`, `x-gzip`, `deflate` or `br` is
 *   decompressed, and the reply cap applies to the decompressed bytes: at
 *   most `cap` bytes come out, however small the compressed body (a
 *   decompression bomb costs one cap's worth of work). Notify asks for no
 *   encoding, but a proxy or a framework may compress an error page anyway,
 *   and the bytes of a compressed body quoted as UTF-8 are noise.
 * - Any other encoding (or several layered, or a body that does not
 *   decompress) is described, never shown: `‹N bytes, ENC-encoded, not shown›`.
 * - Bytes that are not text — a NUL byte, or not valid UTF-8 (a character
 *   cut by the cap at the end aside) — are described: `‹N bytes, not text,
 *   not shown›`. Dumped, they were U+FFFD soup in an error line; and a text
 *   re-encoded as UTF-16 or another charset is a spelling of a secret the
 *   redactor is not built to find, so it is not shown at all.
 */
export function replyBody(raw: readonly Buffer[], bytes: Buffer, truncated: boolean, cap: number): Untrusted | Promise<Untrusted> {
  const encoding = contentEncoding(raw);
  if (encoding === null || bytes.length === 0) return textOrDescription(bytes, truncated, null);
  // An own property only: `Content-Encoding: constructor` (or `__proto__`, `toString`) is the receiver's
  // text, and an inherited member of a plain object taken for a decoder threw inside undici's handler.
  const decoder = Object.hasOwn(DECODERS, encoding.toLowerCase()) ? DECODERS[encoding.toLowerCase()] : undefined;
  // The encoding's name is the receiver's text: it goes through the redactor like the rest.
  if (!decoder) return Untrusted.text`‹${bytes.length} bytes, ${Untrusted.of(encoding.slice(0, 40))}-encoded, not shown›`;
  const name = encoding.toLowerCase();
  return decompress(decoder(bytes), bytes, cap).then((out) =>
    out === null ? Untrusted.of(`‹${bytes.length} bytes, ${name}-encoded, could not be decompressed, not shown›`) : textOrDescription(out.bytes, truncated || out.cut, name),
  );
}

/** `bytes` as UTF-8 text (a byte-order mark dropped), or a description when they are not text. */
function textOrDescription(bytes: Buffer, truncated: boolean, encoding: string | null): Untrusted {
  if (bytes.length === 0) return Untrusted.of('', { truncated });
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // A cut reply ends where its last whole character does: a character cut in two would decode to U+FFFD
  // and hide the start of a secret behind it.
  const end = truncated ? wholeCharacters(bytes) : bytes.length;
  const text = bytes.subarray(bom, end);
  if (text.indexOf(0) >= 0 || !isUtf8(text)) {
    const what = encoding === null ? `${bytes.length} bytes` : `${bytes.length} bytes (${encoding}-decoded)`;
    return Untrusted.of(`‹${what}${truncated ? ' or more' : ''}, not text, not shown›`);
  }
  return Untrusted.of(text.toString('utf8'), { truncated });
}

/** How many of `buf`'s bytes end with a whole UTF-8 character (all of them, unless the last character is cut). */
export function wholeCharacters(buf: Buffer): number {
  let lead = buf.length - 1;
  while (lead >= 0 && buf.length - lead < 4 && (buf[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return buf.length;
  const b = buf[lead]!;
  const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return buf.length - lead < size ? lead : buf.length;
}

/**
 * The reply's content coding: null for none (or `identity`); otherwise the
 * codings as written, joined — one the DECODERS know, or text to describe.
 */
function contentEncoding(raw: readonly Buffer[]): string | null {
  const codings: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 16 || name.toString('latin1').toLowerCase() !== 'content-encoding') continue;
    for (const c of raw[i + 1]!.toString('latin1').split(',')) {
      const t = c.trim();
      if (t !== '' && t.toLowerCase() !== 'identity') codings.push(t);
    }
  }
  return codings.length === 0 ? null : codings.join(', ');
}

type Decompressor = Gunzip | ReturnType<typeof createBrotliDecompress>;

// A cut body (the cap on compressed bytes, a stalled reply) ends without the stream's trailer: the flush
// modes below give out what came before it instead of an error.
const DECODERS: Record<string, (bytes: Buffer) => Decompressor> = {
  gzip: () => createGunzip({ finishFlush: constants.Z_SYNC_FLUSH }),
  'x-gzip': () => createGunzip({ finishFlush: constants.Z_SYNC_FLUSH }),
  // HTTP's deflate is zlib-wrapped (RFC 9110), but some servers send raw deflate: the zlib header tells them apart.
  deflate: (b) => (b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0 ? createInflate({ finishFlush: constants.Z_SYNC_FLUSH }) : createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH })),
  br: () => createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH }),
};

/** At most `cap` decompressed bytes (`cut` when there were more); null when the bytes are not of that coding. */
function decompress(stream: Decompressor, bytes: Buffer, cap: number): Promise<{ bytes: Buffer; cut: boolean } | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const end = (r: { bytes: Buffer; cut: boolean } | null) => {
      if (done) return;
      done = true;
      stream.destroy();
      resolve(r);
    };
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      if (size + chunk.length > cap) {
        // The cap reached: the rest is never inflated (a bomb stops here).
        chunks.push(chunk.subarray(0, cap - size));
        size = cap;
        return end({ bytes: Buffer.concat(chunks, size), cut: true });
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', () => end({ bytes: Buffer.concat(chunks, size), cut: false }));
    stream.on('error', () => end(null));
    stream.end(bytes);
  });
}
