/**
 * The spellings docs/security.md ("What the redactor masks") lists, one by
 * one and as a property over random secrets and surrounding text; header
 * names; and replies cut inside a character, through a real receiver.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { dispatch } from '../../../client/dispatch/dispatcher';
import { wholeCharacters } from '../../../client/dispatch/http';
import { partialRun, Redactor, Untrusted, UntrustedHeaders } from '../../../client/dispatch/redact';
import { envSecretSource } from '../../../client/dispatch/secrets';
import { HttpReceiver } from '../../support/httpReceiver';
import { httpDelivery, recordingSleep } from '../../support/deliveries';

const MASK = '‹secret:s›';

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const rot13 = (s: string) => s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) & 31) + 12) % 26 + (c.charCodeAt(0) & 96) + 1));
const split = (s: string, sep: string) => [...s].join(sep);

/** [name, text] for every spelling of `secret` the redactor masks (docs/security.md). */
function spellings(secret: string): [string, string][] {
  return [
    ['raw', secret],
    ['upper case', secret.toUpperCase()],
    ['lower case', secret.toLowerCase()],
    ['hex', hex(secret)],
    ['HEX', hex(secret).toUpperCase()],
    ['hex with spaces', hex(secret).replace(/(..)(?!$)/g, '$1 ')],
    ['split by spaces', split(secret, ' ')],
    ['split by tabs', split(secret, '\t')],
    ['split by line breaks', split(secret, '\r\n')],
    ['split by U+200B', split(secret, '\u200b')],
    ['split by U+200C', split(secret, '\u200c')],
    ['split by U+200D', split(secret, '\u200d')],
    ['split by U+2060', split(secret, '\u2060')],
    ['split by U+FEFF', split(secret, '\ufeff')],
    ['split by NUL', split(secret, '\0')],
    ['UTF-16LE read as UTF-8', Buffer.from(secret, 'utf16le').toString('utf8')],
    ['UTF-16BE read as UTF-8', Buffer.from(secret, 'utf16le').swap16().toString('utf8')],
    ['\\xNN', [...Buffer.from(secret)].map((b) => '\\x' + b.toString(16).padStart(2, '0')).join('')],
    ['\\xNN upper', [...Buffer.from(secret)].map((b) => '\\x' + b.toString(16).padStart(2, '0').toUpperCase()).join('')],
    ['quoted-printable =NN', [...Buffer.from(secret)].map((b) => '=' + b.toString(16).padStart(2, '0').toUpperCase()).join('')],
    ['quoted-printable, soft line break', secret.slice(0, 5) + '=\r\n' + secret.slice(5)],
    ['fullwidth', fullwidth(secret)],
    ['fullwidth upper', fullwidth(secret.toUpperCase())],
    ['reversed', [...secret].reverse().join('')],
    ['MIME-wrapped base64', b64(secret).replace(/(.{8})/g, '$1\r\n')],
    ['rot13', rot13(secret)],
    ['double base64', b64(b64(secret))],
    ['upper case, split and zero-width', split(secret.toUpperCase(), ' \u200b')],
  ];
}

function redactor(secret: string): Redactor {
  const r = new Redactor();
  r.add(secret, MASK);
  return r;
}

