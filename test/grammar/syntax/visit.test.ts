import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../grammar/syntax/parser';
import { forEachChild, nodePathAt, walk } from '../../../grammar/syntax/visit';
import * as index from '../../../grammar/syntax/index';
import type * as A from '../../../grammar/syntax/ast';

const text = readFileSync(join(import.meta.dirname, 'fixtures', 'spec-example.notify'), 'utf8');
const { file } = parse(text);

function kinds(path: A.Node[]): string[] {
  return path.map((n) => n.kind);
}

test('walk visits nodes in pre-order, including expressions inside strings', () => {
  const seen: string[] = [];
  walk(file, (n) => {
    if (n.kind === 'Variable') seen.push(n.name);
  });
  assert.deepEqual(seen.slice(0, 3), ['VulnerabilityScore', 'FeedName', 'VulnerabilityId']);
  assert.ok(seen.includes('p'), 'loop variable of the foreach in the swim string');
  assert.ok(seen.includes('AffectedPackages'));
  let prevStart = -1;
  walk(file, {
    enter(n) {
      if (n.kind === 'Comment') return false;
      assert.ok(n.span.start >= prevStart || n.kind === 'File', `${n.kind} out of order`);
      prevStart = n.span.start;
    },
  });
});

test('walk: returning false skips the children; leave runs after them', () => {
  const order: string[] = [];
  walk(file, {
    enter(n) {
      order.push('>' + n.kind);
      return n.kind !== 'Notifier';
    },
    leave(n) {
      order.push('<' + n.kind);
    },
  });
  assert.ok(!order.includes('>On'));
  assert.equal(order.at(-1), '<File');
});

test('forEachChild lists the direct children', () => {
  const kids: string[] = [];
  forEachChild(file.items[1]!, (c) => kids.push(c.kind));
  assert.deepEqual(kids, ['String', 'On', 'When', 'Channel', 'Channel', 'Channel']);
});

test('nodePathAt: outermost to innermost, end-inclusive', () => {
  const inVar = text.indexOf('$VulnerabilityScore >=') + 3;
  assert.deepEqual(kinds(nodePathAt(file, inVar)), ['File', 'Notifier', 'When', 'Binary', 'Binary', 'Variable']);
  const afterVar = text.indexOf('$VulnerabilityScore >=') + '$VulnerabilityScore'.length;
  assert.deepEqual(kinds(nodePathAt(file, afterVar)).at(-1), 'Variable');
  const inSwim = text.indexOf('%p.Name') + 4;
  assert.deepEqual(kinds(nodePathAt(file, inSwim)), [
    'File', 'Notifier', 'Channel', 'Property', 'String', 'Foreach', 'Interpolation', 'Member', 'Identifier',
  ]);
  assert.deepEqual(kinds(nodePathAt(file, text.indexOf('# extra') + 2)), ['File', 'Comment']);
  assert.deepEqual(kinds(nodePathAt(file, text.indexOf('sample') - 1)), ['File']);
});

test('nodePathAt on broken text finds the half-typed variable', () => {
  const src = 'notifier "n" {\n    on package.added;\n    when $Pack\n}\n';
  const r = parse(src);
  const path = nodePathAt(r.file, src.indexOf('$Pack') + 5);
  assert.equal(path.at(-1)!.kind, 'Variable');
  assert.equal((path.at(-1) as A.VariableRef).name, 'Pack');
  const dot = 'notifier "n" {\n    on package.added;\n    slack { text = "$(%p.)"; }\n}\n';
  const path2 = nodePathAt(parse(dot).file, dot.indexOf('%p.') + 3);
  assert.ok(path2.some((n) => n.kind === 'Member'));
});

test('index re-exports the public API', () => {
  for (const name of ['parse', 'parseTemplate', 'tokenize', 'forEachChild', 'walk', 'nodePathAt', 'LineMap', 'CHANNEL_KINDS']) {
    assert.ok(name in index, name);
  }
});
