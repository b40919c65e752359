import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance } from '../../../grammar/check/suggest';
import { editDistanceAtMost } from '../../../grammar/editDistance';

/** The textbook table (optimal string alignment), kept here as the oracle the one implementation is held to. */
function fullTable(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

test('edit distance counts a swap of neighbours as one edit', () => {
  assert.equal(editDistance('nmae', 'name'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abc', 'abc'), 0);
});

test('did-you-mean finds the closest name, ignoring case, keeping its spelling', () => {
  assert.equal(didYouMean('packgeid', ['PackageVersion', 'PackageId', 'FeedName']), 'PackageId');
  assert.equal(didYouMean('vulnerability.detcted', ['package.added', 'vulnerability.detected']), 'vulnerability.detected');
});

test('did-you-mean stays quiet when nothing is close, and for short names allows one edit only', () => {
  assert.equal(didYouMean('Completely', ['PackageId', 'FeedName']), undefined);
  assert.equal(didYouMean('ab', ['xy', 'abc']), 'abc');
  assert.equal(didYouMean('ab', ['xy']), undefined);
  // an exact (case-insensitive) match is not a suggestion
  assert.equal(didYouMean('packageid', ['PackageId']), undefined);
});

test('the edit distance, bounded or not, agrees with the full table on every question "within the limit?"', () => {
  let seed = 5;
  const rand = (k: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % k;
  const word = () => Array.from({ length: rand(9) }, () => 'abcd.'[rand(5)]).join('');
  for (let r = 0; r < 20_000; r++) {
    const a = word();
    const b = rand(2) ? word() : a.split('').map((c) => (rand(4) ? c : 'abcd.'[rand(5)])).join('');
    const limit = rand(4);
    const full = fullTable(a, b);
    assert.equal(editDistance(a, b), full, `${a} ${b}`);
    assert.equal(editDistanceAtMost(a, b, limit), full <= limit ? full : limit + 1, `${a} ${b} ${limit}`);
  }
});
