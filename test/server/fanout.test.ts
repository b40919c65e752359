import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CompletionItem,
  type DocumentSymbol,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { cursor, serverSuite } from './harness';

/** LANGUAGE.md 2.1–2.3 through the real language server process. */
describe('fan-out, digest and scope in the language server', () => {
  const suite = serverSuite();
  const dir = suite.dir;
  let n = 0;

  async function open(marked: string) {
    const c = cursor(marked);
    const uri = dir.uri(`f${n++}.notify`);
    await suite.server.open(uri, c.text);
    return { uri, position: c.position };
  }
  async function labels(marked: string): Promise<string[]> {
    const { uri, position } = await open(marked);
    const r = await suite.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return (Array.isArray(r) ? r : (r?.items ?? [])).map((i: CompletionItem) => i.label);
  }
  async function hoverText(marked: string): Promise<string> {
    const { uri, position } = await open(marked);
    const h = await suite.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    return h ? (h.contents as MarkupContent).value : '';
  }

  it('completes the fan-out variable in channels, not in when', async () => {
    const inChannel = await labels('notifier "F" {\n    on alert.raised;\n    each %Alert in @Alerts;\n    slack { url = $Secret("s"); text = $MapItem(%|); }\n}\n');
    assert.ok(inChannel.includes('%Alert'), inChannel.join(', '));
    const inWhen = await labels('notifier "F" {\n    on alert.raised;\n    each %Alert in @Alerts;\n    when $ListCount(@Alerts) > 0 && $MapItem(%|, "x") != "";\n    slack { url = $Secret("s"); }\n}\n');
    assert.ok(!inWhen.includes('%Alert'), inWhen.join(', '));
  });

  it('completes the digest variables and $Scope', async () => {
    const got = await labels('notifier "D" {\n    scope tenant;\n    on alert.raised;\n    digest by $Tenant;\n    email { to = "a@example.com"; subject = $|; }\n}\n');
    for (const v of ['$Count', '$DigestKey', '$Scope', '$Tenant']) assert.ok(got.includes(v), `${v} missing from ${got.join(', ')}`);
    const lists = await labels('notifier "D" {\n    on alert.raised;\n    digest by $Tenant;\n    email { to = "a@example.com"; subject = $ListCount(@|); }\n}\n');
    assert.ok(lists.includes('@Events'), lists.join(', '));
  });

  it('offers each, digest and scope as clauses until the notifier has them', async () => {
    const fresh = await labels('notifier "N" {\n    on alert.raised;\n    |\n}\n');
    for (const k of ['each', 'digest', 'scope']) assert.ok(fresh.includes(k), `${k} missing from ${fresh.join(', ')}`);
    const taken = await labels('notifier "N" {\n    on alert.raised;\n    scope tenant;\n    each %A in @Alerts;\n    |\n}\n');
    for (const k of ['each', 'digest', 'scope']) assert.ok(!taken.includes(k), `${k} offered again`);
  });

  it('hovers the clauses, the fan-out variable and the notifier with its scope', async () => {
    const FILE = 'notifier "F" {\n    scope tenant;\n    on alert.raised;\n    each %Alert in @Alerts;\n    slack { url = $Secret("s"); text = $MapItem(%Alert, "Message"); }\n}\n';
    const at = (needle: string, delta: number) => {
      const i = FILE.indexOf(needle);
      return FILE.slice(0, i + delta) + '|' + FILE.slice(i + delta);
    };
    assert.match(await hoverText(at("each", 1)), /fan-out: every channel renders once per item/);
    assert.match(await hoverText(at('tenant', 2)), /scope tenant;/);
    assert.match(await hoverText(at('%Alert,', 2)), /%Alert: map<string>[\s\S]*`each` fan-out/);
    const notifier = await hoverText(at('"F"', 1));
    assert.match(notifier, /one message per item/);
    assert.match(notifier, /Scope: \*\*tenant\*\*/);
  });

  it('shows scope and fan-out in the outline', async () => {
    const { uri } = await open('notifier "F" {\n    scope product;\n    on product.released;\n    digest by $ProductName;\n    webhook { url = "https://example.com/h"; }\n}\n|');
    const symbols = (await suite.server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(symbols[0]!.detail, 'product.released · scope product · digest');
  });

  it('reports an unknown scope and a non-list fan-out', async () => {
    const { uri } = await open('notifier "F" {\n    scope produkt;\n    on alert.raised;\n    each $T in $Tenant;\n    slack { url = $Secret("s"); }\n}\n|');
    const diags = await suite.server.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]).sort(), [['NTF340', 3], ['NTF343', 1]]);
    assert.match(String(diags.find((d) => d.code === "NTF343")!.message), /did you mean `product`/);
  });

  it('checks and completes recipient groups from notify-recipients.json above the file', async () => {
    dir.write('rcp/notify-recipients.json', JSON.stringify({ groups: { 'org-admins': ['a@example.com'], 'product-admins': ['p@example.com'], empty: [] } }));
    const uri = dir.uri('rcp/team/r.notify');
    await suite.server.open(uri, 'notifier "R" {\n    on product.released;\n    email { to = "@org-admin, @empty, x@example.com"; subject = "s"; }\n}\n');
    const diags = await suite.server.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.character]), [['NTF344', 18], ['NTF345', 30]]);
    assert.match(String(diags[0]!.message), /did you mean `@org-admins`/);

    const c = cursor('notifier "R" {\n    on product.released;\n    email { to = "x@example.com, @pro|"; }\n}\n');
    const u2 = dir.uri('rcp/team/c.notify');
    await suite.server.open(u2, c.text);
    const r = await suite.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: u2 }, position: c.position });
    const items = Array.isArray(r) ? r : (r?.items ?? []);
    assert.deepEqual(items.map((i) => i.label).sort(), ['@empty', '@org-admins', '@product-admins']);
    const edit = items.find((i) => i.label === '@product-admins')!.textEdit as { range: { start: { character: number } }; newText: string };
    assert.equal(edit.range.start.character, 33);
  });
});
