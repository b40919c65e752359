/**
 * Depth and line endings never decide the result (issue 17): nesting is a
 * language limit (NTF005) whatever the host's stack, parsing is linear in
 * the input however much is left unclosed, bidirectional control
 * characters are warned about (NTF006), and a lone CR is a line break.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse, MAX_NESTING } from '../../../grammar/syntax/parser';
import { LineMap } from '../../../grammar/syntax/lineMap';
import { hostile } from './hostileInputs';

const codes = (text: string) => parse(text).diagnostics.map((d) => d.code);

test(`nesting up to ${MAX_NESTING} levels is fine; one more is NTF005 at the opener beyond the limit`, () => {
  assert.equal(MAX_NESTING, 64, 'LANGUAGE.md section 3 says 64');
  const ok = `notifier "a" { on package.added; when ${'('.repeat(64)}true${')'.repeat(64)}; }`;
  assert.deepEqual(codes(ok), []);
  const deep = `notifier "a" { on package.added; when ${'('.repeat(65)}true${')'.repeat(65)}; }`;
  const d = parse(deep).diagnostics;
  assert.deepEqual(d.map((x) => x.code), ['NTF005']);
  const at = deep.indexOf('(') + 64;
  assert.deepEqual(d[0]!.span, { start: at, end: at + 1 });
  assert.equal(d[0]!.severity, 'error');
  // Every kind of level counts: calls, lists, maps, indexes, `!`.
  assert.deepEqual(codes(hostile.closedCalls(65)), ['NTF005']);
  assert.deepEqual(codes(hostile.closedCalls(64)), []);
  assert.deepEqual(codes(hostile.bangs(65)), ['NTF005']);
  assert.deepEqual(codes(hostile.bangs(64)), []);
  assert.deepEqual(codes(`notifier "a" { on package.added; webhook { url = "https://x.com"; body = ${'@('.repeat(70)}1${')'.repeat(70)}; } }`), ['NTF005']);
  assert.deepEqual(codes(`notifier "a" { on package.added; webhook { url = "https://x.com"; body = ${'%(k: '.repeat(70)}1${')'.repeat(70)}; } }`), ['NTF005']);
  // Template tags count: an if/foreach body, an else-if branch.
  assert.deepEqual(codes(hostile.nestedIfTags(64)), []);
  assert.deepEqual(codes(hostile.nestedIfTags(65)), ['NTF005']);
  assert.deepEqual(codes(hostile.elseIfChain(63)), []);
  assert.deepEqual(codes(hostile.elseIfChain(64)), ['NTF005']);
  // Strings inside expressions inside strings count too.
  assert.deepEqual(codes(hostile.nestedSwimStrings(10)), []);
  assert.ok(codes(hostile.nestedSwimStrings(70)).includes('NTF005'));
  // The skipped part leaves the rest of the file readable.
  const after = `${hostile.closedCalls(100)}\nnotifier "b" { on package.added; webhook { url = "https://x.com"; } }`;
  const r = parse(after);
  assert.deepEqual(r.diagnostics.map((x) => x.code), ['NTF005']);
  assert.equal(r.file.items.length, 2);
});

test('unclosed deep nesting gives a few diagnostics, not one per level', () => {
  for (const make of [hostile.unclosedParens, hostile.unclosedMapsInString, hostile.unclosedCallsInString, hostile.unclosedLists]) {
    const c = codes(make(1000));
    assert.ok(c.includes('NTF005'), c.join());
    assert.ok(c.length <= 4, c.join());
  }
});

/**
 * The CPU time of one parse of `text`, in ms. CPU time, not the wall clock: on a loaded machine a 40 ms
 * parse was preempted in each of 18 runs and measured 144 ms (a 42× "ratio" for a linear parser).
 */
