import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERIC_CREDENTIALS, findCredential, isEmailAddress, slug } from '../../../grammar/check/literals';
import { CHANNEL_MODULES, serviceOfUrl } from '../../../grammar/channels/registry';
import type { CredentialPattern } from '../../../grammar/channels/channel';

test('service of a URL', () => {
  const service = (url: string) => {
    const s = serviceOfUrl(url);
    return s?.retired ? `${s.kind}-retired` : s?.kind;
  };
  assert.equal(service('https://hooks.slack.com/services/T000/B000/XXXX'), 'slack');
  assert.equal(service('https://discord.com/api/webhooks/123/abc'), 'discord');
  assert.equal(service('https://discordapp.com/api/webhooks/123/abc'), 'discord');
  assert.equal(service('https://contoso.webhook.office.com/webhookb2/abc'), 'teams-retired');
  assert.equal(service('https://outlook.office.com/webhook/abc'), 'teams-retired');
  assert.equal(service('https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke'), 'teams');
  assert.equal(service('https://soar.example.com/hooks/proget'), undefined);
  assert.equal(service('not a url'), undefined);
});

test('credentials in text', () => {
  assert.match(findCredential('https://hooks.slack.com/services/T0AAA/B0BBB/abcdefXYZ')!.what, /Slack webhook/);
  assert.match(findCredential('token xoxb-1234567890-abcdef')!.what, /Slack token/);
  assert.match(findCredential('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')!.what, /Standard Webhooks/);
  assert.match(findCredential('Bearer eyJhbGciOiJIUzI1NiJ9.abc')!.what, /bearer/);
  assert.match(findCredential('https://discord.com/api/webhooks/1234/AbCdEfGhIjKlMnOp')!.what, /Discord/);
  const m = findCredential('see https://hooks.slack.com/services/T0/B0/xyz!')!;
  assert.equal(m.index, 4);
  assert.equal(findCredential('https://soar.example.com/hooks/proget'), undefined);
  assert.equal(findCredential('Bearer $Token'), undefined);
});

test('credentials are found as by trying each pattern in turn, matches or not (the combined pre-scan changes nothing)', () => {
  const patterns: CredentialPattern[] = [...CHANNEL_MODULES.flatMap((m): readonly CredentialPattern[] => m.credentials ?? []), ...GENERIC_CREDENTIALS];
  const reference = (text: string) => {
    for (const { what, pattern } of patterns) {
      const m = pattern.exec(text);
      if (m) return { what, index: m.index, length: m[0].length };
    }
    return undefined;
  };
  const pieces = [
    'https://hooks.slack.com/services/T0AAA/B0BBB/abcdefXYZ', 'HTTPS://HOOKS.SLACK.COM/services/T0/B0/x', 'xoxb-1234567890-abcdef', 'xoxb-short',
    'https://chat.example.com/hooks/abcdefghijklmnopqrstuvwxyz', 'https://chat.example.com/hooks/abcdefghijklmnopqrstuvwxyzA', 'https://chat.example.com/hooks/abcdefghijklmnopqrstuvwxyz0',
    'tk_abcdefghijklmnopqrstuvwxyz012', 'TK_abcdefghijklmnopqrstuvwxyz012', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'bearer abcdefgh12', 'BEARER $Token',
    'ghp_abcdefghijklmnopqrstuvwxyz', 'https://discord.com/api/webhooks/1234/AbCdEfGhIjKlMnOp', 'https://contoso.WEBHOOK.office.com/webhookb2/abcdefghijkl',
    'https://x.example/run?sig=abcdefghijklmnop', 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=abcdefghijklmnop',
    'https://soar.example.com/hooks/proget', '\u0000: \u0000', 'secops@example.com', '', ' ', '"quoted"', 'line\nbreak',
  ];
  const texts = [...pieces, ...pieces.flatMap((a, i) => pieces.slice(i + 1, i + 4).map((b) => `${a} ${b}`)), ...pieces.map((p) => `prefix ${p}!`)];
  for (const text of texts) assert.deepEqual(findCredential(text), reference(text), text);
});

