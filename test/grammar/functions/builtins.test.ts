import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUNCTIONS, lookupFunction } from '../../../grammar/functions/builtins';
import { EvalError, type CallContext } from '../../../grammar/functions/signature';
import { DateTimeValue, DurationValue, SecretValue, type Value } from '../../../grammar/values/value';
import { T, typeToString, type Type } from '../../../grammar/types/type';

/** CPU time of this process (ms): a bound on work, not on how loaded the machine is. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const ctx: CallContext = {
  timestamp: new DateTimeValue(Date.parse('2026-04-28T07:12:43.057Z')),
  isVariableDefined: (name) => ['packageid', 'feedname'].includes(name.toLowerCase()),
  regexTimeoutMs: 250,
};

function call(name: string, ...args: Value[]): Value {
  const f = lookupFunction(name);
  assert.ok(f, `no function ${name}`);
  return f.call(args, ctx);
}

function fails(name: string, args: Value[], message: RegExp): void {
  assert.throws(
    () => call(name, ...args),
    (e: Error) => e instanceof EvalError && message.test(e.message),
    `${name} should fail with ${message}`,
  );
}

const map = (entries: Record<string, Value>): Value => new Map(Object.entries(entries));
const PACKAGES: Type = T.list(T.record({ Name: T.string, AffectedVersions: T.string }));

function returns(name: string, sigil: '$' | '@' | '%', ...argTypes: Type[]): string {
  return typeToString(lookupFunction(name)!.returns(sigil, argTypes));
}

function problems(name: string, consts: (Value | undefined)[], types: Type[] = []): string[] {
  return (lookupFunction(name)!.checkArgs?.(types, consts) ?? []).map((p) => `${p.index}: ${p.message}`);
}

test('the table has every function of spec section 5 (CountBy: section 2.2), and lookup is case-insensitive', () => {
  const names = FUNCTIONS.map((f) => f.name).sort();
  assert.deepEqual(
    names,
    [
      'Coalesce', 'Compare', 'Contains', 'CountBy', 'Date', 'DateUtc', 'EndsWith', 'Env', 'FromJson', 'HtmlEncode', 'IsVariableDefined', 'JSEncode', 'Join',
      'ListCount', 'ListIndexOf', 'ListItem', 'MapItem', 'MapKeys', 'Matches', 'MatchesRegex', 'PackageHash', 'PackageProperty', 'PadLeft', 'PadRight', 'RegexReplace', 'Replace',
      'Secret', 'SecretMap', 'Split', 'StartsWith', 'Substring', 'ToJson', 'ToLower', 'ToUpper', 'Trim', 'Truncate', 'UrlEncode',
      // from the slack channel module (LANGUAGE.md 6.1)
      'SlackActions', 'SlackContext', 'SlackDivider', 'SlackFields', 'SlackHeader', 'SlackSection',
    ].sort(),
  );
  assert.equal(lookupFunction('tojson')!.name, 'ToJson');
  assert.equal(lookupFunction('MATCHESREGEX')!.name, 'MatchesRegex');
  assert.equal(lookupFunction('NoSuchThing'), undefined);
  const own = FUNCTIONS.filter((f) => f.own).map((f) => f.name).sort();
  assert.deepEqual(own, ['Contains', 'CountBy', 'EndsWith', 'Env', 'Matches', 'Secret', 'SecretMap', 'SlackActions', 'SlackContext', 'SlackDivider', 'SlackFields', 'SlackHeader', 'SlackSection', 'StartsWith', 'Truncate']);
  for (const f of FUNCTIONS) assert.ok(f.doc.length > 10, f.name);
  // only the last parameter may be variadic; optional ones come last
  for (const f of FUNCTIONS) {
    const firstOptional = f.params.findIndex((p) => p.optional);
    if (firstOptional >= 0) assert.ok(f.params.slice(firstOptional).every((p) => p.optional), f.name);
    assert.ok(f.params.slice(0, -1).every((p) => !p.variadic), f.name);
  }
});

test('sigils and result types', () => {
  assert.deepEqual(lookupFunction('FromJson')!.sigils, ['$', '@', '%']);
  assert.equal(returns('FromJson', '@', T.string), 'any');
  assert.deepEqual(lookupFunction('Split')!.sigils, ['@']);
  assert.equal(returns('Split', '@', T.string, T.string), 'list<string>');
  assert.equal(returns('MapKeys', '@', T.map(T.number)), 'list<string>');
  assert.equal(returns('ListItem', '%', PACKAGES, T.number), '{Name: string, AffectedVersions: string}');
  assert.equal(returns('ListItem', '$', T.list(T.string), T.number), 'string');
  assert.equal(returns('ListItem', '$', T.any, T.number), 'any');
  assert.equal(returns('MapItem', '$', T.map(T.number), T.string), 'number');
  assert.equal(returns('MapItem', '$', T.record({ A: T.string, B: T.string }), T.string), 'string');
  assert.equal(returns('MapItem', '$', T.record({ A: T.string, B: T.number }), T.string), 'any');
  assert.equal(returns('Coalesce', '$', T.string, T.string), 'string');
  assert.equal(returns('Coalesce', '$', T.number, T.string), 'any');
  assert.equal(returns('ListCount', '$', T.list(T.string)), 'number');
  assert.equal(returns('ToJson', '$', PACKAGES), 'string');
  assert.equal(returns('MatchesRegex', '$', T.string, T.string), 'bool');
  for (const name of ['Secret', 'Env']) {
    const f = lookupFunction(name)!;
    assert.equal(f.secretLike, true);
    assert.equal(returns(name, '$', T.string), 'secret');
  }
});

test('ToJson', () => {
  assert.equal(call('ToJson', map({ package: 'MyCorp.CoolUtils', score: 7.5, ok: true, tags: ['a', 'b'] })), '{"package":"MyCorp.CoolUtils","score":7.5,"ok":true,"tags":["a","b"]}');
  assert.equal(call('ToJson', map({ a: 1 }), true), '{\n  "a": 1\n}');
  assert.equal(call('ToJson', null), 'null');
  fails('ToJson', [1, 'yes'], /pretty must be true or false/);
});

test('ToJson map keys are quoted as JSON.stringify quotes them, the first time and again', () => {
  const keys = ['plain', 'quote "', 'back\\slash', 'line\nbreak', 'tab\t\u0001', 'emoji 😀', 'lone \ud800', '\u2028', '', 'k'.repeat(65), 'k'.repeat(64)];
  const value = new Map<string, Value>(keys.map((k, i) => [k, i]));
  const expected = `{${keys.map((k, i) => `${JSON.stringify(k)}:${i}`).join(',')}}`;
  for (let round = 0; round < 3; round++) assert.equal(call('ToJson', value), expected);
  // More distinct keys than are kept: still right after the store is emptied.
  const many = new Map<string, Value>(Array.from({ length: 3000 }, (_, i) => [`key "${i}"`, i]));
  for (let round = 0; round < 2; round++) assert.deepEqual(JSON.parse(call('ToJson', many) as string), Object.fromEntries(many));
});

test('FromJson', () => {
  assert.deepEqual(call('FromJson', '[1,"a"]'), [1, 'a']);
  assert.deepEqual([...(call('FromJson', '{"b":1,"a":2}') as Map<string, Value>).keys()], ['b', 'a']);
  fails('FromJson', ['{bad'], /not valid JSON/);
});

test('JSEncode', () => {
  assert.equal(call('JSEncode', 'say "hi"\n\\ \t'), 'say \\"hi\\"\\n\\\\ \\t');
  assert.equal(call('JSEncode', ''), '');
  fails('JSEncode', [['a']], /must be a scalar, not a list/);
});

test('Join: separator first', () => {
  assert.equal(call('Join', ', ', ['web-1', 'web-2', 3, true]), 'web-1, web-2, 3, true');
  assert.equal(call('Join', ', ', []), '');
  fails('Join', [', ', [map({ a: 1 })]], /item 0 must be a scalar, not a map/);
  fails('Join', [['a'], ', '], /list must be a list/);
  assert.deepEqual(problems('Join', [], [T.string, PACKAGES]), ['1: Join needs a list of scalars, but the items are maps; use $ToJson or a foreach tag']);
  assert.deepEqual(problems('Join', [], [T.string, T.list(T.string)]), []);
});

test('Split', () => {
  assert.deepEqual(call('Split', 'a,b,,c', ','), ['a', 'b', '', 'c']);
  assert.deepEqual(call('Split', 'abc', ''), ['a', 'b', 'c']);
  assert.deepEqual(call('Split', '', ','), ['']);
  fails('Split', [new SecretValue('secret', 'x'), ','], /text is a secret/);
});

test('ToUpper, ToLower, Trim', () => {
  assert.equal(call('ToUpper', 'internal-nuget'), 'INTERNAL-NUGET');
  assert.equal(call('ToLower', 'NuGet'), 'nuget');
  assert.equal(call('Trim', '  \t x y \n'), 'x y');
  assert.equal(call('ToUpper', 7.5), '7.5');
  fails('ToUpper', [new SecretValue('secret', 'x')], /secret/);
  fails('Trim', [map({})], /must be a scalar, not a map/);
});

test('Substring', () => {
  assert.equal(call('Substring', 'MyCorp.CoolUtils', 7), 'CoolUtils');
  assert.equal(call('Substring', 'MyCorp.CoolUtils', 0, 6), 'MyCorp');
  assert.equal(call('Substring', 'abc', 1, 99), 'bc');
  assert.equal(call('Substring', 'abc', 5), '');
  fails('Substring', ['abc', -1], /offset must be at least 0, not -1/);
  fails('Substring', ['abc', 1.5], /offset must be a whole number/);
});

test('Replace', () => {
  assert.equal(call('Replace', 'a-b-c', '-', '.'), 'a.b.c');
  assert.equal(call('Replace', 'Aa', 'a', 'x'), 'Ax');
  assert.equal(call('Replace', 'abc', '', 'x'), 'abc');
  assert.deepEqual(problems('Replace', ['x', '', 'y']), ['1: Replace: find must not be empty']);
});

test('RegexReplace', () => {
  assert.equal(call('RegexReplace', '3.2.0-pre.1', '-.*$', ''), '3.2.0');
  assert.equal(call('RegexReplace', 'john.smith', '(\\w+)\\.(\\w+)', '$2, $1'), 'smith, john');
  assert.equal(call('RegexReplace', '2026-04-28', '(?<y>\\d+)-(?<m>\\d+)-(?<d>\\d+)', '$<d>/$<m>/$<y>'), '28/04/2026');
  assert.equal(call('RegexReplace', 'aaa', 'a', '$$'), '$$$');
  assert.equal(call('RegexReplace', 'abc', 'x*', '-'), '-a-b-c-');
  fails('RegexReplace', ['x', '(', 'y'], /unterminated group/);
  assert.deepEqual(problems('RegexReplace', ['x', '[a-', 'y']), ['1: invalid regular expression /[a-/: unterminated character class (at 3)']);
});

test('PadLeft, PadRight', () => {
  assert.equal(call('PadLeft', '42', 5, '0'), '00042');
  assert.equal(call('PadRight', 'ab', 4), 'ab  ');
  assert.equal(call('PadLeft', 'abcdef', 3), 'abcdef');
  fails('PadLeft', ['a', 3, 'xy'], /char must be exactly one character/);
  fails('PadRight', ['a', -2], /length must be at least 0/);
  assert.deepEqual(problems('PadLeft', ['a', 3, '']), ['2: PadLeft: char must be exactly one character, not ""']);
});

test('MatchesRegex: unanchored and case-sensitive', () => {
  assert.equal(call('MatchesRegex', 'internal-nuget', '^internal-'), true);
  assert.equal(call('MatchesRegex', 'my-internal-feed', 'internal'), true);
  assert.equal(call('MatchesRegex', 'Internal-nuget', '^internal-'), false);
  assert.equal(call('MatchesRegex', '3.2.0-pre.1', '^\\d+\\.\\d+\\.\\d+$'), false);
  fails('MatchesRegex', ['x', '(?=x)'], /lookahead and lookbehind are not supported/);
  fails('MatchesRegex', ['aa', '(a)\\1'], /backreferences are not supported/);
  assert.deepEqual(problems('MatchesRegex', ['x', 'a**']), ['1: invalid regular expression /a**/: nothing to repeat (at 2)']);
  assert.deepEqual(problems('MatchesRegex', ['x', '^(a|b)+$']), []);
  assert.deepEqual(problems('MatchesRegex', ['x', undefined]), []);
});

