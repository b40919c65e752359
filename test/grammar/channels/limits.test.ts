// Every documented limit of every channel (spec section 6.1), from the
// registry itself: a channel module that declares a limit gets these tests
// without writing any. Check time reports what the file proves too long
// (NTF225/NTF226, with a $Truncate fix that makes it fit); render time
// reports what only the values make too long, at the property, naming the
// limit and the size.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../../grammar/analyze';
import { CHANNEL_KINDS, CHANNELS } from '../../../grammar/channels/registry';
import type { PropertyDef, TextLimit } from '../../../grammar/channels/properties';
import { render } from '../../../grammar/render/render';
import { RENDER_TIME_ERRORS } from '../../../grammar/render/renderTimeErrors';
import type { Diagnostic } from '../../../grammar/diagnostics';

const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };

/** What a block of `kind` needs besides the property under test. */
function required(kind: string, skip: string): string {
  return [...CHANNELS[kind as keyof typeof CHANNELS].properties.values()]
    .filter((d) => d.required && d.name !== skip)
    .map((d) => (d.name === 'to' ? 'to = "ops@example.com";' : `${d.name} = $Secret("k");`))
    .join(' ');
}

/** `$FeedType` is in no default title or text, so only the property under test grows with it. */
function file(kind: string, props: string, feedType = 'NuGet'): string {
  return `notifier "N" {\n    on package.added;\n    ${kind} {\n        ${required(kind, '')}\n        ${props}\n    }\n}\n\nsample "s" for package.added {\n    $FeedType = "${feedType}";\n}\n`;
}

/** Text of `n` units of the limit: ASCII, so characters and bytes agree. */
const long = (n: number) => 'x'.repeat(n);

function limitDiagnostics(text: string): Diagnostic[] {
  return analyze(text, noImports).diagnostics.filter((d) => d.code === 'NTF225' || d.code === 'NTF226');
}

function applyFirstFix(text: string, d: Diagnostic): string {
  const fix = d.fixes?.[0];
  assert.ok(fix, `${d.code} has no fix: ${d.message}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function renderErrors(text: string) {
  const analysis = analyze(text, noImports);
  return { analysis, result: render(analysis.file, analysis.catalog, {}) };
}

const limited: [string, PropertyDef & { limit: TextLimit }][] = CHANNEL_KINDS.flatMap((kind) =>
  [...CHANNELS[kind].properties.values()].filter((d): d is PropertyDef & { limit: TextLimit } => d.limit !== undefined).map((d) => [kind, d] as [string, PropertyDef & { limit: TextLimit }]),
);

test('the limits the issue names are declared', () => {
  const names = limited.map(([kind, d]) => `${kind}.${d.name} ${d.limit.max} ${d.limit.unit}`).sort();
  for (const expected of [
    'discord.content 2000 characters',
    'discord.title 256 characters',
    'discord.description 4096 characters',
    'discord.fields 1024 characters',
    'pagerduty.summary 1024 characters',
    'pagerduty.dedup_key 255 characters',
    'ntfy.message 4096 bytes',
    'email.html 104448 bytes',
  ]) {
    assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
  }
  assert.equal(CHANNELS.teams.module.messageLimit?.max, 28 * 1024);
  assert.equal(CHANNELS.googlechat.module.messageLimit?.max, 32_000);
  for (const [, d] of limited) assert.match(d.limit.source, /^https:\/\//);
});

for (const [kind, def] of limited) {
  const { limit } = def;
  const isMap = def.types.some((t) => t.kind === 'map');
  const value = (text: string) => (isMap ? `%(Name: "${text}")` : `"${text}"`);
  const code = limit.warning ? 'NTF226' : 'NTF225';

  describe(`${kind} ${def.name}: at most ${limit.max} ${limit.unit}`, () => {
    test(`check time: a literal over the limit is ${code}; its $Truncate fix makes it fit`, () => {
      const text = file(kind, `${def.name} = ${value(long(limit.max + 1))};`);
      const found = limitDiagnostics(text);
      assert.equal(found.length, 1, JSON.stringify(found.map((d) => d.message)));
      const d = found[0]!;
      assert.match(d.message, new RegExp(`^${limit.service} allows at most ${limit.max.toLocaleString('en-US')} ${limit.unit} in .*${def.name}.*; it has ${(limit.max + 1).toLocaleString('en-US')}`));
      assert.equal(d.severity, limit.warning ? 'warning' : 'error');
      const fixed = applyFirstFix(text, d);
      assert.match(fixed, /\$Truncate\("x+", \d+\)/);
      assert.deepEqual(limitDiagnostics(fixed), []);
      const { analysis, result } = renderErrors(fixed);
      assert.deepEqual(analysis.diagnostics.filter((x) => x.severity === 'error'), []);
      assert.deepEqual(result.errors, []);
    });

    test('check time: a template whose written text alone is over the limit is reported; at the limit it is not', () => {
      const over = file(kind, `${def.name} = ${value(`${long(limit.max + 1)} $FeedType`)};`);
      const d = limitDiagnostics(over)[0];
      assert.ok(d, 'reported');
      assert.match(d.message, /its written text alone has/);
      assert.deepEqual(limitDiagnostics(file(kind, `${def.name} = ${value(`${long(limit.max)}`)};`)), []);
      assert.deepEqual(limitDiagnostics(file(kind, `${def.name} = ${value(`${long(limit.max - 20)} $FeedType`)};`)), []);
    });

    test(limit.warning ? 'render time: only a warning, the message renders' : 'render time: a value over the limit is an error at the property, naming the limit and the size', () => {
      const text = file(kind, `${def.name} = ${value('$FeedType')};`, long(limit.max + 5));
      assert.deepEqual(limitDiagnostics(text), []);
      const { result } = renderErrors(text);
      if (limit.warning) {
        assert.deepEqual(result.errors, []);
        assert.equal(result.deliveries.length, 1);
        const warnings = result.deliveries[0]!.warnings ?? [];
        assert.equal(warnings.length, 1, 'the delivery carries the warning');
        assert.equal(warnings[0]!.message, `${limit.service} allows at most ${limit.max} ${limit.unit} in ${def.name}; this has ${limit.max + 5} (${limit.warning})`);
        assert.ok(text.slice(warnings[0]!.span!.start, warnings[0]!.span!.end).includes('$FeedType'), 'placed at the value');
        const under = renderErrors(file(kind, `${def.name} = ${value('$FeedType')};`, long(limit.max)));
        assert.equal(under.result.deliveries[0]!.warnings, undefined, 'none at the limit');
        return;
      }
      assert.equal(result.deliveries.length, 0);
      const error = result.errors[0]!;
      assert.match(error.message, new RegExp(`^${limit.service} allows at most ${limit.max} ${limit.unit} in .*${def.name}.*; this has ${limit.max + 5}$`));
      assert.ok(error.span, 'placed in the file');
      assert.ok(text.slice(error.span!.start, error.span!.end).includes('$FeedType'));
      assert.ok(RENDER_TIME_ERRORS.some((e) => e.pattern.test(error.message)), 'a listed render-time error');
    });

    if (limit.keyMax !== undefined) {
      test(`a key over ${limit.keyMax} is reported at check time (written) and at render (computed)`, () => {
        const d = limitDiagnostics(file(kind, `${def.name} = %(${long(limit.keyMax! + 1)}: "v");`))[0];
        assert.ok(d && /a key of/.test(d.message), d?.message);
        const { result } = renderErrors(file(kind, `${def.name} = %FromJson("{\`"$FeedType\`": 1}");`, long(limit.keyMax! + 1)));
        assert.match(result.errors[0]?.message ?? '', new RegExp(`allows at most ${limit.keyMax} ${limit.unit} in the name of ${def.name}`));
      });
    }
    if (limit.entriesMax !== undefined) {
      test(`more than ${limit.entriesMax} entries is reported at check time and at render`, () => {
        const entries = Array.from({ length: limit.entriesMax! + 1 }, (_, i) => `k${i}: "v"`).join(', ');
        const d = limitDiagnostics(file(kind, `${def.name} = %(${entries});`))[0];
        assert.ok(d && new RegExp(`at most ${limit.entriesMax} entries`).test(d.message), d?.message);
        const json = JSON.stringify(Object.fromEntries(Array.from({ length: limit.entriesMax! + 1 }, (_, i) => [`k${i}`, 'v'])));
        const { result } = renderErrors(file(kind, `${def.name} = %FromJson('${json}');`));
        assert.match(result.errors[0]?.message ?? '', new RegExp(`allows at most ${limit.entriesMax} fields`));
      });
    }
  });
}

