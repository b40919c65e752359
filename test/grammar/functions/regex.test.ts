import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex, regexReplaceAll, RegexError } from '../../../grammar/functions/regex';

/** CPU time of this process (ms): a bound on work, not on how loaded the machine is. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const budget = () => ({ remaining: 50_000_000 });

/**
 * Groups that did not take part compare equal to empty ones: JavaScript
 * rejects an empty iteration of a quantified group (`(x?)?` on "" leaves
 * group 1 undefined) where this engine records "". Both read as "" in a
 * replacement and neither changes whether or where a match is.
 */
function jsExec(pattern: string, input: string): string {
  const m = new RegExp(pattern).exec(input);
  return m ? JSON.stringify([m.index, [...m].map((g) => g ?? '')]) : 'null';
}

function ourExec(pattern: string, input: string): string {
  const m = compileRegex(pattern).exec(input, 0, budget());
  return m ? JSON.stringify([m.index, m.groups.map((g) => g ?? '')]) : 'null';
}

/** A tiny seeded generator, so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

function randomPattern(r: () => number, depth = 0): string {
  const atoms = ['a', 'b', 'c', '.', '[ab]', '[^a]', '\\w', '\\d', 'x', '^', '$', '\\b'];
  let out = '';
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    let atom: string;
    const k = r();
    if (k < 0.2 && depth < 3) atom = `(${randomPattern(r, depth + 1)}${r() < 0.5 ? '|' + randomPattern(r, depth + 1) : ''})`;
    else if (k < 0.25 && depth < 3) atom = `(?:${randomPattern(r, depth + 1)})`;
    else atom = atoms[Math.floor(r() * atoms.length)]!;
    const canRepeat = !['^', '$', '\\b'].includes(atom);
    const q = r();
    if (canRepeat && q < 0.5) atom += ['*', '+', '?', '{1,2}', '*?', '+?', '??', '{2}'][Math.floor(r() * 8)]!;
    out += atom;
  }
  return out;
}

test('agrees with RegExp on match position and groups (random patterns, seeded)', () => {
  const r = rng(20260428);
  const inputs = ['', 'a', 'ab', 'abc', 'aabbcc', 'xabcabx', 'ba ab 12', 'cab1 x', 'aaaa', 'b1a2c3'];
  let checked = 0;
  for (let i = 0; i < 600; i++) {
    const pattern = randomPattern(r);
    for (const input of inputs) {
      assert.equal(ourExec(pattern, input), jsExec(pattern, input), `/${pattern}/ on ${JSON.stringify(input)}`);
      checked++;
    }
  }
  assert.equal(checked, 6000);
});

test('agrees with String.replace for global replacements', () => {
  const cases: [string, string, string][] = [
    ['a-b-c', '-', '+'],
    ['abc', '', '-'],
    ['abc', 'x*', '[$&]'],
    ['john smith', '(\\w+) (\\w+)', '$2 $1'],
    ['aaa', 'a*?', '<$&>'],
    ['x1y22z333', '\\d+', '#'],
    ['hello', 'l', "$`|$'"],
    ['ab', '(a)|(b)', '[$1$2]'],
    ['a.b', '\\.', '$$'],
    ['abc', 'b', '$9'],
  ];
  for (const [input, pattern, replacement] of cases) {
    assert.equal(regexReplaceAll(input, pattern, replacement, budget()), input.replace(new RegExp(pattern, 'g'), replacement), `${pattern} → ${replacement}`);
  }
});

test('syntax outside the linear subset is refused with a clear message', () => {
  const refused: [string, RegExp][] = [
    ['(a)\\1', /backreferences are not supported/],
    ['\\k<x>', /backreferences are not supported/],
    ['a(?=b)', /lookahead and lookbehind are not supported/],
    ['(?<!a)b', /lookahead and lookbehind are not supported/],
    ['(a', /unterminated group/],
    ['a)', /unmatched "\)"/],
    ['[z-a]', /range out of order/],
    ['*a', /nothing to repeat/],
    ['a{3,1}', /numbers out of order/],
    ['a{5000}', /repetition counts above 1000/],
    ['\\p{L}', /\\p escapes are not supported/],
    ['(a{1000}){1000}', /too large once its repetitions are expanded/],
  ];
  for (const [pattern, message] of refused) {
    assert.throws(() => compileRegex(pattern), (e: Error) => e instanceof RegexError && message.test(e.message), pattern);
  }
});

test('catastrophic patterns run in linear time', () => {
  const input = 'a'.repeat(100_000) + '!';
  for (const pattern of ['(a+)+$', '^(a|a)*$', '(a*)*b', '^(a|aa)+$', '^(\\w+\\s?)+$']) {
    const started = cpuMs();
    assert.equal(compileRegex(pattern).exec(input, 0, budget()), undefined, pattern);
    assert.ok(cpuMs() - started < 5_000, `${pattern} took too long`);
  }
});

test('the step budget stops a match with an error, and is shared across a replace-all', () => {
  const b = { remaining: 1_000 };
  assert.throws(() => compileRegex('(a+)+$').exec('a'.repeat(10_000), 0, b), /needs too many steps/);
  assert.throws(() => regexReplaceAll('ab'.repeat(5_000), 'b', 'c', { remaining: 5_000 }), /needs too many steps/);
});
