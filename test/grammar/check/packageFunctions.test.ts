import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectClean, expectOne, notifier, SLACK_URL } from './helpers';

/** ProGet's `$PackageHash(…)` and `$PackageProperty(…)` read event data: checked like the variables they read (LANGUAGE.md 5, NTF349). */
const slack = (text: string, on: string) => notifier(`    slack { ${SLACK_URL} text = >>${text}>>; }`, on);

test('on package events they check clean; a constant format or algorithm not listed is NTF112', () => {
  expectClean(slack('$PackageHash() $PackageHash("base64", "SHA256") $PackageProperty("_sourceTarget", "none") $PackageGroup $FeedId', 'package.added, package.promoted'));
  expectOne(slack('$PackageHash("hex", "MD5")', 'package.added'), 'NTF112', 'error', '"MD5"');
  expectOne(slack('$PackageHash("pem")', 'package.added'), 'NTF112', 'error', '"pem"');
});

test('NTF349 where no event of the notifier carries the data; NTF103 where only some do, silenced by a guard', () => {
  const none = expectOne(slack('$PackageProperty("_sourceTarget")', 'vulnerability.detected'), 'NTF349', 'error', 'PackageProperty');
  assert.match(none.message, /reads `PackageProperties` of the event, which `vulnerability\.detected` does not carry/);
  expectOne(slack('$PackageHash()', 'build.issues_opened'), 'NTF349', 'error', 'PackageHash');
  const some = expectOne(slack('$PackageHash("base64")', 'package.added, vulnerability.detected'), 'NTF103', 'warning', 'PackageHash');
  assert.match(some.message, /`package\.added` carry but `vulnerability\.detected` not/);
  expectClean(slack('<% if $IsVariableDefined("PackageHashes") { %>$PackageHash("base64")<% } %>.', 'package.added, vulnerability.detected'));
});
