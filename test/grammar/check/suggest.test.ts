import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance } from '../../../grammar/check/suggest';

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
