import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';

const TEXT = `notifier "Vulns" {
    on vulnerability.detected, package.added;
    slack {
        url = $Secret("s");
        text = "$FeedName <% foreach %p in @AffectedPackages { %>$(%p.Name) $feedname<% } %>";
    }
}
sample "s" for package.added { $PackageId = "x"; }
`;

test('variablesInScope: the notifier events, with allEvents, then loop variables inside the loop', () => {
  const a = run(TEXT);
  const outside = a.model.variablesInScope(TEXT.indexOf('url'));
  const feed = outside.find((v) => v.name === 'FeedName')!;
  assert.equal(feed.allEvents, true);
  assert.deepEqual([...feed.definedBy].sort(), ['package.added', 'vulnerability.detected']);
  const user = outside.find((v) => v.name === 'UserName')!;
  assert.equal(user.allEvents, false);
  assert.deepEqual(user.definedBy, ['package.added']);
  assert.ok(!outside.some((v) => v.name === 'p'));
  assert.equal(outside.find((v) => v.name === 'AffectedPackages')?.sigil, '@');

  const inside = a.model.variablesInScope(TEXT.indexOf('$(%p.Name)'));
  const p = inside[0]!;
  assert.equal(p.name, 'p');
  assert.equal(p.kind, 'loop');
  assert.equal(p.sigil, '%');
  assert.equal(p.type.kind, 'record');

  const inSample = a.model.variablesInScope(TEXT.indexOf('$PackageId = "x"'));
  assert.ok(inSample.some((v) => v.name === 'UserName' && v.allEvents));
  assert.deepEqual(a.model.variablesInScope(0).length > 0, true); // offset 0 is inside the notifier
  assert.deepEqual(a.model.variablesInScope(TEXT.length), []);
});

test('resolveVariable, references and notifierAt', () => {
  const a = run(TEXT);
  const refs = a.model.references('feedname');
  assert.equal(refs.length, 2);
  const r = a.model.resolveVariable(refs[1]!)!;
  assert.equal(r.name, 'FeedName');
  assert.equal(r.kind, 'event');
  assert.equal(r.def?.name, 'FeedName');
  const loop = a.model.references('p');
  assert.equal(loop.length, 2); // the declaration and the use
  const lr = a.model.resolveVariable(loop[1]!)!;
  assert.equal(lr.kind, 'loop');
  assert.deepEqual(lr.declaration, loop[0]!.span);
  assert.equal(a.model.notifierAt(TEXT.indexOf('slack'))?.name, 'Vulns');
  assert.equal(a.model.notifierAt(TEXT.indexOf('sample')), undefined);
  assert.equal(a.model.sampleAt(TEXT.indexOf('$PackageId'))?.name, 's');
});