test('MatchesRegex on a ReDoS pattern finishes in bounded time', () => {
  const started = cpuMs();
  // linear engine: the classic catastrophic case simply fails to match
  assert.equal(call('MatchesRegex', 'a'.repeat(30_000) + '!', '(a+)+$'), false);
  assert.equal(call('MatchesRegex', 'a'.repeat(30_000) + '!', '^(a|aa)*$'), false);
  assert.equal(call('MatchesRegex', 'x'.repeat(5_000), '(.*a){20}'), false);
  // too much work for the budget: a clear error, still quickly
  fails('MatchesRegex', ['a'.repeat(2_000_000) + '!', '(a+)+$'], /needs too many steps on this input/);
  assert.ok(cpuMs() - started < 10_000, 'took too long');
});

test('Matches: glob, whole string, case-insensitive', () => {
  assert.equal(call('Matches', 'internal-nuget', 'internal-*'), true);
  assert.equal(call('Matches', 'Internal-NuGet', 'INTERNAL-nuget'), true);
  assert.equal(call('Matches', 'v1.4.0', 'v?.?.?'), true);
  assert.equal(call('Matches', 'v1.4.10', 'v?.?.?'), false);
  assert.equal(call('Matches', 'my-internal-feed', 'internal*'), false);
  assert.equal(call('Matches', 'a.b', 'a.b'), true);
  assert.equal(call('Matches', 'axb', 'a.b'), false, '. is not special');
  assert.equal(call('Matches', '', '*'), true);
  assert.equal(call('Matches', 'a'.repeat(2_000), '*a*a*a*a*a*b'), false);
});

