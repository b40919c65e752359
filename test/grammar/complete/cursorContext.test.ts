import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorContext, frameOf, type CursorContext } from '../../../grammar/complete/cursorContext';

/** The context at the `|` of a text. */
function at(marked: string): CursorContext {
  const offset = marked.indexOf('|');
  return cursorContext(marked.slice(0, offset) + marked.slice(offset + 1), offset);
}
const kinds = (cx: CursorContext) => cx.frames.map((f) => f.kind).join(' > ');

describe('cursorContext: what is open at the cursor', () => {
  it('a call inside a string with no `)` and the string closed after the cursor', () => {
    const cx = at(`notifier "n" {\n  on a;\n  slack { text = "$Join(', ', |"; }\n}`);
    assert.equal(kinds(cx), 'top > notifier > channel > property > string > interpolation > call');
    assert.equal(frameOf(cx, 'call')?.argIndex, 1);
    assert.equal(cx.expect, 'value');
  });

  it('a property value with no `;`, the block not closed', () => {
    const cx = at(`notifier "n" {\n  on a;\n  webhook {\n    method = P|`);
    assert.equal(kinds(cx), 'top > notifier > channel > property');
    assert.equal(frameOf(cx, 'property')?.name, 'method');
    assert.deepEqual(cx.word, { start: cx.offset - 1, text: 'P' });
  });

  it('an unclosed channel block followed by another notifier', () => {
    const cx = at(`notifier "a" {\n  on a;\n  webhook {\n    url = "x";\n    |\nnotifier "b" {\n  on a;\n}`);
    assert.equal(cx.expect, 'property');
    assert.deepEqual(frameOf(cx, 'channel')?.set, ['url']);
  });

  it('a new top-level keyword at a line start closes what was left open before it', () => {
    const cx = at(`notifier "a" {\n  on a;\n  webhook {\n    url = "x\nnotifier "b" {\n  |`);
    assert.equal(kinds(cx), 'top > notifier');
    assert.equal(cx.expect, 'clause');
  });

  it('map keys and the scheme written so far', () => {
    const cx = at(`notifier "n" {\n  on a;\n  webhook { auth = %(scheme: "basic", |) }\n}`);
    assert.equal(cx.expect, 'key');
    assert.equal(frameOf(cx, 'map')?.entries.get('scheme'), 'basic');
  });

  it('template tags: right after `<%`, inside a tag, in a foreach declaration', () => {
    assert.equal(at(`notifier "n" {\n  on a;\n  slack { text = "hi <%|"; }`).expect, 'tag');
    assert.equal(at(`notifier "n" {\n  on a;\n  slack { text = "hi <% i|"; }`).expect, 'tag');
    const inIf = at(`notifier "n" {\n  on a;\n  slack { text = "<% if $Contains(|`);
    assert.equal(kinds(inIf), 'top > notifier > channel > property > string > tag > call');
    assert.equal(at(`notifier "n" {\n  on a;\n  slack { text = >>\n<% foreach %|`).expect, 'none');
    assert.equal(at(`notifier "n" {\n  on a;\n  slack { text = >>\n<% foreach %p in |`).expect, 'value');
  });

  it('string text, comments, a sample body, an event list', () => {
    assert.equal(at(`notifier "n" {\n  on a;\n  slack { text = "Hello |"; }`).expect, 'text');
    assert.equal(at(`notifier "n" { // a comment |\n}`).expect, 'comment');
    const sample = at(`sample "s" for package.added {\n  $PackageId = "x";\n  |`);
    assert.equal(sample.expect, 'assignment');
    assert.deepEqual(frameOf(sample, 'sample'), { kind: 'sample', start: 29, event: 'package.added', set: ['PackageId'] });
    const on = at(`notifier "n" {\n  on package.added, pack|`);
    assert.equal(on.expect, 'event');
    assert.deepEqual(frameOf(on, 'on')?.listed, ['package.added']);
  });

  it('inside a two-character operator nothing new is expected; a name ending in `_` is still a word', () => {
    assert.equal(at(`notifier "n" {\n  on a;\n  when $A &|& $B;\n}`).expect, 'operator');
    assert.deepEqual(at(`notifier "n" {\n  on a;\n  webhook {\n    content_|`).word?.text, 'content_');
    assert.equal(at(`notifier "n" {\n  on a;\n  when $Score >= $Sc|`).comparedWith, 'Score');
    assert.equal(at(`notifier "n" {\n  on a;\n  when $Score >= 1 && |`).comparedWith, undefined);
  });
});
