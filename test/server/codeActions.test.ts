import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeActionKind, CodeActionRequest, type CodeAction, type TextEdit } from 'vscode-languageserver-protocol/node';
import { offsetAt, serverSuite, TempDir, TestServer } from './harness';
import { LEGACY_SLACK } from '../support/notifiers';

const FILE = `notifier "n" {
    on package.added;
    when $FeedType == NuGet;
    when $feedname != "x";
    slack { url = $Secret("s"); text = "$PackageId"; }
}
`;

function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

describe('code actions', () => {
  const dir = new TempDir();
  let server: TestServer;
  let uri: string;
  before(async () => {
    server = await TestServer.start();
    uri = dir.uri('a.notify');
    await server.open(uri, FILE);
  });
  after(async () => {
    await server.stop();
    dir.dispose();
  });

  it('offers the checker’s fixes as quick fixes, the preferred one marked', async () => {
    const diagnostics = await server.diagnostics(uri);
    const unquoted = diagnostics.find((d) => d.code === 'NTF004');
    assert.ok(unquoted, JSON.stringify(diagnostics));
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: unquoted.range,
      context: { diagnostics: [unquoted], only: [CodeActionKind.QuickFix] },
    })) as CodeAction[];
    const quote = actions.find((a) => a.diagnostics?.[0]?.code === 'NTF004');
    assert.ok(quote, JSON.stringify(actions));
    assert.equal(quote.kind, CodeActionKind.QuickFix);
    assert.equal(quote.isPreferred, true);
    assert.match(apply(FILE, quote.edit!.changes![uri]!), /\$FeedType == "NuGet";/);
  });

  it('fixes all auto-fixable problems at once', async () => {
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const fixed = apply(FILE, actions[0]!.edit!.changes![uri]!);
    assert.match(fixed, /== "NuGet"/);
    assert.match(fixed, /\$FeedName != "x"/);
  });
});

describe('converters as code actions', () => {
  const suite = serverSuite();
  const dir = suite.dir;
  const LEGACY = `${LEGACY_SLACK}
notifier "m" {
    on package.added;
    slack { url = $Secret("s"); text = "t"; }
}
`;

  it('offers slack-blocks as a refactoring inside a slack block with fields, not elsewhere and not as a quick fix', async () => {
    const uri = dir.uri('legacy.notify');
    await suite.server.open(uri, LEGACY);
    assert.deepEqual(await suite.server.diagnostics(uri), []);
    const request = (line: number, only?: string[]) =>
      suite.server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line, character: 8 }, end: { line, character: 8 } },
        context: { diagnostics: [], ...(only ? { only } : {}) },
      }) as Promise<CodeAction[]>;
    const actions = await request(6);
    const convert = actions.find((a) => a.title === 'Convert the Slack attachment to Block Kit');
    assert.ok(convert, JSON.stringify(actions));
    assert.equal(convert.kind, CodeActionKind.RefactorRewrite);
    const converted = apply(LEGACY, convert.edit!.changes![uri]!);
    assert.match(converted, /blocks = @\(\n            %SlackSection\("New \$PackageId", %\(Feed: \$FeedName\)\)\n        \);/);
    assert.doesNotMatch(converted, /color|fields/);
    assert.equal((await request(6, [CodeActionKind.QuickFix])).length, 0);
    assert.equal((await request(12)).filter((a) => a.kind === CodeActionKind.RefactorRewrite).length, 0);
    // the converted file checks clean in the server too
    const after = dir.uri('converted.notify');
    await suite.server.open(after, converted);
    assert.deepEqual(await suite.server.diagnostics(after), []);
  });
});