test('StartsWith, EndsWith', () => {
  assert.equal(call('StartsWith', 'internal-nuget', 'internal'), true);
  assert.equal(call('StartsWith', 'internal-nuget', 'Internal'), false);
  assert.equal(call('EndsWith', 'report.pdf', '.pdf'), true);
  assert.equal(call('EndsWith', 'report.pdf', '.PDF'), false);
  fails('EndsWith', [['a'], 'a'], /must be a scalar, not a list/);
});

test('Contains: text or list', () => {
  assert.equal(call('Contains', 'Improper Handling of Exceptional Conditions', 'Handling'), true);
  assert.equal(call('Contains', 'abc', 'B'), false);
  assert.equal(call('Contains', ['All users', 'Exchange Online'], 'Exchange Online'), true);
  assert.equal(call('Contains', ['All users'], 'all users'), false);
  assert.equal(call('Contains', [1, 2], 2), true);
  assert.equal(call('Contains', [1, 2], '2'), false, 'no conversion between kinds');
  assert.equal(call('Contains', [new DurationValue(60_000, '1m')], new DurationValue(60_000, '60s')), true);
  assert.deepEqual(problems('Contains', [], [T.map(T.string), T.string]), ['0: Contains takes a text or a list, not a map; use $MapItem or @MapKeys']);
  assert.deepEqual(problems('Contains', [], [T.string, T.list(T.string)]), ['1: Contains looks for a scalar in a text']);
  assert.deepEqual(problems('Contains', [], [T.list(T.string), T.string]), []);
  fails('Contains', [map({ a: 'x' }), 'x'], /must be a scalar, not a map/);
});

