import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discordMarkdownToHtml, escapeHtml, markPlaceholders, slackMrkdwnToHtml } from '../../../client/extension/preview/markup';

describe('Slack mrkdwn', () => {
  it('formats bold, italic, strike and code', () => {
    assert.equal(slackMrkdwnToHtml('*PGV-1* is _bad_ ~old~ `x=1`'), '<b>PGV-1</b> is <i>bad</i> <s>old</s> <code>x=1</code>');
  });

  it('turns <url|text> into a link and keeps Slack entities as text', () => {
    assert.equal(
      slackMrkdwnToHtml('See <https://example.com/a?b=1&amp;c=2|the report> &lt;now&gt;'),
      'See <a href="https://example.com/a?b=1&amp;c=2" title="https://example.com/a?b=1&amp;c=2">the report</a> &lt;now&gt;',
    );
  });

  it('shows mentions and keeps formatting out of code blocks', () => {
    assert.equal(slackMrkdwnToHtml('<!here> <@U123>'), '<span class="mention">@here</span> <span class="mention">@U123</span>');
    assert.equal(slackMrkdwnToHtml('```*not bold*```'), '<pre>*not bold*</pre>');
  });

  it('does not format inside words and keeps line breaks', () => {
    assert.equal(slackMrkdwnToHtml('snake_case_name\nnext'), 'snake_case_name<br>next');
  });

  it('never lets markup or script through', () => {
    const html = slackMrkdwnToHtml('<javascript:alert(1)|click> <img src=x onerror=alert(1)> "quoted"');
    assert.doesNotMatch(html, /<img|href="javascript/i);
    assert.match(html, /click/);
    assert.match(html, /&quot;quoted&quot;/);
  });
});

describe('Discord markdown', () => {
  it('formats bold, italic, underline, strike, code and masked links', () => {
    assert.equal(
      discordMarkdownToHtml('**b** *i* __u__ ~~s~~ `c` [docs](https://d.example)'),
      '<b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>c</code> <a href="https://d.example" title="https://d.example">docs</a>',
    );
  });

  it('escapes HTML in text', () => {
    assert.equal(discordMarkdownToHtml('<b>x</b> & y'), '&lt;b&gt;x&lt;/b&gt; &amp; y');
  });
});

describe('placeholders', () => {
  it('marks secret placeholders in escaped text', () => {
    assert.equal(
      markPlaceholders(escapeHtml('Bearer \u2039secret:soar-token\u203a')),
      'Bearer <span class="placeholder">\u2039secret:soar-token\u203a</span>',
    );
  });
});