for (const kind of CHANNEL_KINDS) {
  const limit = CHANNELS[kind].module.messageLimit;
  if (!limit) continue;
  const textProperty = [...CHANNELS[kind].properties.values()].find((d) => d.messageText && d.types.some((t) => t.kind === 'string') && !d.limit)!;
  describe(`${kind}: a message of at most ${limit.max} ${limit.unit}`, () => {
    test('check time: written text over the limit is NTF225 on the channel', () => {
      const text = file(kind, `${textProperty.name} = "${long(limit.max + 1)}";`);
      const d = limitDiagnostics(text).find((x) => /in a message/.test(x.message));
      assert.ok(d, JSON.stringify(limitDiagnostics(text).map((x) => x.message)));
      assert.equal(text.slice(d.span.start, d.span.end), kind);
      assert.match(d.message, /the text written in this block alone has/);
    });
    test('render time: a body over the limit is an error on the channel, naming the limit and the size', () => {
      const text = file(kind, `${textProperty.name} = "$FeedType";`, long(limit.max));
      assert.deepEqual(limitDiagnostics(text), []);
      const { result } = renderErrors(text);
      assert.equal(result.deliveries.length, 0);
      assert.match(result.errors[0]!.message, new RegExp(`^${limit.service} allows at most ${limit.max} bytes in a message; this (one )?has \\d+$`));
      assert.ok(RENDER_TIME_ERRORS.some((e) => e.pattern.test(result.errors[0]!.message)));
    });
  });
}

test("discord: 6,000 characters across an embed's texts, at check time and at render", () => {
  const written = file('discord', `title = "${long(200)}"; description = "${long(4000)}"; fields = %(a: "${long(1000)}", b: "${long(1000)}");`);
  const d = limitDiagnostics(written).find((x) => /together/.test(x.message));
  assert.ok(d, 'check time');
  const computed = file('discord', `title = "t"; description = "$FeedType$FeedType"; fields = %(a: $Substring($FeedType, 0, 1000), b: $Substring($FeedType, 0, 1000));`, long(2000));
  assert.deepEqual(limitDiagnostics(computed), []);
  assert.match(renderErrors(computed).result.errors[0]!.message, /^Discord allows at most 6000 characters in an embed's title, description and fields together; this has 6003$/);
});

test('a $Truncate whose length is within the limit is never reported, however long its text', () => {
  assert.deepEqual(limitDiagnostics(file('discord', `title = $Truncate("${long(5000)}", 256);`)), []);
  assert.equal(limitDiagnostics(file('discord', `title = $Truncate("${long(5000)}", 300);`)).length, 1);
});