test('Compare', () => {
  assert.equal(call('Compare', 10, '>', 9), true, 'numbers compare as numbers');
  assert.equal(call('Compare', '10', '>', '9'), false, 'strings compare as text');
  assert.equal(call('Compare', 7.5, '>=', 7.5), true);
  assert.equal(call('Compare', 'abc', '=', 'abc'), true);
  assert.equal(call('Compare', 'abc', '!=', 'ABC'), true);
  assert.equal(call('Compare', 7, '=', '7'), true, 'mixed kinds compare as text');
  assert.equal(call('Compare', new DurationValue(90_000, '90s'), '>', new DurationValue(60_000, '1m')), true);
  assert.equal(call('Compare', new DateTimeValue(1000), '<', new DateTimeValue(2000)), true);
  fails('Compare', [1, '==', 1], /the operator must be one of "<" ">" "<=" ">=" "=" "!=", not "=="/);
  assert.deepEqual(problems('Compare', [1, '=>', 2]), ['1: Compare: the operator must be one of "<" ">" "<=" ">=" "=" "!=", not "=>"']);
  assert.deepEqual(problems('Compare', [1, '<=', 2]), []);
});

test('Coalesce: first non-empty', () => {
  assert.equal(call('Coalesce', null, '', 'fallback', 'later'), 'fallback');
  assert.equal(call('Coalesce', 0, 'x'), 0, '0 is not empty');
  assert.equal(call('Coalesce', false, 'x'), false);
  assert.deepEqual(call('Coalesce', [], ['x']), [], 'an empty list is a value');
  assert.equal(call('Coalesce', null, ''), null, 'nothing when all are empty');
  assert.equal(lookupFunction('Coalesce')!.params.at(-1)!.variadic, true);
});

