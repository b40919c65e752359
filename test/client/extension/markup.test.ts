import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { discordMarkdownToHtml, escapeHtml, markPlaceholders, slackBlocksToHtml, slackMrkdwnToHtml, slackPlainTextToHtml } from '../../../client/extension/preview/markup';
import { slackView } from '../../../grammar/channels/slack/preview';

/** Documented examples of each format, each with the page it is from (fixtures/markup.json). */
const FIXTURES = JSON.parse(readFileSync(new URL('./fixtures/markup.json', import.meta.url), 'utf8')) as {
  slackMrkdwn: { source: string; input: string; html: string }[];
  discordMarkdown: { source: string; input: string; html: string }[];
  slackBlockKit: { source: string; payload: unknown; html: string }[];
};

/** The tags the preview's markup may contain; anything else came from a payload. */
const ALLOWED_TAGS = new Set(['a', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'code', 'pre', 'blockquote', 'br', 'span', 'div', 'hr', 'ul', 'ol', 'li', 'h3', 'h4', 'h5', 'small']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'class']);

/** Every tag and attribute in `html` is one the markup makes, and every href is http(s) or mailto. */
function assertSafe(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    assert.ok(ALLOWED_TAGS.has(m[1]!.toLowerCase()), `tag <${m[1]}> in ${html}`);
    for (const a of m[2]!.matchAll(/([a-zA-Z-]+)\s*=\s*"([^"]*)"/g)) {
      assert.ok(ALLOWED_ATTRIBUTES.has(a[1]!.toLowerCase()), `attribute ${a[1]} in ${html}`);
      if (a[1] === 'href') assert.match(a[2]!, /^(https?:|mailto:)/i, html);
    }
    assert.doesNotMatch(m[2]!.replace(/([a-zA-Z-]+)\s*=\s*"[^"]*"/g, ''), /\S/, `unquoted attribute in ${m[0]}`);
  }
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<@U<img src=x onerror=alert(1)>>',
  '<#C1|<script>alert(1)</script>>',
  '<javascript:alert(1)|click>',
  '[x](javascript:alert(1))',
  '<http://x" onmouseover="alert(1)|y>',
  '<https://example.com/"><script>alert(1)</script>|z>',
  '```</pre><script>alert(1)</script>```',
  '`<b>`',
  '> <iframe src=//evil>',
  '- <svg onload=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!date^1^{date}|<img src=x>>',
  '\uE010script\uE011',
];

describe('Slack mrkdwn (slack-markdown)', () => {
  for (const f of FIXTURES.slackMrkdwn) {
    it(`${f.source}: ${JSON.stringify(f.input).slice(0, 60)}`, () => {
      assert.equal(slackMrkdwnToHtml(f.input), f.html);
      assertSafe(f.html);
    });
  }

  it('shows escaped &lt; &gt; &amp; as the characters, and they never start a mention or a link', () => {
    assert.equal(slackMrkdwnToHtml('&lt;!here&gt; &lt;@U1&gt;'), '&lt;!here&gt; &lt;@U1&gt;');
    assert.equal(slackMrkdwnToHtml('&lt;https://x.y&gt;'), '&lt;<a href="https://x.y">https://x.y</a>&gt;');
  });

  it('plain_text: no formatting or mentions, emoji shortcodes as emoji unless emoji is false', () => {
    assert.equal(slackPlainTextToHtml('*a* <!here> :tada:'), '*a* &lt;!here&gt; <span class="emoji">🎉</span>');
    assert.equal(slackPlainTextToHtml(':tada:', false), ':tada:');
  });

  it('never lets markup or script through', () => {
    for (const input of HOSTILE) {
      assertSafe(slackMrkdwnToHtml(input));
      assertSafe(slackPlainTextToHtml(input));
    }
    assert.match(slackMrkdwnToHtml('<@U<img src=x onerror=alert(1)>>'), /@U&lt;img/);
  });
});

describe('Discord markdown (discord-markdown-parser)', () => {
  for (const f of FIXTURES.discordMarkdown) {
    it(`${f.source.replace(/\?.*$/, '')}: ${JSON.stringify(f.input).slice(0, 60)}`, () => {
      assert.equal(discordMarkdownToHtml(f.input), f.html);
      assertSafe(f.html);
    });
  }

  it('escapes HTML in text, keeps shortcodes as typed (webhook content is not converted), drops unsafe link targets', () => {
    assert.equal(discordMarkdownToHtml('<b>x</b> & y'), '&lt;b&gt;x&lt;/b&gt; &amp; y');
    assert.equal(discordMarkdownToHtml(':smile:'), ':smile:');
    assert.equal(discordMarkdownToHtml('[x](javascript:alert(1))'), 'x');
  });

  it('never lets markup or script through', () => {
    for (const input of HOSTILE) assertSafe(discordMarkdownToHtml(input));
  });
});

describe('Slack Block Kit', () => {
  for (const f of FIXTURES.slackBlockKit) {
    it(`${f.source}`, () => {
      const html = slackBlocksToHtml(slackView(f.payload).blocks);
      assert.equal(html, f.html);
      assertSafe(html);
    });
  }

  it('blocks from a hostile payload stay safe', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const payload = {
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: evil } },
        { type: 'section', text: { type: 'mrkdwn', text: evil }, fields: [{ type: 'plain_text', text: evil }], accessory: { type: 'button', text: { type: 'plain_text', text: evil }, url: 'javascript:alert(1)' } },
        { type: 'context', elements: [{ type: 'image', image_url: '"><script>', alt_text: evil }] },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x' }, url: 'javascript:alert(1)', style: '"><script>' }] },
        { type: 'image', image_url: 'javascript:x', alt_text: evil },
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'link', url: 'javascript:x', text: evil }, { type: 'emoji', name: evil }] }] },
        { type: `<script>` },
      ],
    };
    const html = slackBlocksToHtml(slackView(payload).blocks);
    assertSafe(html);
    assert.doesNotMatch(html, /<script|<img|href="javascript:/);
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
