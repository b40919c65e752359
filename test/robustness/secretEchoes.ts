/**
 * Secrets that are hard to mask, and every spelling a receiver may echo them
 * in (issue 17): JSON (`\/`, `\uXXXX` in either case, everything escaped),
 * HTML entities (named, decimal, hex), percent-encoding (upper, lower, `+`
 * for space, a URL parser's path), base64 (plain, URL-safe, a Basic header,
 * SMTP AUTH PLAIN), Latin-1 mojibake, and — for a URL secret — its path
 * segments and query values on their own. Shared by hostile.test.ts and
 * bench/robustness.ts.
 */

export interface HostileSecret {
  readonly label: string;
  readonly value: string;
  /** A user name for the Basic / AUTH PLAIN forms. */
  readonly user?: string;
}

export const HOSTILE_SECRETS: readonly HostileSecret[] = [
  { label: 'slash-plus-equals', value: 'a/b+c=d/e+f==g' },
  { label: 'hash-and-amp', value: 'p#ss&w0rd=1?x' },
  { label: 'html-chars', value: `<tok>"quo'ted"&amp;</tok>` },
  { label: 'non-ascii', value: 'grüße-токен-秘密-🔑' },
  { label: 'spaces', value: 'two words  and\ttab' },
  { label: 'basic-password', value: 'pässwörd+/=#<&>', user: 'mailer' },
  { label: 'slack-url', value: 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/XoXoSecretToken1234567890' },
  { label: 'discord-url', value: 'https://discord.com/api/webhooks/123456789012345678/AbC-dEf_GhI+jKl/mNoPqRsTuVwXyZ0123456789' },
  { label: 'teams-sig', value: 'https://prod-12.westus.logic.azure.com:443/workflows/abc123def4567890/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zx9+Yw8/Vu7=Ts6Rq5Po4Nm3' },
];

const hex2 = (n: number, lower: boolean) => (lower ? n.toString(16) : n.toString(16).toUpperCase()).padStart(2, '0');
const hex4 = (n: number, lower: boolean) => (lower ? n.toString(16) : n.toString(16).toUpperCase()).padStart(4, '0');

function percent(value: string, lower: boolean, plus: boolean): string {
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (plus && c === ' ') out += '+';
    else out += '%' + hex2(b, lower);
  }
  return out;
}

function jsonAscii(value: string, lower: boolean, all: boolean): string {
  let out = '';
  for (const ch of value) {
    for (let i = 0; i < ch.length; i++) {
      const code = ch.charCodeAt(i);
      if (!all && code >= 0x20 && code < 0x7f && ch !== '"' && ch !== '\\' && ch !== '/') out += ch;
      else if (!all && ch === '/') out += '\\/';
      else out += '\\u' + hex4(code, lower);
    }
  }
  return out;
}

function entities(value: string, kind: 'named' | 'decimal' | 'hex'): string {
  const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '/': '&#x2F;', '=': '&#x3D;' };
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (kind === 'named') out += named[ch] ?? ch;
    else if (kind === 'decimal') out += `&#${cp};`;
    else out += `&#x${cp.toString(16)};`;
  }
  return out;
}

/** Echoes that are the value's encoding alone (a cut of one is a cut of the secret). */
export const WHOLE_VALUE = (how: string) => !/^(Basic header|SMTP AUTH PLAIN|request line|Location header|base64 inside text)/.test(how);

/** [how, text] for every echo of `value` a receiver may produce. */
export function echoForms(value: string, user?: string): [string, string][] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const forms: [string, string][] = [
    ['raw', value],
    ['JSON', JSON.stringify(value).slice(1, -1)],
    ['JSON \\/ (PHP)', JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/')],
    ['JSON \\u lower (Python)', jsonAscii(value, true, false)],
    ['JSON \\u upper', jsonAscii(value, false, false)],
    ['JSON every char \\u', jsonAscii(value, false, true)],
    ['HTML named', entities(value, 'named')],
    ['HTML decimal', entities(value, 'decimal')],
    ['HTML hex', entities(value, 'hex')],
    ['percent upper', percent(value, false, false)],
    ['percent lower', percent(value, true, false)],
    ['form (+ for space)', percent(value, false, true)],
    ['encodeURIComponent', encodeURIComponent(value)],
    ['HTML of JSON', entities(JSON.stringify(value).slice(1, -1), 'named')],
    ['JSON of percent', JSON.stringify(percent(value, true, false)).slice(1, -1)],
    ['base64', b64(value)],
    ['base64url', Buffer.from(value, 'utf8').toString('base64url')],
    ['base64 inside text', b64(`prefix:${value}:suffix`)],
    ['latin-1 mojibake', Buffer.from(value, 'utf8').toString('latin1')],
  ];
  if (user !== undefined) {
    // (These three and the URL echoes below hold more than the value: a cut may fall before it starts.)
    forms.push(['Basic header', `Basic ${b64(`${user}:${value}`)}`], ['SMTP AUTH PLAIN', `AUTH PLAIN ${b64(`\0${user}\0${value}`)}`], ['SMTP AUTH LOGIN', b64(value)]);
  }
  if (/^https?:\/\//.test(value)) {
    const url = new URL(value);
    forms.push(['request line (path as sent)', `Cannot POST ${url.pathname}${url.search}`], ['Location header', `${url.origin}${url.pathname}?again=1`]);
    for (const seg of url.pathname.split('/').filter((s) => s.length >= 16 || /[^a-z-]/.test(s))) if (seg.length >= 6) forms.push([`path segment ${seg.slice(0, 4)}…`, seg]);
    for (const [k, v] of url.searchParams) if (v.length >= 6) forms.push([`query value ${k}`, v], [`query value ${k}, percent`, encodeURIComponent(v)]);
  }
  return forms;
}