function parseMs(text: string): number {
  const before = process.cpuUsage();
  parse(text);
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

test('parsing is linear in the input whatever is unclosed: 8× the input takes well under 64× the time', () => {
  // Quadratic recovery (each unclosed level rescanning the rest, as before) made 8× the input 64× the
  // time; linear is 8× — but up to 40× was seen for the long && / || chains, whose small input may run
  // with no garbage collection at all (or better-optimized code) while the large one always collects.
  // So a ratio over 24 is judged again on the upper doubling alone (4,000 → 8,000 units), where both
  // sizes collect alike: linear is about 2× there, quadratic 4×. Best of interleaved runs, so that load
  // blurs both sizes alike.
  const ratioOf = (small: string, big: string, runs: number) => {
    let a = Infinity;
    let b = Infinity;
    for (let i = 0; i < runs; i++) {
      a = Math.min(a, parseMs(small));
      b = Math.min(b, parseMs(big));
    }
    return { ratio: b / Math.max(a, 0.1), a, b };
  };
  for (const [name, make] of Object.entries(hostile)) {
    const small = make(1000);
    const big = make(8000);
    const r = ratioOf(small, big, 9);
    if (r.ratio < 24) continue;
    const doubling = ratioOf(make(4000), big, 5);
    assert.ok(
      doubling.ratio < 3.2,
      `${name}: ${small.length} → ${big.length} chars took ${r.ratio.toFixed(1)}× the time (${r.a.toFixed(1)} → ${r.b.toFixed(1)} ms), ` +
        `and twice the input ${doubling.ratio.toFixed(1)}× (${doubling.a.toFixed(1)} → ${doubling.b.toFixed(1)} ms)`,
    );
  }
});

test('the diagnostics do not depend on the stack size of the process', () => {
  const probe = join(import.meta.dirname, 'stackProbe.ts');
  const run = (stackKb: number) => {
    const r = spawnSync(process.execPath, [`--stack-size=${stackKb}`, '--import', 'tsx', probe], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `--stack-size=${stackKb}: ${r.stderr.slice(0, 2000)}`);
    return JSON.parse(r.stdout) as Record<string, string[]>;
  };
  const small = run(300);
  const large = run(4000);
  assert.deepEqual(small, large);
  // And the probe saw the limit: every over-deep input is NTF005, no input crashed the parser.
  for (const [name, diags] of Object.entries(small)) {
    assert.ok(!diags.some((d) => /internal/i.test(d)), `${name}: ${diags.join('; ')}`);
    // Operator chains are long, not deep: no NTF005 for them, only the same answer at every stack size.
    if (/\((200|1000)\)/.test(name) && !/Chain\(/.test(name)) assert.ok(diags.some((d) => d.startsWith('NTF005')), `${name}: ${diags.join('; ')}`);
  }
});

test('bidirectional control characters in names, strings and comments are NTF006 warnings, one per character', () => {
  const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
  for (const c of controls) {
    const text = `# note ${c}\nnotifier "n${c}" { on package.added; webhook { url = "https://x.com"; body = >>\nsay ${c}hi\n>>; } }\n`;
    const d = parse(text).diagnostics.filter((x) => x.code === 'NTF006');
    assert.equal(d.length, 3, JSON.stringify(c));
    for (const x of d) {
      assert.equal(x.severity, 'warning');
      assert.equal(text.slice(x.span.start, x.span.end), c);
      assert.equal(x.fixes?.[0]?.edits[0]?.newText, '');
    }
  }
  assert.deepEqual(codes('notifier "שלום" { on package.added; } # right-to-left text without overrides\n'), []);
});

test('a lone CR is a line break: comments end there, lines are counted there', () => {
  const text = '# comment\rnotifier "a" { on package.added; }\r';
  const r = parse(text);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.file.comments[0]!.text, '# comment');
  assert.equal(r.file.items.length, 1);
  const lines = new LineMap('a\rb\r\nc\nd');
  assert.equal(lines.lineCount, 4);
  assert.deepEqual(lines.position(2), { line: 1, character: 0 });
  assert.deepEqual(lines.position(5), { line: 2, character: 0 });
  assert.equal(lines.offset({ line: 3, character: 0 }), 7);
});