test('email addresses', () => {
  for (const ok of ['ops@example.com', 'Ops Team <ops@example.com>', 'a.b+tag@sub.example.org']) assert.ok(isEmailAddress(ok), ok);
  for (const bad of ['ops', 'ops@', '@example.com', 'ops@example', 'a b@example.com', 'ops@@example.com', 'ops@example..com', 'a@b.com; c@d.com'])
    assert.ok(!isEmailAddress(bad), bad);
});

test('slug makes a secret name from a notifier name', () => {
  assert.equal(slug('Critical vulnerabilities'), 'critical-vulnerabilities');
  assert.equal(slug('  Build #42 — issues!  '), 'build-42-issues');
});

test('the credential prefilter (one union of every pattern) never hides a match of one of them', async () => {
  const { CHANNEL_MODULES } = await import('../../../grammar/channels/registry');
  const patterns = CHANNEL_MODULES.flatMap((m) => m.credentials ?? []).map((c) => c.pattern);
  for (const p of patterns) {
    // The union is compiled with `i` alone: any other flag, or a backreference whose number the union would shift, breaks it.
    assert.match(p.flags, /^i?$/, `${p}: flags the union does not carry`);
    assert.doesNotMatch(p.source, /\\[1-9]|\(\?<[^=!]/, `${p}: a backreference or named group`);
  }
  // Text built from every pattern's shape, cut and re-joined: whatever one pattern finds, findCredential finds too.
  const samples = [
    'https://hooks.slack.com/services/T0AAA/B0BBB/abcdefXYZ',
    'xoxp-1234567890-abc',
    'https://discord.com/api/webhooks/1234/AbCdEfGhIjKlMnOp',
    'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=abcdefghijkl',
    'https://x.example.com/a/hooks/abcdefghijklmnopqrstuvwxyz',
    'tk_abcdefghijklmnopqrstuvwxyz012',
    'https://contoso.webhook.office.com/webhookb2/0123456789abcdef',
    'https://prod.logic.azure.com/workflows/x?sig=ABCDEFGHIJKL',
    'whsec_MfKQ9r8GKYqrTwjUPD8I',
    'BEARER abcdefghijk',
    'ghp_abcdefghijklmnopqrstuvwxyz',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 3000; i++) {
    const a = samples[next() % samples.length]!;
    const b = samples[next() % samples.length]!;
    const text = a.slice(0, next() % (a.length + 1)) + ' 🔑 ' + b.slice(next() % (b.length + 1));
    const expected = [...patterns, /whsec_[A-Za-z0-9+/=]{8,}/, /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/i, /\bgh[pousr]_[A-Za-z0-9]{20,}/].some((p) => p.test(text));
    assert.equal(findCredential(text) !== undefined, expected, text);
  }
});

test('NTF205 on a literal URL agrees with the URL parser on generated URLs (the fast path for plain ones changes no verdict)', async () => {
  const { codes } = await import('./helpers');
  const pieces = ['http', 'https', 'HTTPS', 'ftp', '://', ':', '//', 'example.com', 'a', '..', '-', '_', '~', ':443', ':99999', ':x', '/', '/p', '?q=1', '#f', ' ', '%zz', '%41', '@', 'ü', '[::1]', '\t'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 400; i++) {
    let url = i % 2 === 0 ? ['http', 'https'][next() % 2] + '://' : '';
    for (let n = next() % 5; n >= 0; n--) url += pieces[next() % pieces.length];
    if (url.includes('"') || url.includes('`') || url.includes('$') || url.includes('<%')) continue;
    let problem: boolean;
    try {
      const u = new URL(url);
      problem = !(u.protocol === 'http:' || u.protocol === 'https:') || !u.hostname || url !== url.trim();
    } catch {
      problem = true;
    }
    const found = codes(`notifier "n" {\n    on package.added;\n    webhook { url = "${url}"; }\n}\n`).includes('NTF205');
    assert.equal(found, problem, JSON.stringify(url));
  }
});
