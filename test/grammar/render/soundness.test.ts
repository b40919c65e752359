/**
 * "`check` passes" means "`render` succeeds" (docs/LANGUAGE.md section 4):
 * for every example and test file, every notifier that checks clean is
 * rendered for each of its events with generated values of each catalog
 * variable's declared type (empty, huge, Unicode, line breaks). A render may
 * fail only with one of the render-time errors the contract lists, and
 * then at a position in the file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyze, type ImportHost } from '../../../grammar/analyze';
import type { Catalog, EventDef, Json, VariableDef } from '../../../grammar/catalog/catalog';
import { literalText, render } from '../../../grammar/render/render';
import type { Type } from '../../../grammar/types/type';
import { RENDER_TIME_ERRORS } from '../../../grammar/render/renderTimeErrors';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

function notifyFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : notifyFiles(p);
      return n.endsWith('.notify') ? [p] : [];
    });
}

const diskHost = (file: string): ImportHost => ({
  readImport(path) {
    const full = resolve(dirname(file), path);
    try {
      return { text: readFileSync(full, 'utf8'), resolvedPath: full };
    } catch {
      return { error: `file not found: ${path}` };
    }
  },
});

const awkward = fc.constantFrom('', ' ', 'line one\r\nline two', 'cr\ronly', 'lf\nonly', '\u2028', '<b>&amp;</b> @everyone', '"quoted" `grave` $dollar', 'émoji 😀 中文', '\u0000nul');
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: awkward },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), 'ü\r\n'.repeat(3000)) },
);

function valueOf(type: Type): fc.Arbitrary<Json> {
  switch (type.kind) {
    case 'string':
    case 'secret':
      return text;
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e308, -1e-308));
    case 'bool':
      return fc.boolean();
    case 'datetime':
      return fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString());
    case 'duration':
      return fc.tuple(fc.nat(100000), fc.constantFrom('ms', 's', 'm', 'h', 'd')).map(([n, u]) => `${n}${u}`);
    case 'list':
      return fc.array(valueOf(type.item), { maxLength: 4 });
    case 'map':
      return fc.dictionary(text, valueOf(type.value), { maxKeys: 4 });
    case 'record':
      return fc.record(Object.fromEntries([...type.fields.values()].map((f) => [f.name, valueOf(f.type)])));
    case 'any':
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

/** Generated examples for every variable of `event` but the ones every render fixes. */
function eventValues(event: EventDef): fc.Arbitrary<EventDef> {
  const vars = [...event.variables.values()].filter((v) => !['eventname', 'notifiername'].includes(v.name.toLowerCase()));
  return fc.tuple(...vars.map((v) => valueOf(v.type))).map((values) => {
    const variables = new Map(event.variables);
    vars.forEach((v, i) => variables.set(v.name.toLowerCase(), { ...v, example: values[i]! } satisfies VariableDef));
    return { ...event, variables };
  });
}

interface Case {
  readonly file: string;
  readonly text: string;
  readonly notifier: string;
  readonly event: string;
}

function cases(): { list: Case[]; analyses: Map<string, ReturnType<typeof analyze>> } {
  const files = [...notifyFiles(join(ROOT, 'examples')), ...notifyFiles(join(ROOT, 'test'))].filter((f) => statSync(f).size < 8000);
  const list: Case[] = [];
  const analyses = new Map<string, ReturnType<typeof analyze>>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const a = analyze(text, diskHost(file));
    analyses.set(file, a);
    for (const item of a.file.items) {
      if (item.kind !== 'Notifier') continue;
      const name = literalText(item.name);
      if (name === undefined) continue;
      const clean = !a.diagnostics.some((d) => d.severity === 'error' && ((d.span.start >= item.span.start && d.span.start <= item.span.end) || d.code === 'NTF401' || d.code === 'NTF303'));
      if (!clean) continue;
      const on = item.clauses.find((c) => c.kind === 'On');
      for (const e of on && on.kind === 'On' ? on.events : []) if (a.catalog.events.has(e.name)) list.push({ file, text, notifier: name, event: e.name });
    }
  }
  return { list, analyses };
}

test('every notifier that checks clean renders with any values of the declared types', () => {
  const { list, analyses } = cases();
  assert.ok(list.length >= 20, `only ${list.length} clean notifier/event pairs`);
  for (const c of list) {
    const a = analyses.get(c.file)!;
    const event = a.catalog.events.get(c.event)!;
    fc.assert(
      fc.property(eventValues(event), (generated) => {
        const catalog: Catalog = { events: new Map([...a.catalog.events, [c.event, generated]]) };
        const result = render(a.file, catalog, { notifier: c.notifier, event: c.event });
        for (const e of result.errors) {
          const where = `${relative(ROOT, c.file)} notifier "${c.notifier}" event ${c.event}: ${e.message}`;
          assert.ok(e.span, `render error without a position: ${where}`);
          assert.ok(RENDER_TIME_ERRORS.some((r) => r.pattern.test(e.message)), `render error that check should have prevented: ${where}`);
        }
      }),
      { seed: 15, numRuns: 25 },
    );
  }
});
