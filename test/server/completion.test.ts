import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionRequest, CompletionResolveRequest, type CompletionItem, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import { cursor, serverSuite } from './harness';

describe('completion', () => {
  const suite = serverSuite();
  const dir = suite.dir;
  let n = 0;

  async function complete(marked: string, marker = '|'): Promise<{ items: CompletionItem[]; text: string }> {
    const c = cursor(marked, marker);
    const uri = dir.uri(`c${n++}.notify`);
    await suite.server.open(uri, c.text);
    const result = await suite.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: c.position });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return { items, text: c.text };
  }
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);
  const find = (items: CompletionItem[], label: string) => {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `no ${label} in ${labels(items).join(', ')}`);
    return item;
  };
  const doc = (item: CompletionItem) => (item.documentation as MarkupContent).value;

  it('after $ offers scalar variables of the notifier, those of only some events ranked lower and marked', async () => {
    const { items } = await complete(`notifier "n" {
    on package.added, vulnerability.detected;
    when $|
}`);
    const feed = find(items, '$FeedName');
    const pkg = find(items, '$UserName');
    assert.equal(feed.labelDetails?.detail, undefined);
    assert.equal(pkg.labelDetails?.detail, ' only: package.added');
    assert.ok(feed.sortText! < pkg.sortText!);
    assert.equal(pkg.detail, 'string');
    // documentation arrives on resolve, for the item the editor shows
    const resolved = await suite.server.connection.sendRequest(CompletionResolveRequest.type, pkg);
    assert.match(doc(resolved), /Example: `"Admin"`/);
    assert.match(doc(resolved), /Only defined by `package\.added`/);
    const fn = await suite.server.connection.sendRequest(CompletionResolveRequest.type, find(items, '$ToJson'));
    assert.match(doc(fn), /\$ToJson\(value/);
    assert.ok(!labels(items).includes('@AffectedPackages'), 'a list is not offered after $');
    const toJson = find(items, '$ToJson');
    assert.equal((toJson.textEdit as TextEdit).newText, 'ToJson(${1:value})');
    assert.equal(toJson.insertTextFormat, 2);
    assert.ok(!labels(items).includes('@Split'));
  });

  it('after @ offers lists and list functions only', async () => {
    const { items } = await complete(`notifier "n" {
    on vulnerability.detected;
    when $ListCount(@|) > 0;
}`);
    assert.ok(labels(items).includes('@AffectedPackages'));
    assert.ok(labels(items).includes('@Split'));
    assert.ok(!labels(items).includes('$FeedName'));
  });

  it('works inside strings after $, replacing the typed part of the name', async () => {
    const { items, text } = await complete(`notifier "n" {
    on package.added;
    slack { url = $Secret("s"); text = "Added $Pack|age"; }
}`);
    const item = find(items, '$PackageId');
    const edit = item.textEdit as TextEdit;
    assert.equal(edit.range.start.character, text.split('\n')[2]!.indexOf('Pack'));
    assert.equal(edit.range.end.character - edit.range.start.character, 'Package'.length);
    assert.equal(edit.newText, 'PackageId');
  });

  it('offers the keys of a record loop variable after a dot', async () => {
    const { items } = await complete(`notifier "n" {
    on vulnerability.detected;
    email {
        to = "a@example.com";
        body = >>
<% foreach %p in @AffectedPackages { %>$(%p.|)<% } %>
>>;
    }
}`);
    assert.deepEqual(labels(items).sort(), ['AffectedVersions', 'Name']);
    assert.equal(find(items, 'Name').detail, 'string');
  });

  it('offers event names after on, with descriptions, leaving out those already listed', async () => {
    const { items } = await complete(`notifier "n" {
    on package.added, pack|
}`);
    assert.ok(labels(items).includes('package.promoted'));
    assert.ok(!labels(items).includes('package.added'));
    assert.ok(find(items, 'vulnerability.detected').detail!.length > 0);
    const event = await suite.server.connection.sendRequest(CompletionResolveRequest.type, find(items, 'vulnerability.detected'));
    assert.match(doc(event), /@AffectedPackages/);
    const { items: forItems } = await complete('sample "s" for vul|');
    assert.ok(labels(forItems).includes('vulnerability.detected'));
  });

  it('offers clauses and channel kinds at clause start, and unset properties in a channel', async () => {
    const { items } = await complete(`notifier "n" {
    on package.added;
    |
}`);
    assert.ok(labels(items).includes('slack'));
    assert.ok(labels(items).includes('when'));
    assert.ok(!labels(items).includes('on'), 'only one on per notifier');
    const { items: props } = await complete(`notifier "n" {
    on package.added;
    slack {
        text = "hi";
        |
    }
}`);
    assert.ok(!labels(props).includes('text'), 'text is set already');
    const url = find(props, 'url');
    assert.equal((url.textEdit as TextEdit).newText, 'url = $0;');
    assert.match(url.labelDetails!.description!, /required/);
    assert.match(doc(find(props, 'color')), /good/);
  });

  it('offers the allowed values of method, and auth schemes inside the map', async () => {
    const { items } = await complete(`notifier "n" {
    on package.added;
    webhook { url = "https://example.com"; method = |; }
}`);
    assert.deepEqual(labels(items), ['POST', 'PUT', 'PATCH', 'GET', 'DELETE']);
    assert.equal((items[0]!.textEdit as TextEdit).newText, '"POST"');
    const { items: schemes } = await complete(`notifier "n" {
    on package.added;
    webhook { url = "https://example.com"; auth = %(scheme: "|"); }
}`);
    assert.deepEqual(labels(schemes), ['bearer', 'basic', 'apikey']);
    assert.equal((schemes[0]!.textEdit as TextEdit).newText, 'bearer');
  });

  it('offers secret names used elsewhere in the workspace inside $Secret("…")', async () => {
    await suite.server.open(dir.uri('other.notify'), 'notifier "o" { on package.added; slack { url = $Secret("team-hook"); } }\n# slack { url = $Secret("retired-hook"); }');
    const { items } = await complete(`notifier "n" {
    on package.added;
    webhook { url = $Secret("t|"); }
}`);
    assert.ok(labels(items).includes('team-hook'), labels(items).join(','));
    // the same scanner as Set Secret: a commented-out secret is not offered
    assert.ok(!labels(items).includes('retired-hook'), labels(items).join(','));
  });

  it('answers inside thousands of open lists (the expected type is found in a loop, not a recursion per list)', async () => {
    const before = suite.server.logs.length;
    const { items } = await complete(`notifier "n" {
    on package.added;
    when $Contains(${'@('.repeat(20000)}$Pack|`);
    assert.ok(labels(items).includes('$PackageId'), labels(items).slice(0, 20).join(','));
    assert.deepEqual(suite.server.logs.slice(before).filter((l) => /failed/.test(l)), []);
  });

  it('keeps every edit range on the cursor line, holding the cursor: an import path in a swim string that spans lines', async () => {
    dir.write('events/deploy.json', '{ "events": {} }');
    const c = cursor('import >> "n" {\nev|\n');
    const { items } = await complete('import >> "n" {\nev|\n');
    const paths = items.filter((i) => i.label === 'events/');
    assert.equal(paths.length, 1, labels(items).join(','));
    for (const item of items) {
      const range = (item.textEdit as TextEdit | undefined)?.range;
      if (!range) continue;
      assert.equal(range.start.line, c.position.line, `${item.label}: ${JSON.stringify(range)}`);
      assert.equal(range.end.line, c.position.line, `${item.label}: ${JSON.stringify(range)}`);
      assert.ok(range.start.character <= c.position.character && c.position.character <= range.end.character, `${item.label}: ${JSON.stringify(range)}`);
    }
    assert.deepEqual((paths[0]!.textEdit as TextEdit).range, { start: { line: 1, character: 0 }, end: c.position });
  });

  it('offers nothing inside a comment', async () => {
    const { items } = await complete(`notifier "n" {
    on package.added; # $Pack|
}`);
    assert.deepEqual(items, []);
  });
});