test('HtmlEncode, UrlEncode', () => {
  assert.equal(call('HtmlEncode', `<b>"Tom" & 'Jerry'</b>`), '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
  assert.equal(call('UrlEncode', 'MyCorp.CoolUtils 3.2.0+build/1?x=&'), 'MyCorp.CoolUtils%203.2.0%2Bbuild%2F1%3Fx%3D%26');
  assert.equal(call('HtmlEncode', 42), '42');
  fails('UrlEncode', [[1]], /must be a scalar/);
});

test('ListCount, ListItem, ListIndexOf (0-based)', () => {
  const l = ['web-1', 'web-2', 'web-3'];
  assert.equal(call('ListCount', l), 3);
  assert.equal(call('ListCount', []), 0);
  assert.equal(call('ListItem', l, 0), 'web-1');
  assert.equal(call('ListItem', l, 2), 'web-3');
  assert.equal(call('ListIndexOf', l, 'web-2'), 1);
  assert.equal(call('ListIndexOf', l, 'web-9'), -1);
  fails('ListItem', [l, 3], /index 3 is out of range \(the list has 3 items\)/);
  fails('ListItem', [l, -1], /index must be at least 0/);
  fails('ListCount', ['abc'], /list must be a list, not the string "abc"/);
});

test('MapItem, MapKeys', () => {
  const alert = map({ Message: 'Admin user admin@contoso.onmicrosoft.com does not have MFA registered', Tenant: 'contoso.onmicrosoft.com' });
  assert.equal(call('MapItem', alert, 'Tenant'), 'contoso.onmicrosoft.com');
  assert.equal(call('MapItem', alert, 'tenant'), 'contoso.onmicrosoft.com', 'case-insensitive fallback');
  assert.equal(call('MapItem', alert, 'Nope'), null);
  assert.deepEqual(call('MapKeys', alert), ['Message', 'Tenant']);
  fails('MapKeys', [['a']], /map must be a map, not a list/);
  assert.deepEqual(problems('MapItem', [undefined, 'Nmae'], [T.record({ Name: T.string }), T.string]), ['1: MapItem: the record has no key "Nmae" (it has Name)']);
  assert.deepEqual(problems('MapItem', [undefined, 'name'], [T.record({ Name: T.string }), T.string]), []);
});

test('Date, DateUtc: the event timestamp, in UTC, .NET-style formats', () => {
  assert.equal(call('Date'), '2026-04-28T07:12:43');
  assert.equal(call('DateUtc'), '2026-04-28T07:12:43');
  assert.equal(call('Date', 'yyyy-MM-dd HH:mm:ss.fff'), '2026-04-28 07:12:43.057');
  assert.equal(call('DateUtc', 'dddd, d MMMM yyyy'), 'Tuesday, 28 April 2026');
  assert.equal(call('Date', "ddd dd MMM yy h:mm tt 'at' K"), 'Tue 28 Apr 26 7:12 AM at Z');
  assert.equal(call('Date', 'HH\\h mm\\m'), '07h 12m');
  assert.equal(call('Date', 'ss.FF'), '43.05');
  assert.equal(call('Date', 's'), '2026-04-28T07:12:43');
  assert.equal(call('Date', 'u'), '2026-04-28 07:12:43Z');
  const noFraction: CallContext = { ...ctx, timestamp: new DateTimeValue(Date.parse('2026-04-28T07:12:43Z')) };
  assert.equal(lookupFunction('Date')!.call(['HH:mm:ss.FFF'], noFraction), '07:12:43');
  fails('Date', ["yyyy 'open"], /unterminated quoted text/);
  fails('Date', ['Q'], /not a standard date format/);
  assert.deepEqual(problems('DateUtc', ["'x"]), ["0: DateUtc: unterminated quoted text in the date format \"'x\""]);
});

test('IsVariableDefined', () => {
  assert.equal(call('IsVariableDefined', 'PackageId'), true);
  assert.equal(call('IsVariableDefined', '$packageid'), true);
  assert.equal(call('IsVariableDefined', 'VulnerabilityId'), false);
});

test('Secret, Env: references, never values', () => {
  const s = call('Secret', 'slack-secops');
  assert.ok(s instanceof SecretValue);
  assert.equal(String(s), '‹secret:slack-secops›');
  const e = call('Env', 'NOTIFY_ENV_HOOK_URL');
  assert.ok(e instanceof SecretValue);
  assert.equal((e as SecretValue).source, 'env');
  // Only NOTIFY_ENV_* and names the render allows: a file must not read GITHUB_TOKEN.
  fails('Env', ['GITHUB_TOKEN'], /\$Env\("GITHUB_TOKEN"\) is not allowed: only variables named NOTIFY_ENV_/);
  fails('Env', ['NOTIFY_ENV_'], /not allowed/);
  fails('Secret', [''], /the name must not be empty/);
  assert.deepEqual(problems('Env', ['hook-url']), ['0: Env: "hook-url" is not an environment variable name (letters, digits and _, not starting with a digit)']);
  assert.deepEqual(problems('Secret', ['slack-secops']), []);
});

test('Truncate keeps texts within the length, suffix included, and never cuts a surrogate pair', () => {
  assert.equal(call('Truncate', 'MyCorp.CoolUtils', 9), 'MyCorp.C…');
  assert.equal(call('Truncate', 'MyCorp.CoolUtils', 10, '...'), 'MyCorp....');
  assert.equal(call('Truncate', 'short', 5), 'short');
  assert.equal(call('Truncate', 'short', 4, ''), 'shor');
  assert.equal(call('Truncate', 'abcdef', 2, '...'), '..');
  assert.equal(call('Truncate', 'abcdef', 0), '');
  // "a😀b": the emoji is two code units; cutting after one would leave half of it.
  assert.equal(call('Truncate', 'a\u{1F600}bc', 3, ''), 'a\u{1F600}');
  assert.equal(call('Truncate', 'a\u{1F600}bc', 2, ''), 'a');
  assert.equal(call('Truncate', 12345, 3, ''), '123');
  for (const n of [0, 1, 5, 9]) assert.ok((call('Truncate', 'x'.repeat(20), n) as string).length <= n);
  fails('Truncate', ['abc', -1], /Truncate: length must be at least 0/);
  fails('Truncate', ['abc', 1.5], /Truncate: length must be a whole number/);
  assert.deepEqual(problems('Truncate', [undefined, -2]), ['1: Truncate: length must be a whole number of at least 0, not -2']);
  assert.deepEqual(problems('Truncate', [undefined, 10]), []);
});

test("PackageHash, PackageProperty: ProGet's package functions read the event's data, never compute it", () => {
  const withEvent = (vars: Record<string, Value>): CallContext => ({
    ...ctx,
    variable: (name) => new Map(Object.entries(vars).map(([k, v]) => [k.toLowerCase(), v])).get(name.toLowerCase()),
  });
  const hash = lookupFunction('PackageHash')!;
  const sha1 = 'A9993E364706816ABA3E25717850C26C9CD0D89D'; // SHA-1("abc"), upper case as some systems send it
  const sha256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'; // SHA-256("abc")
  const e = withEvent({ PackageHash: sha1, PackageHashes: new Map([['sha256', sha256]]) });
  assert.equal(hash.call([], e), sha1.toLowerCase());
  assert.equal(hash.call(['base64'], e), 'qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
  assert.equal(hash.call(['BASE64', 'sha-256'], e), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  assert.throws(() => hash.call(['hex', 'SHA512'], e), (err: Error) => err instanceof EvalError && /no SHA512 hash/.test(err.message));
  assert.throws(() => hash.call(['hex'], withEvent({})), /no SHA1 hash/);
  assert.throws(() => hash.call(['hex'], withEvent({ PackageHash: 'not hex' })), /not hex/);
  assert.throws(() => hash.call(['pem'], e), /format must be "hex" or "base64"/);
  assert.deepEqual(hash.checkArgs!([T.string, T.string], ['hex', 'MD5']).map((p) => p.index), [1]);
  assert.deepEqual(hash.checkArgs!([T.string, T.string], ['Base64', 'Sha256']), []);

  const prop = lookupFunction('PackageProperty')!;
  const p = withEvent({ PackageProperties: new Map([['_sourceTarget', 'https://git.example/x']]) });
  assert.equal(prop.call(['_SOURCETARGET'], p), 'https://git.example/x');
  assert.equal(prop.call(['authors', 'unspecified'], p), 'unspecified');
  assert.throws(() => prop.call(['authors'], p), /no property "authors"/);
  assert.throws(() => prop.call(['authors'], ctx), /no property "authors"/);
});
