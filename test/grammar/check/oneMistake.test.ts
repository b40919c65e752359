import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFix, codes, notifier, run, SLACK_URL } from './helpers';

/** docs/diagnostics.md: one mistake, one diagnostic. */
test('`timeout = 1.5s` is one malformed duration (NTF001), not also a number where a duration belongs', () => {
  assert.deepEqual(codes(notifier(`    slack { ${SLACK_URL} timeout = 1.5s; }`)), ['NTF001']);
});

test('`on Package.Added` is one unknown event with a did-you-mean and a fix', () => {
  const text = notifier(`    slack { ${SLACK_URL} }`, 'Package.Added');
  const all = run(text).diagnostics;
  assert.deepEqual(all.map((d) => d.code), ['NTF101']);
  assert.match(all[0]!.message, /Did you mean `package\.added`\?/);
  assert.deepEqual(codes(applyFix(text, all[0]!)), []);
});

test('a failed import is NTF401 only, not also NTF101 for each `on` naming its events', () => {
  const text = `import "deploy.json";\n${notifier(`    slack { ${SLACK_URL} text = "$Service"; }`, 'deploy.finished')}\n${notifier(`    slack { ${SLACK_URL} }`, 'deploy.finished, package.added').replace('"N"', '"M"')}`;
  assert.deepEqual(codes(text), ['NTF401']);
  // a typo of a known event is a mistake of its own
  assert.deepEqual(codes(`import "deploy.json";\n${notifier(`    slack { ${SLACK_URL} }`, 'package.aded')}`), ['NTF401', 'NTF101']);
  // and so is an event name in another case: reported once, with the lower-case fix
  assert.deepEqual(codes(`import "deploy.json";\n${notifier(`    slack { ${SLACK_URL} }`, 'Deploy.Finished')}`), ['NTF401', 'NTF101']);
});

test('`$(%Split(…))` in text is one list in text (NTF122), whose fix also corrects the sigil', () => {
  const text = notifier(`    slack { ${SLACK_URL} text = "$(%Split('a', 'b'))"; }`);
  const all = run(text).diagnostics;
  assert.deepEqual(all.map((d) => d.code), ['NTF122']);
  assert.deepEqual(codes(applyFix(text, all[0]!)), []);
  assert.deepEqual(codes(notifier(`    slack { ${SLACK_URL} text = "$(%AffectedPackages)"; }`, 'vulnerability.detected')), ['NTF122']);
});
