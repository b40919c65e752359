import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentFormattingRequest, DocumentRangeFormattingRequest, type TextEdit } from 'vscode-languageserver-protocol/node';
import { format } from '../../grammar/format/format';
import { offsetAt, TempDir, TestServer } from './harness';

const MESSY = `notifier "a" {
on package.added;
  slack {   url = $Secret("s");
text="A $PackageId";}
}

notifier "b" {
on package.deleted;
  slack {   url = $Secret("s");
text="B $PackageId";}
}
`;

function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

describe('formatting', () => {
  const dir = new TempDir();
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(async () => {
    await server.stop();
    dir.dispose();
  });
  const options = { tabSize: 4, insertSpaces: true };

  it('formats the document as `notify fmt` does, and answers nothing for a formatted one', async () => {
    const uri = dir.uri('f.notify');
    await server.open(uri, MESSY);
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options });
    const formatted = format(MESSY).text;
    assert.notEqual(formatted, MESSY);
    assert.equal(apply(MESSY, edits ?? []), formatted);
    const clean = dir.uri('clean.notify');
    await server.open(clean, formatted);
    assert.deepEqual(await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: clean }, options }), []);
  });

  it('formats a range: only changes inside the selected lines', async () => {
    const uri = dir.uri('r.notify');
    await server.open(uri, MESSY);
    const range = { start: { line: 6, character: 0 }, end: { line: 10, character: 1 } };
    const edits = (await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range, options })) ?? [];
    assert.ok(edits.length > 0);
    for (const e of edits) assert.ok(e.range.start.line >= 6 && e.range.end.line <= 11, JSON.stringify(e));
    const result = apply(MESSY, edits);
    const [first, second] = result.split('\n\n');
    assert.equal(first, MESSY.split('\n\n')[0], 'the first notifier is untouched');
    assert.equal(second, format(MESSY).text.split('\n\n')[1]);
  });

  it('range formatting of a mis-indented `on` line fixes it; a blank line above a block changes nothing outside it (issue 15)', async () => {
    const text = 'import "events/deploy.json";\n\nnotifier "a" {\n  on package.added;\n\n\n      webhook {\n   url = "https://example.com/h";\n    }\n}\n';
    const uri = dir.uri('indent.notify');
    await server.open(uri, text);
    const onLine = { start: { line: 3, character: 0 }, end: { line: 3, character: 19 } };
    const edits = (await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range: onLine, options })) ?? [];
    assert.equal(apply(text, edits).split('\n')[3], '    on package.added;');
    const blank = { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } };
    const none = (await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range: blank, options })) ?? [];
    for (const e of none) assert.ok(e.range.start.line === 4 && e.range.end.line === 4 && e.range.end.character === 0, JSON.stringify(e));
    assert.equal(format(apply(text, none)).text, format(text).text);
  });

  it('leaves a file with syntax errors alone', async () => {
    const uri = dir.uri('broken.notify');
    await server.open(uri, 'notifier "a" {\non package.added;\n  slack { url = ');
    assert.deepEqual(await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options }), []);
  });
});
