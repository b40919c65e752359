import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SelectionRangeRequest, type Position, type SelectionRange } from 'vscode-languageserver-protocol/node';
import { cursor, offsetAt, serverSuite } from './harness';

const FILE = `notifier "Package added" {
    on package.added;
    when $FeedName == "internal" && $Pack|ageId != "";
    slack { url = $Secret("hook"); text = "New $PackageId in $FeedName"; }
}
`;

/** The texts a selection range and its parents select, innermost first. */
function chain(text: string, r: SelectionRange | undefined): string[] {
  const out: string[] = [];
  for (; r; r = r.parent) out.push(text.slice(offsetAt(text, r.range.start), offsetAt(text, r.range.end)));
  return out;
}

describe('selection ranges (expand / shrink selection)', () => {
  const suite = serverSuite();
  const ranges = async (uri: string, positions: Position[]) =>
    (await suite.server.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions })) as SelectionRange[];

  it('LANGUAGE.md 10.5: from the word through each node holding it to the whole document, every range inside its parent', async () => {
    const { text, position } = cursor(FILE);
    const uri = suite.dir.uri('a.notify');
    await suite.server.open(uri, text);
    const [r] = await ranges(uri, [position]);
    const texts = chain(text, r);
    assert.deepEqual(texts.slice(0, 5), ['', 'PackageId', '$PackageId', '$PackageId != ""', '$FeedName == "internal" && $PackageId != ""']);
    assert.equal(texts.at(-1), text);
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i]!.includes(texts[i - 1]!) && texts[i] !== texts[i - 1], `${i}: ${JSON.stringify(texts.slice(i - 1, i + 1))}`);
  });

  it('in a string: its content before the string with its quotes; one answer per position, in order', async () => {
    const text = FILE.replace('|', '');
    const uri = suite.dir.uri('b.notify');
    await suite.server.open(uri, text);
    const at = (needle: string, plus: number) => {
      const o = text.indexOf(needle) + plus;
      const lines = text.slice(0, o).split('\n');
      return { line: lines.length - 1, character: lines.at(-1)!.length };
    };
    const [inString, onNotifierName] = await ranges(uri, [at('New $', 2), at('"Package added"', 3)]);
    const texts = chain(text, inString);
    const content = texts.indexOf('New $PackageId in $FeedName');
    assert.ok(content > 0, JSON.stringify(texts));
    assert.equal(texts[content + 1], '"New $PackageId in $FeedName"');
    assert.deepEqual(chain(text, onNotifierName).slice(0, 3), ['', 'Package', 'Package added']);
  });

  it('between the halves of a surrogate pair the innermost range is the whole character; past a line end and on broken text it still answers', async () => {
    const text = 'notifier "a😀b" {\n    on package.added;\n    when ((($PackageId ==\n';
    const uri = suite.dir.uri('c.notify');
    await suite.server.open(uri, text);
    const pairAt = text.indexOf('😀') + 1;
    const [split, past, last] = await ranges(uri, [{ line: 0, character: pairAt }, { line: 1, character: 500 }, { line: 3, character: 0 }]);
    assert.equal(chain(text, split)[0], '😀');
    assert.equal(chain(text, past).at(-1), text);
    assert.equal(chain(text, last).at(-1), text);
    await assert.rejects(suite.server.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [{ line: -1, character: 0 }] }), /params.positions/);
  });

  it('a chain of 20,000 `&&` nests 20,000 nodes: at most 100 ranges, the innermost and the outermost kept, still nested', async () => {
    const text = `notifier "n" {\n    on package.added;\n    when ${Array.from({ length: 20000 }, () => '$PackageId == "x"').join(' && ')};\n}\n`;
    const uri = suite.dir.uri('deep.notify');
    await suite.server.open(uri, text);
    const [r] = await ranges(uri, [{ line: 2, character: 'when $Pack'.length + 4 }]);
    const texts = chain(text, r);
    assert.equal(texts.length, 100);
    assert.deepEqual(texts.slice(0, 4), ['', 'PackageId', '$PackageId', '$PackageId == "x"']);
    assert.equal(texts.at(-1), text);
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i]!.includes(texts[i - 1]!) && texts[i]!.length > texts[i - 1]!.length, String(i));
  });
});