describe('Teams and limit quick fixes from the real server', () => {
  const suite = serverSuite();
  const dir = suite.dir;
  const TEAMS = `notifier "legacy" {
    on package.added;
    teams {
        url      = "https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke";
        format   = "messagecard";
        title    = "New $PackageId";
        sections = @(%(activityTitle: "$PackageId", facts: @(%(name: "Feed", value: $FeedName))));
    }
}
`;
  const LONG = `notifier "long" {
    on package.added;
    discord {
        url   = $Secret("d");
        title = "${'x'.repeat(300)} $PackageId";
    }
}
`;

  const quickFixes = async (uri: string, code: string) => {
    const diagnostics = await suite.server.diagnostics(uri);
    const d = diagnostics.find((x) => x.code === code);
    assert.ok(d, JSON.stringify(diagnostics));
    return (await suite.server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: [CodeActionKind.QuickFix] },
    })) as CodeAction[];
  };

  it('NTF228: the MessageCard → Adaptive Card converter is the quick fix, and its result checks clean', async () => {
    const uri = dir.uri('teams.notify');
    await suite.server.open(uri, TEAMS);
    const actions = await quickFixes(uri, 'NTF228');
    const convert = actions.find((a) => a.title === 'Convert the MessageCard to a Workflows Adaptive Card');
    assert.ok(convert, JSON.stringify(actions));
    const converted = apply(TEAMS, convert.edit!.changes![uri]!);
    assert.match(converted, /format   = "adaptive";/);
    assert.match(converted, /body = @\(\n            %\(type: "TextBlock", text: "\$PackageId", weight: "Bolder", wrap: true\),\n            %\(type: "FactSet", facts: @\(%\(title: "Feed", value: \$FeedName\)\)\)\n        \);/);
    const after = dir.uri('teams-converted.notify');
    await suite.server.open(after, converted);
    assert.deepEqual(await suite.server.diagnostics(after), []);
  });

  it('NTF225: a text over the limit is fixed by wrapping it in $Truncate', async () => {
    const uri = dir.uri('long.notify');
    await suite.server.open(uri, LONG);
    const actions = await quickFixes(uri, 'NTF225');
    const truncate = actions.find((a) => /\$Truncate/.test(a.title));
    assert.ok(truncate, JSON.stringify(actions));
    assert.equal(truncate.isPreferred, true);
    const fixed = apply(LONG, truncate.edit!.changes![uri]!);
    assert.match(fixed, /title = \$Truncate\("x{300} \$PackageId", 256\);/);
    const after = dir.uri('long-fixed.notify');
    await suite.server.open(after, fixed);
    assert.deepEqual(await suite.server.diagnostics(after), []);
  });

  it('LANGUAGE.md 10.5: over a range holding thousands of fixable problems, at most 1,000 quick fixes; fix all takes every one, and its edits leave a file without them', async () => {
    const uri = dir.uri('many.notify');
    const lines = Array.from({ length: 3000 }, () => '    when $feedname != "x";');
    const text = `notifier "n" {\n    on package.added;\n${lines.join('\n')}\n    slack { url = $Secret("s"); text = "x"; }\n}\n`;
    await suite.server.open(uri, text);
    const whole = { start: { line: 0, character: 0 }, end: { line: lines.length + 5, character: 0 } };
    const all = (await suite.server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } })) as CodeAction[];
    assert.equal(all.filter((a) => a.kind === CodeActionKind.QuickFix).length, 1000);
    const fixAll = all.filter((a) => a.kind === CodeActionKind.SourceFixAll);
    assert.equal(fixAll.length, 1);
    const fixEdits = fixAll[0]!.edit!.changes![uri]!;
    assert.equal(fixEdits.length, lines.length);
    const after = dir.uri('many-fixed.notify');
    await suite.server.open(after, apply(text, fixEdits));
    assert.deepEqual(await suite.server.diagnostics(after), []);
  });
});

describe('a code action carries a client command only when the client runs it (initializationOptions clientCommands)', () => {
  const dir = new TempDir();
  after(() => dir.dispose());
  const NO_ON = 'notifier "n" {\n    slack { url = $Secret("s"); text = "x"; }\n}\n';

  for (const [label, clientCommands, expected] of [
    ['another editor (no clientCommands)', undefined, undefined],
    ['the Notify extension', ['notify.suggestAt'], 'notify.suggestAt'],
  ] as const) {
    it(`NTF301's "Add an \`on\` clause" for ${label}`, async () => {
      const server = await TestServer.start(clientCommands ? { initializationOptions: { clientCommands } } : {});
      try {
        const uri = dir.uri(`${label.length}.notify`);
        await server.open(uri, NO_ON);
        const d = (await server.diagnostics(uri)).find((x) => x.code === 'NTF301');
        assert.ok(d);
        const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
        const add = actions.find((a) => a.title === 'Add an `on` clause');
        assert.ok(add?.edit, JSON.stringify(actions));
        assert.equal(add.command?.command, expected);
      } finally {
        await server.stop();
      }
    });
  }
});