/** The text as the redactor's skeleton sees it: what a reader could still piece the secret together from. */
const squeezed = (s: string) =>
  s
    .replace(/[\s\0\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase();

/** The runs of 4 characters of `secret` (in any case) that `shown` still holds. */
function survivingRuns(shown: string, secret: string): string[] {
  const plain = squeezed(shown.split(MASK).join('|'));
  const s = squeezed(secret);
  const out: string[] = [];
  for (let i = 0; i + 4 <= s.length; i++) if (plain.includes(s.slice(i, i + 4))) out.push(s.slice(i, i + 4));
  return out;
}

for (const secret of ['Tk9xQ7€vLm2ZpR8sW', 'lowercasesecrettoken42', 'Zx9+Yw8/Vu7=Ts6R']) {
  test(`every listed spelling of ${JSON.stringify(secret)} is masked in a body, a header value and a header name`, () => {
    const r = redactor(secret);
    const leaks: string[] = [];
    for (const [how, text] of spellings(secret)) {
      const body = r.reveal(Untrusted.of(`{"error": "bad key ${text} (given)"}`));
      if (!body.includes(MASK) || survivingRuns(body, secret).length) leaks.push(`${how} in a body: ${JSON.stringify(body)}`);
      const headerSafe = text.replace(/[^\x21-\x7e]/g, '');
      if (headerSafe !== text) continue;
      const headers = r.revealHeaders(new UntrustedHeaders([`X-${text}`, '1', 'Location', `/moved?t=${text}`, 'X-Echo', text].map((t) => Buffer.from(t))));
      const shown = JSON.stringify(headers);
      if (survivingRuns(shown, secret).length || shown.includes(text)) leaks.push(`${how} in headers: ${shown}`);
    }
    assert.deepEqual(leaks, []);
  });
}

test('a reply header named after the secret, in any case, is shown with its name masked', () => {
  const r = redactor('LowerCaseSecretToken42');
  const h = new UntrustedHeaders(['X-lowercasesecrettoken42', '1', 'X-LOWERCASESECRETTOKEN42-b', '2', 'Content-Type', 'text/plain'].map((t) => Buffer.from(t)));
  assert.deepEqual({ ...r.revealHeaders(h) }, { [`x-${MASK}`]: '1', [`x-${MASK}-b`]: '2', 'content-type': 'text/plain' });
});

test('a run of half a secret (at least 8 characters) is masked; everyday words near a secret are not', () => {
  const secret = 'Tk9xQ7vLm2ZpR8sW';
  const r = redactor(secret);
  assert.equal(partialRun(secret.length), 8);
  assert.equal(r.redact(`token ${secret.slice(0, 8)} and more`), `token ${MASK} and more`);
  assert.equal(r.redact(`token ${secret.slice(8).toUpperCase()}!`), `token ${MASK}!`);
  assert.equal(r.redact(`token ${secret.slice(3, 11)}.`), `token ${MASK}.`);
  // Seven characters of a 16-character secret: not masked (a run that short is everyday text for other secrets).
  assert.equal(r.redact(`id ${secret.slice(0, 7)}`), `id ${secret.slice(0, 7)}`);
  const word = redactor('password');
  assert.equal(word.redact('pass word, passwords'), `${MASK}, ${MASK}s`);
  assert.equal(word.redact('pass, word, 2024'), 'pass, word, 2024');
  // A short value is still masked only as a whole word, in no other spelling.
  const short = redactor('ab');
  assert.equal(short.redact('a b AB ab about'), `a b AB ${MASK} about`);
  // A URL's runs are everyday text: only its distinctive fragments count.
  const url = redactor('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/XoXoSecretToken1234567890');
  assert.equal(url.redact('see https://hooks.slack.com/services/ for help'), 'see https://hooks.slack.com/services/ for help');
  assert.equal(url.redact('token XOXOSECRETTOKEN12 was bad'), `token ${MASK} was bad`);
});

test('a cut text that ends in U+FFFD (a character cut in two) still has the start of the secret masked', () => {
  const r = redactor('Tk9xQ7€vLm2ZpR8sW');
  assert.equal(r.reveal(Untrusted.of('reply: Tk9xQ7\ufffd', { truncated: true })), `reply: ${MASK}`);
  assert.equal(r.reveal(Untrusted.of('reply: TK9XQ7\ufffd\ufffd', { truncated: true })), `reply: ${MASK}`);
  assert.equal(r.reveal(Untrusted.of('reply: Tk9xQ7\ufffd…')), `reply: ${MASK}…`);
});

test('wholeCharacters: a buffer cut inside a UTF-8 character ends before it', () => {
  const b = Buffer.from('ab€😀', 'utf8');
  const ends = [...Array(b.length + 1).keys()].map((n) => wholeCharacters(b.subarray(0, n)));
  assert.deepEqual(ends, [0, 1, 2, 2, 2, 5, 5, 5, 5, 9]);
  assert.equal(wholeCharacters(Buffer.from([0x80, 0x80, 0x80, 0x80])), 4);
});

test('property: every listed spelling of a random secret, inside random text, is masked and no 4-character run of it survives', () => {
  const secretChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.~!€ü'.split(''));
  const aroundChars = fc.constantFrom(...' \n\t.,;:!?()[]<>"\'#@|*'.split(''));
  fc.assert(
    fc.property(
      fc.array(secretChars, { minLength: 8, maxLength: 40 }).map((a) => a.join('')),
      fc.array(aroundChars, { maxLength: 30 }).map((a) => a.join('')),
      fc.array(aroundChars, { maxLength: 30 }).map((a) => a.join('')),
      fc.nat(),
      (secret, before, after, pick) => {
        fc.pre(new Set(squeezed(secret)).size >= 3);
        const r = redactor(secret);
        const all = spellings(secret);
        const [how, text] = all[pick % all.length]!;
        const shown = r.reveal(Untrusted.of(`${before}${text}${after}`));
        assert.ok(shown.includes(MASK), `${how}: ${JSON.stringify(shown)}`);
        assert.deepEqual(survivingRuns(shown, secret), [], `${how}: ${JSON.stringify(shown)}`);
        if (squeezed(text) !== squeezed(secret)) {
          // An encoded spelling leaves none of its own runs of 8 either.
          const t = squeezed(text);
          for (let i = 0; i + 8 <= t.length; i++) assert.ok(!squeezed(shown).includes(t.slice(i, i + 8)), `${how}: ${JSON.stringify(shown)}`);
        }
      },
    ),
    { numRuns: 400, seed: 20260301 },
  );
});

let receiver: HttpReceiver;
before(async () => (receiver = await HttpReceiver.start()));
after(() => receiver.close());

test('a reply cut by the cap inside a character: the start of the secret before it is masked, no U+FFFD is shown', async () => {
  const secret = 'Tk9xQ7€vLm2ZpR8sW';
  const prefix = 'error, token ';
  // The cap falls on the second byte of €: `Tk9xQ7` and one byte of it are all that is read.
  receiver.reply({ status: 400, body: `${prefix}${secret} and much more text after it`.padEnd(2000, '.') });
  const { sleep } = recordingSleep();
  const r = await dispatch(httpDelivery(receiver.url(), { request: { body: '{"token":"‹secret:s›"}' }, transport: { retries: 0 } }), {
    secrets: envSecretSource({ NOTIFY_SECRET_S: secret }),
    env: {},
    allowPrivate: true,
    allowEnv: true,
    version: '1.2.3',
    sleep,
    maxReplyBytes: Buffer.byteLength(prefix + 'Tk9xQ7') + 2,
  });
  assert.equal(receiver.requests.at(-1)?.body, `{"token":"${secret}"}`, 'control: the receiver got the secret');
  assert.equal(r.reply, `${prefix}${MASK}`);
  assert.ok(!JSON.stringify(r).includes('Tk9x') && !JSON.stringify(r).includes('\ufffd'), JSON.stringify(r));
});
