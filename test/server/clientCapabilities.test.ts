/**
 * Answers take the forms the client declared (LANGUAGE.md 10.5, "Client
 * capabilities"): a client that sends `capabilities: {}` gets plain text for
 * Markdown and snippets, string parameter labels, `SymbolInformation` for the
 * outline, no code action literals, no `prepareProvider`, and diagnostics
 * without related information or code links. The same requests from the
 * harness's VS Code-like client keep the rich forms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  SignatureHelpRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { markdownToPlain, snippetToPlain } from '../../server/clientCapabilities';
import { cursor, TempDir, TestServer } from './harness';

const FILE = `notifier "n" {
    on package.added;
    when $FeedType == NuGet;
    when $feedname != "x";
    slack { url = $Secret("s"); text = "$Join(', ', @AffectedPackages)"; }
}
notifier "n" { on package.added; slack { url = $Secret("s"); text = "x"; } }
`;

describe('client capabilities: a client that declares nothing gets the plain forms', () => {
  const dir = new TempDir();
  let bare: TestServer;
  let rich: TestServer;
  before(async () => {
    bare = await TestServer.start({ rootDir: dir.path, capabilities: {} });
    rich = await TestServer.start({ rootDir: dir.path });
  });
  after(async () => {
    await bare.stop();
    await rich.stop();
    dir.dispose();
  });

  it('isPreferred on code actions and tooltip on document links only for a client that declared them', async () => {
    // code action literals, but neither isPreferredSupport nor documentLink.tooltipSupport
    const literals = await TestServer.start({ rootDir: dir.path, textDocumentCapabilities: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } }, documentLink: {} } });
    try {
      const text = 'import "events/deploy.json";\nnotifier "n" {\n  on package.added;\n  when $FeedType == NuGet;\n  slack { url = $Secret("s"); text = "x"; }\n}\n';
      for (const [server, declared] of [[literals, false], [rich, true]] as const) {
        const uri = dir.uri(declared ? 'rich-pref.notify' : 'lit-pref.notify');
        await server.open(uri, text);
        const diagnostics = await server.diagnostics(uri);
        const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 30 } };
        const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) as Record<string, unknown>[];
        assert.ok(actions.length > 0);
        assert.equal(actions.some((a) => 'isPreferred' in a), declared, JSON.stringify(actions).slice(0, 300));
        const links = (await server.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as Record<string, unknown>[];
        assert.equal(links.length, 1);
        assert.equal('tooltip' in links[0]!, declared);
      }
    } finally {
      await literals.stop();
    }
  });

  it('advertises prepareRename only to a client with prepareSupport', () => {
    assert.equal(bare.initializeResult.capabilities.renameProvider, true);
    assert.deepEqual(rich.initializeResult.capabilities.renameProvider, { prepareProvider: true });
  });

  it('completion: snippets as the text they insert, documentation as a string, no labelDetails', async () => {
    const c = cursor('notifier "n" {\n  on package.added;\n  |\n}\n');
    for (const [server, plain] of [[bare, true], [rich, false]] as const) {
      const uri = dir.uri(plain ? 'bare-c.notify' : 'rich-c.notify');
      await server.open(uri, c.text);
      const list = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: c.position })) as CompletionList;
      assert.ok(list.items.length > 0);
      const items: CompletionItem[] = list.items;
      if (plain) {
        for (const item of items) {
          assert.notEqual(item.insertTextFormat, 2, item.label);
          assert.ok(item.documentation === undefined || typeof item.documentation === 'string', item.label);
          assert.equal(item.labelDetails, undefined, item.label);
          const text = item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : (item.insertText ?? '');
          assert.doesNotMatch(text, /\$\{?\d/, `${item.label}: ${text}`);
        }
      } else {
        assert.ok(items.some((i) => i.insertTextFormat === 2));
      }
    }
  });

  it('hover: plain text; signature help: string labels; outline: SymbolInformation; diagnostics: no related information or links', async () => {
    const uri = dir.uri('bare.notify');
    await bare.open(uri, FILE);
    const diagnostics = await bare.diagnostics(uri);
    assert.ok(diagnostics.length > 0);
    for (const d of diagnostics) {
      assert.equal(d.relatedInformation, undefined);
      assert.equal(d.codeDescription, undefined);
    }

    const at = (needle: string, delta = 0) => {
      const offset = FILE.indexOf(needle) + delta;
      const before = FILE.slice(0, offset);
      return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
    };
    const hover = await bare.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at('$FeedType', 2) });
    assert.ok(hover);
    assert.equal((hover.contents as MarkupContent).kind, 'plaintext');
    assert.doesNotMatch((hover.contents as MarkupContent).value, /```/);

    const help = await bare.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: at("', ', @Aff", 1) });
    assert.ok(help);
    const sig = help.signatures[0]!;
    assert.ok(sig.parameters!.length > 0);
    for (const p of sig.parameters!) {
      assert.equal(typeof p.label, 'string');
      assert.ok(sig.label.includes(p.label as string));
    }
    assert.equal(sig.activeParameter, undefined, 'activeParameter in the signature only with activeParameterSupport');
    assert.equal(typeof help.activeParameter, 'number');

    const symbols = await bare.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(symbols && symbols.length > 0);
    for (const s of symbols) assert.ok('location' in s && s.location.uri === uri, JSON.stringify(s));
    assert.ok(symbols.some((s) => 'containerName' in s && s.containerName === 'n'), 'children carry their container');

    const actions = await bare.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    assert.deepEqual(actions, [], 'no code action literals for a client that takes only commands');
  });

  it('a folder item of import completion carries editor.action.triggerSuggest only for a client that lists it in clientCommands', async () => {
    dir.write('catalogs/events.json', '{ "events": {} }');
    const c = cursor('import "|";\n');
    const listing = await TestServer.start({ rootDir: dir.path, initializationOptions: { clientCommands: ['editor.action.triggerSuggest'] } });
    try {
      for (const [server, carries] of [[bare, false], [rich, false], [listing, true]] as const) {
        const uri = dir.uri(`imports-${String(carries)}-${server === bare ? 'bare' : 'other'}.notify`);
        await server.open(uri, c.text);
        const list = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: c.position })) as CompletionList;
        const folder = list.items.find((i) => i.label === 'catalogs/');
        assert.ok(folder, JSON.stringify(list.items.map((i) => i.label)));
        assert.equal(folder.command?.command, carries ? 'editor.action.triggerSuggest' : undefined);
      }
    } finally {
      await listing.stop();
    }
  });

  it('snippetToPlain and markdownToPlain', () => {
    assert.equal(snippetToPlain('url = $0;'), 'url = ;');
    assert.equal(snippetToPlain('$Join(${1:sep}, ${2:list})$0'), '$Join(sep, list)');
    assert.equal(snippetToPlain('a ${1:b ${2:c}} \\$x \\} ${3|one,two|}'), 'a b c $x } one');
    assert.equal(snippetToPlain('$PackageId'), '$PackageId');
    assert.equal(snippetToPlain('cost $'), 'cost $');
    assert.equal(markdownToPlain('```notify\n$X\n```\n**Type** `string`, see [docs](https://x)'), '$X\nType string, see docs (https://x)');
  });
});
