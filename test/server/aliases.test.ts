import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeActionKind, CodeActionRequest, CompletionRequest, HoverRequest, type CodeAction, type CompletionItem, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import { cursor, offsetAt, serverSuite } from './harness';

/** ProGet's names (`$PackageName`, `$ProjectName`, …) through the language server: completion and hover explain the mapping. */
describe('alias names: completion and hover', () => {
  const suite = serverSuite();
  const dir = suite.dir;
  let n = 0;

  const file = (event: string, text: string) => `notifier "n" {
    on ${event};
    email { to = "a@example.com"; subject = "${text}"; }
}
`;

  async function complete(marked: string): Promise<CompletionItem[]> {
    const c = cursor(marked);
    const uri = dir.uri(`c${n++}.notify`);
    await suite.server.open(uri, c.text);
    const result = await suite.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: c.position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  async function hover(marked: string): Promise<string | undefined> {
    const c = cursor(marked);
    const uri = dir.uri(`h${n++}.notify`);
    await suite.server.open(uri, c.text);
    const h = await suite.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: c.position });
    return h ? (h.contents as MarkupContent).value : undefined;
  }

  it('typing $PackageN offers $PackageName, which inserts $PackageId', async () => {
    const items = await complete(file('package.added', '$PackageN|'));
    const item = items.find((i) => i.label === '$PackageName');
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal((item.textEdit as TextEdit).newText, 'PackageId');
    assert.equal(item.filterText, 'PackageName');
    assert.match(item.labelDetails?.detail ?? '', /→ \$PackageId/);
    assert.match(item.detail ?? '', /ProGet/);
  });

  it('typing $ProjectN in a build event offers $ProjectName → $BuildProjectName; not where no event defines the target', async () => {
    const build = await complete(file('build.issues_opened', '$ProjectN|'));
    const item = build.find((i) => i.label === '$ProjectName');
    assert.ok(item);
    assert.equal((item.textEdit as TextEdit).newText, 'BuildProjectName');
    const pkg = await complete(file('package.added', '$ProjectN|'));
    assert.equal(pkg.some((i) => i.label === '$ProjectName'), false);
  });

  it('hover on an alias used in code explains the mapping and shows the variable meant', async () => {
    const value = await hover(file('package.promoted', '$Package|Name promoted'));
    assert.ok(value);
    assert.match(value, /\$PackageName → \$PackageId/);
    assert.match(value, /ProGet's name for the package name; in Notify it is `\$PackageId`/);
    assert.match(value, /MyCorp\.CoolUtils/); // the example of the variable meant
  });

  it('headers from one secret and a group in from, as the editor reports them: NTF347 and NTF348 on the right spans', async () => {
    const uri = dir.uri(`d${n++}.notify`);
    const text = `notifier "n" {
    on product.released;
    webhook { url = "https://hooks.example.test/x"; headers = %SecretMap("h"); body = $ToJson(%SecretMap("b")); }
    email { to = "a@example.com"; from = "@org-admins"; subject = "s"; }
}
`;
    await suite.server.open(uri, text);
    const diagnostics = await suite.server.diagnostics(uri);
    const got = diagnostics.map((d) => [d.code, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]);
    assert.deepEqual(got, [
      ['NTF210', '$ToJson(%SecretMap("b"))'], // a secret in a body, as for $Secret (a warning)
      ['NTF347', '%SecretMap("b")'],
      ['NTF348', '@org-admins'],
    ]);
  });

  it("hover and completion tell ProGet's $PackageHash variable from its $PackageHash(format, algorithm) function", async () => {
    const call = await hover(file('package.added', '$PackageHa|sh(`"base64`")'));
    assert.match(call ?? '', /computes no hash/);
    const variable = await hover(file('package.added', '$PackageHa|sh'));
    assert.match(variable ?? '', /SHA-1 hash in hex/);
    const items = await complete(file('package.added', '$PackageP|'));
    assert.ok(items.some((i) => i.label.includes('PackageProperty')), items.map((i) => i.label).join(', '));
    const maps = await complete(file('package.added', '$ToJson(%PackageP|)'));
    assert.ok(maps.some((i) => i.label === '%PackageProperties'), maps.map((i) => i.label).join(', '));
  });

  it('hover on an unknown name that is no alias shows nothing', async () => {
    assert.equal(await hover(file('package.added', '$Zz|zzTop')), undefined);
  });

  it('ProGet names in conditions: the did-you-mean quick fix writes the catalog name, and the fixed file checks clean', async () => {
    const text = `notifier "build" {
    on build.issues_opened;
    when $ProjectName == "XAPUtil.Web" && $ReleaseNumber != "";
    webhook { url = "https://hooks.example.test/x"; }
}
notifier "package" {
    on package.promoted;
    when $PackageEvent == "Promoted" && $MatchesRegex($PackageName, "^MyPackage");
    webhook { url = "https://hooks.example.test/x"; }
}
`;
    const uri = dir.uri(`w${n++}.notify`);
    await suite.server.open(uri, text);
    const diagnostics = await suite.server.diagnostics(uri);
    const spans = diagnostics.map((d) => [d.code, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]);
    assert.deepEqual(spans, [
      ['NTF102', 'ProjectName'],
      ['NTF102', 'ReleaseNumber'],
      ['NTF102', 'PackageEvent'],
      ['NTF102', 'PackageName'],
    ]);
    let fixed = text;
    const edits: TextEdit[] = [];
    for (const d of diagnostics) {
      const actions = (await suite.server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d], only: [CodeActionKind.QuickFix] },
      })) as CodeAction[];
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, JSON.stringify(actions));
      edits.push(...preferred[0]!.edit!.changes![uri]!);
    }
    edits.sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
    for (const e of edits) fixed = fixed.slice(0, offsetAt(fixed, e.range.start)) + e.newText + fixed.slice(offsetAt(fixed, e.range.end));
    assert.match(fixed, /when \$BuildProjectName == "XAPUtil\.Web" && \$BuildReleaseNumber != "";/);
    assert.match(fixed, /when \$WebhookEvent == "Promoted" && \$MatchesRegex\(\$PackageId, "\^MyPackage"\);/);
    const after = dir.uri(`w${n++}.notify`);
    await suite.server.open(after, fixed);
    assert.deepEqual(await suite.server.diagnostics(after), []);
  });
});
