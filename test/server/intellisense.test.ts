/**
 * Completion, hover, signature help, quick fixes and navigation at the
 * positions people forget, and while the text is still half-typed
 * (issue 13). Over stdio against the real server process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentHighlightRequest,
  HoverRequest,
  SignatureHelpRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CompletionItem,
  type Location,
  type MarkupContent,
  type SymbolInformation,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { cursor, offsetAt, TempDir, TestServer } from './harness';

const DEPLOY = JSON.stringify(
  {
    events: {
      'deploy.finished': {
        description: 'A deployment finished.',
        variables: {
          Service: { type: 'string', example: 'api' },
          Commit: { type: '{Sha: string, Author: string}', example: { Sha: '9f1c', Author: 'dana' } },
        },
      },
    },
  },
  null,
  2,
);

describe('IntelliSense while typing and at the forgotten places', () => {
  const dir = new TempDir();
  let server: TestServer;
  let n = 0;
  before(async () => {
    dir.write('events/deploy.json', DEPLOY);
    dir.write('events/other.json', '{"events": {}}');
    dir.write('ops.notify', 'import "events/deploy.json";\nnotifier "Disk ops" { on deploy.finished; slack { url = $Secret("s"); text = "x"; } }\nsample "disk sample" for deploy.finished { $Service = "db"; }\n');
    server = await TestServer.start({ rootDir: dir.path, initializationOptions: { clientCommands: ['notify.suggestAt'] } });
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  async function open(marked: string): Promise<{ uri: string; position: { line: number; character: number }; text: string }> {
    const c = marked.includes('|') ? cursor(marked) : { text: marked, position: { line: 0, character: 0 } };
    const uri = dir.uri(`t${n++}.notify`);
    await server.open(uri, c.text);
    return { uri, position: c.position, text: c.text };
  }
  async function complete(marked: string): Promise<CompletionItem[]> {
    const { uri, position } = await open(marked);
    const r = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(r) ? r : (r?.items ?? []);
  }
  async function hoverText(marked: string): Promise<string> {
    const { uri, position } = await open(marked);
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    return h ? (h.contents as MarkupContent).value : '';
  }
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);
  const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);

  describe('half-typed text', () => {
    it('signature help inside a string while the call has no `)` yet', async () => {
      const { uri, position } = await open(`notifier "n" {
    on vulnerability.detected;
    slack { url = $Secret("s"); text = "$Join(', ', |"; }
}`);
      const h = await server.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position });
      assert.ok(h, 'no signature help');
      assert.match(h.signatures[0]!.label, /^\$Join\(/);
      assert.equal(h.activeParameter, 1);
    });

    it('value completion after `method = ` with no `;` and the block not closed', async () => {
      const items = await complete(`notifier "n" {
    on package.added;
    webhook {
        url = "https://example.com";
        method = |
`);
      assert.deepEqual(labels(items), ['POST', 'PUT', 'PATCH', 'GET', 'DELETE']);
      assert.equal((items[0]!.textEdit as TextEdit).newText, '"POST"');
    });

    it('envelope, color and scheme values with nothing after them', async () => {
      assert.ok(labels(await complete(`notifier "n" {\n    on package.added;\n    webhook {\n        envelope = |`)).includes('standard'));
      assert.deepEqual(labels(await complete(`notifier "n" {\n    on package.added;\n    slack {\n        color = |`)), ['good', 'warning', 'danger']);
      assert.deepEqual(labels(await complete(`notifier "n" {\n    on package.added;\n    webhook {\n        auth = %(scheme: |`)), ['bearer', 'basic', 'apikey']);
    });

    it('a channel block whose `}` is not typed yet, followed by another notifier, offers its properties', async () => {
      const items = await complete(`notifier "a" {
    on package.added;
    webhook {
        url = "https://example.com";
        |

notifier "b" {
    on package.added;
}`);
      assert.ok(labels(items).includes('method'), labels(items).join(', '));
      assert.ok(!labels(items).includes('url'), 'url is already set');
      assert.ok(!labels(items).includes('notifier'));
    });

    it('a property name typed up to a trailing underscore is still completed', async () => {
      const items = await complete(`notifier "n" {\n    on package.added;\n    webhook {\n        content_|`);
      assert.ok(labels(items).includes('content_type'));
    });
  });

  describe('help without the sigil, ranked by type', () => {
    it('after `when `: variables with their sigils, functions and true/false, bools first', async () => {
      const items = await complete(`notifier "n" {\n    on vulnerability.detected;\n    when |\n}`);
      for (const l of ['$VulnerabilityScore', '@AffectedPackages', 'true', 'false', '$Contains']) assert.ok(labels(items).includes(l), l);
      const order = sorted(items);
      assert.ok(order.indexOf('true') < order.indexOf('$FeedName'), 'a bool ranks above a string where a condition goes');
      const item = items.find((i) => i.label === '$FeedName')!;
      assert.equal((item.textEdit as TextEdit).newText, '$FeedName');
    });

    it('inside `$Join(", ", ‸)` lists come first; in a number parameter numbers come first', async () => {
      const join = sorted(await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = $Join(", ", |); }\n}`));
      assert.ok(join.indexOf('@AffectedPackages') < join.indexOf('$FeedName'), join.slice(0, 5).join(','));
      const index = sorted(await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = $ListItem(@AffectedPackages, |); }\n}`));
      assert.ok(index.indexOf('$VulnerabilityScore') < index.indexOf('$FeedName'));
      const compared = sorted(await complete(`notifier "n" {\n    on vulnerability.detected;\n    when $VulnerabilityScore >= |\n}`));
      assert.equal(compared[0], '$VulnerabilityScore', 'the right side of a comparison ranks what the left side is first');
      const after$ = sorted(await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = $Substring($FeedName, $|); }\n}`));
      assert.equal(after$[0], '$VulnerabilityScore');
    });

    it('after `text = ` offers variables and functions with sigils', async () => {
      const items = await complete(`notifier "n" {\n    on package.added;\n    slack { url = $Secret("s"); text = |\n}`);
      assert.ok(labels(items).includes('$PackageId'));
      assert.ok(labels(items).includes('$ToJson'));
      const fn = items.find((i) => i.label === '$ToJson')!;
      assert.equal((fn.textEdit as TextEdit).newText, '\\$ToJson(${1:value})');
    });

    it('`$IsVariableDefined("‸")` offers variable names; `timeout = ` offers durations', async () => {
      const names = await complete(`notifier "n" {\n    on package.added, vulnerability.detected;\n    when $IsVariableDefined("|");\n}`);
      assert.ok(labels(names).includes('PackageId'));
      assert.ok(labels(names).includes('VulnerabilityScore'));
      const durations = await complete(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; timeout = |`);
      assert.equal(durations[0]!.label, '10s');
      assert.ok(labels(durations).includes('30s'));
    });

    it('member completion after an indexed or called receiver', async () => {
      const indexed = await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = $ToJson(@AffectedPackages[0].|); }\n}`);
      assert.deepEqual(labels(indexed), ['Name', 'AffectedVersions']);
      const called = await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = $ToJson(%ListItem(@AffectedPackages, 0).|); }\n}`);
      assert.deepEqual(labels(called), ['Name', 'AffectedVersions']);
    });

    it('Go to Definition on a record key lands on the key in the catalog JSON', async () => {
      const { uri, position } = await open(`import "events/deploy.json";\nnotifier "n" {\n    on deploy.finished;\n    slack { url = $Secret("s"); text = "$(%Commit.S|ha)"; }\n}`);
      const loc = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })) as Location;
      assert.ok(loc?.uri.endsWith('events/deploy.json'), JSON.stringify(loc));
      const line = DEPLOY.split('\n')[loc.range.start.line]!;
      assert.match(line.slice(loc.range.start.character), /^"Sha"/);
    });
  });

  describe('the parts people forget', () => {
    it('template tags after `<%` in a string', async () => {
      const items = await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = "Hi <%|"; }\n}`);
      assert.deepEqual(labels(items), ['<% if', '<% if … else', '<% foreach', '<% else', '<% else if', '<% }']);
      const edit = items[0]!.textEdit as TextEdit;
      assert.equal(edit.newText, '<% if ${1:condition} { %>$0<% \\} %>');
      assert.equal(items[0]!.insertTextFormat, 2);
      // with the ` %>` the editor auto-closes `<%` with, the snippet replaces it too
      const closed = await complete(`notifier "n" {\n    on vulnerability.detected;\n    slack { url = $Secret("s"); text = "Hi <%| %>"; }\n}`);
      const range = (closed[0]!.textEdit as TextEdit).range;
      assert.equal(range.end.character - range.start.character, '<% %>'.length);
    });

    it('map keys of auth and signing per scheme, with hover', async () => {
      assert.deepEqual(labels(await complete(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; auth = %(scheme: "basic", |); }\n}`)), ['username', 'password']);
      assert.deepEqual(labels(await complete(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; signing = %(scheme: "hmac-sha256", secret: $Secret("k"), |); }\n}`)), ['header']);
      assert.deepEqual(labels(await complete(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; auth = %(|); }\n}`)), ['scheme']);
      const h = await hoverText(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; auth = %(scheme: "basic", user|name: "u", password: $Secret("p")); }\n}`);
      assert.match(h, /user name/i);
      assert.match(h, /Required/);
    });

    it('import paths complete relative to the document; hover shows the resolved file and its events', async () => {
      assert.ok(labels(await complete(`import "|";`)).includes('events/'));
      assert.deepEqual(labels(await complete(`import "events/|";`)), ['deploy.json', 'other.json']);
      const h = await hoverText(`import "events/dep|loy.json";\nnotifier "n" { on deploy.finished; }`);
      assert.match(h, /events[\\/]deploy\.json/);
      assert.match(h, /`deploy\.finished`: A deployment finished\./);
    });
  });

  describe('hover everywhere', () => {
    it('a secret name: what it is, its environment variable and the command, never its value', async () => {
      const h = await hoverText(`notifier "n" {\n    on package.added;\n    webhook { url = $Secret("soar-to|ken"); }\n}`);
      assert.match(h, /NOTIFY_SECRET_SOAR_TOKEN/);
      assert.match(h, /Set Secret/);
      assert.doesNotMatch(h, /is set|not set/i);
    });

    it('durations, operators, keywords and allowed values', async () => {
      assert.match(await hoverText(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; timeout = 3|0s; }\n}`), /30 seconds \(30,000 ms\)/);
      assert.match(await hoverText(`notifier "n" {\n    on package.added;\n    when $PackageId =|= "a";\n}`), /Equal/);
      assert.match(await hoverText(`notifier "n" {\n    on package.added;\n    wh|en $PackageId == "a";\n}`), /condition/);
      assert.match(await hoverText(`notifier "n" {\n    o|n package.added;\n}`), /events this notifier listens to/);
      assert.match(await hoverText(`notifier "n" {\n    on package.added;\n    webhook { url = "https://x.example"; method = "PO|ST"; }\n}`), /One of the values of `method`/);
    });

    it("a sample's hover lists only what the sample sets", async () => {
      const h = await hoverText(`sample "ni|ghtly" for package.promoted {\n    $PackageId = "MyCorp.CoolUtils";\n    $FeedName = "internal";\n}`);
      assert.match(h, /\$PackageId` = `"MyCorp\.CoolUtils"`/);
      assert.match(h, /\$FeedName/);
      assert.doesNotMatch(h, /\$UserName/);
    });
  });

  describe('quick fixes that finish the job', () => {
    async function actions(marked: string, code: string): Promise<{ list: CodeAction[]; text: string }> {
      const { uri, text } = await open(marked);
      const diagnostics = await server.diagnostics(uri);
      const d = diagnostics.find((x) => x.code === code);
      assert.ok(d, `no ${code} in ${JSON.stringify(diagnostics)}`);
      const list = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      return { list, text };
    }
    const apply = (text: string, edits: readonly TextEdit[]) => {
      for (const e of [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start))) {
        text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
      }
      return text;
    };

    it('NTF301 inserts `on ;` and asks for event completion there', async () => {
      const { list, text } = await actions(`notifier "n" {\n    slack { url = $Secret("s"); text = "x"; }\n}`, 'NTF301');
      const fix = list.find((a) => a.title.includes('`on`'))!;
      assert.ok(fix, JSON.stringify(list));
      const uri = Object.keys(fix.edit!.changes!)[0]!;
      const fixed = apply(text, fix.edit!.changes![uri]!);
      assert.equal(fixed, `notifier "n" {\n    on ;\n    slack { url = $Secret("s"); text = "x"; }\n}`);
      assert.deepEqual(fix.command?.arguments?.slice(1), [1, 7]);
      assert.equal(fixed.split('\n')[1]!.slice(0, 7), '    on ');
    });

    it('NTF103 offers $Coalesce(…, "…") and an <% if $IsVariableDefined(…) %> guard', async () => {
      const { list, text } = await actions(`notifier "n" {\n    on package.added, vulnerability.detected;\n    slack { url = $Secret("s"); text = "Package $UserName added"; }\n}`, 'NTF103');
      const titles = list.map((a) => a.title);
      const coalesce = list.find((a) => a.title.includes('Coalesce'))!;
      const guard = list.find((a) => a.title.includes('IsVariableDefined'))!;
      assert.ok(coalesce && guard, titles.join(' | '));
      const uri = Object.keys(coalesce.edit!.changes!)[0]!;
      assert.match(apply(text, coalesce.edit!.changes![uri]!), /text = "Package \$Coalesce\(\$UserName, ''\) added"/);
      assert.match(apply(text, guard.edit!.changes![uri]!), /text = "Package <% if \$IsVariableDefined\('UserName'\) \{ %>\$UserName<% \} %> added"/);
    });

    it('in a sample, completion leaves out variables already set while a prefix is typed', async () => {
      const items = await complete(`sample "s" for package.added {\n    $PackageId = "a";\n    $Pack|\n}`);
      assert.ok(labels(items).includes('$PackageVersion'));
      assert.ok(!labels(items).includes('$PackageId'), labels(items).join(','));
    });
  });

  describe('navigation across the workspace', () => {
    it('documentHighlight marks every occurrence of the variable under the cursor', async () => {
      const { uri, position } = await open(`notifier "n" {\n    on package.added;\n    when $Package|Id != "";\n    slack { url = $Secret("s"); text = "$PackageId and $FeedName"; }\n}`);
      const hs = await server.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position });
      assert.equal(hs?.length, 2);
    });

    it('workspace/symbol finds notifiers, samples and imported events, in open and unopened files', async () => {
      await open(`notifier "Open one" { on package.added; }`);
      const find = async (q: string) => ((await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: q })) ?? []) as SymbolInformation[];
      // the folder scan runs off the initialize path: wait for it
      for (let i = 0; i < 50 && !(await find('Disk ops')).length; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await find('Disk ops')).some((s) => s.location.uri.endsWith('ops.notify')));
      assert.ok((await find('disk sample')).length);
      assert.ok((await find('Open one')).length);
      const events = await find('deploy.fin');
      assert.ok(events.some((s) => s.location.uri.endsWith('events/deploy.json') && s.kind === 24), JSON.stringify(events));
    });
  });
});
