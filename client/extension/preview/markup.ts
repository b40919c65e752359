/**
 * The text formatting the receiving services apply, turned into HTML for the
 * preview: Slack's mrkdwn and Discord's markdown (the basics: bold, italic,
 * strike, code, links). Everything that is not markup is HTML-escaped, and
 * only the tags made here reach the page; links keep only http(s) and
 * mailto targets. Pure: the webview script uses it, and it is unit-tested.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function safeHref(url: string): string | null {
  const trimmed = url.trim();
  return /^(https?:|mailto:)/i.test(trimmed) ? trimmed : null;
}

function link(url: string, label: string): string {
  const href = safeHref(url);
  const text = escapeHtml(label || url);
  return href ? `<a href="${escapeHtml(href)}" title="${escapeHtml(href)}">${text}</a>` : text;
}

/**
 * Pieces that must not be formatted further (links, code) are taken out
 * first and stand in as private-use markers, then put back at the end.
 */
class Stash {
  private readonly items: string[] = [];
  put(html: string): string {
    this.items.push(html);
    return `\uE000${this.items.length - 1}\uE001`;
  }
  restore(text: string): string {
    return text.replace(/\uE000(\d+)\uE001/g, (_, i: string) => this.items[Number(i)] ?? '');
  }
}

// Formatting marks count only at word edges, as Slack and Discord read them.
const EDGE_BEFORE = '(^|[\\s(\\[{"\'\\u2018\\u201c>.,;:!?-])';
const EDGE_AFTER = '(?=$|[\\s)\\]}"\'\\u2019\\u201d<.,;:!?-])';

function inline(text: string, mark: string, tag: string): string {
  const m = mark.replace(/[*~_]/g, '\\$&');
  const re = new RegExp(`${EDGE_BEFORE}${m}(?!\\s)([^\\n]*?[^\\s])${m}${EDGE_AFTER}`, 'g');
  return text.replace(re, (_, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** Slack decodes only these three entities in message text. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack `mrkdwn` → HTML: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ```` ``` ```` blocks, `<url|text>`, mentions. */
export function slackMrkdwnToHtml(source: string): string {
  const stash = new Stash();
  let text = source.replace(/```([\s\S]*?)```/g, (_, code: string) =>
    stash.put(`<pre>${escapeHtml(decodeSlackEntities(code))}</pre>`),
  );
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) => stash.put(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`));
  text = text.replace(/<([^<>\n]+)>/g, (_, inner: string) => {
    const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
    const shown = label === undefined ? undefined : decodeSlackEntities(label);
    if (target.startsWith('@')) return stash.put(`<span class="mention">@${escapeHtml(shown ?? target.slice(1))}</span>`);
    if (target.startsWith('#')) return stash.put(`<span class="mention">#${escapeHtml(shown ?? target.slice(1))}</span>`);
    if (target.startsWith('!')) {
      const name = target.slice(1).split('^')[0]!;
      return stash.put(`<span class="mention">@${escapeHtml(shown ?? name)}</span>`);
    }
    return stash.put(link(decodeSlackEntities(target), shown ?? decodeSlackEntities(target)));
  });
  let html = escapeHtml(decodeSlackEntities(text));
  html = inline(html, '*', 'b');
  html = inline(html, '_', 'i');
  html = inline(html, '~', 's');
  html = html.replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>');
  return stash.restore(html).replace(/\n/g, '<br>');
}

/** Discord markdown → HTML: `**bold**`, `*italic*`/`_italic_`, `__underline__`, `~~strike~~`, code, `[text](url)`. */
export function discordMarkdownToHtml(source: string): string {
  const stash = new Stash();
  let text = source.replace(/```(?:[a-z0-9]*\n)?([\s\S]*?)```/gi, (_, code: string) => stash.put(`<pre>${escapeHtml(code)}</pre>`));
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) => stash.put(`<code>${escapeHtml(code)}</code>`));
  text = text.replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, (_, label: string, url: string) => stash.put(link(url, label)));
  let html = escapeHtml(text);
  html = html.replace(/\*\*(?!\s)([^\n]*?[^\s])\*\*/g, '<b>$1</b>');
  html = html.replace(/__(?!\s)([^\n]*?[^\s])__/g, '<u>$1</u>');
  html = html.replace(/~~(?!\s)([^\n]*?[^\s])~~/g, '<s>$1</s>');
  html = inline(html, '*', 'i');
  html = inline(html, '_', 'i');
  html = html.replace(/^&gt; (.*)$/gm, '<blockquote>$1</blockquote>');
  return stash.restore(html).replace(/\n/g, '<br>');
}

/** Teams MessageCard text is a small markdown too; the Discord rules cover what it uses. */
export const messageCardMarkdownToHtml = discordMarkdownToHtml;

/** Shows secret/env placeholders (`‹secret:name›`) as marked chips in already-escaped HTML. */
export function markPlaceholders(html: string): string {
  return html.replace(/\u2039(secret|env):([^\u203a\u2039<]*)\u203a/g, '<span class="placeholder">\u2039$1:$2\u203a</span>');
}
