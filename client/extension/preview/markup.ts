import { parse as parseDiscord } from 'discord-markdown-parser';
import { toHTML as slackToHtml, type SlackCallbackOptions } from 'slack-markdown';
import type { SlackBlockView, SlackElementView, SlackRichInline, SlackRichText, SlackTextView } from '../../../grammar/channels/slack/preview';

/**
 * The text formatting the receiving services apply, turned into HTML for the
 * preview by the maintained parsers of those formats: Slack's mrkdwn by
 * `slack-markdown`, Discord's markdown by `discord-markdown-parser` (an AST,
 * which this file writes out as HTML), and Slack's Block Kit blocks.
 *
 * Safe by construction: every text from a payload leaves here HTML-escaped;
 * the only tags are the ones made here (or by slack-markdown, whose text
 * output escapes and whose mention output we write ourselves); links keep
 * only http(s) and mailto targets. Pure: the webview script uses it, and it
 * is unit-tested against the services' documented examples
 * (test/client/extension/markup.test.ts).
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

function link(url: string, labelHtml: string): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}" title="${escapeHtml(href)}">${labelHtml}</a>` : labelHtml;
}

// ---------------------------------------------------------------- Slack mrkdwn

/**
 * Slack escapes `&`, `<` and `>` in message text as `&amp;`, `&lt;`,
 * `&gt;` and shows them as the characters; an escaped `<` never starts a
 * link or a mention. They stand in as private-use characters while parsing.
 */
const SLACK_ENTITIES: readonly (readonly [entity: string, mark: string, html: string])[] = [
  ['&lt;', '\uE010', '&lt;'],
  ['&gt;', '\uE011', '&gt;'],
  ['&amp;', '\uE012', '&amp;'],
];

function protectSlackEntities(text: string): string {
  let out = text.replace(/[\uE010-\uE012]/g, '');
  for (const [entity, mark] of SLACK_ENTITIES) out = out.split(entity).join(mark);
  return out;
}

function restoreSlackEntities(html: string): string {
  // A bare URL ends where an escaped character starts (`&lt;https://x.y&gt;` links `https://x.y`).
  let out = html.replace(/<a href="([^"\uE010-\uE012]*)([\uE010-\uE012][^"]*)">\1\2<\/a>/g, (_, url: string, rest: string) =>
    url ? `<a href="${url}">${url}</a>${rest}` : rest,
  );
  for (const [, mark, entity] of SLACK_ENTITIES) out = out.split(mark).join(entity);
  return out;
}

/**
 * Mentions as Slack shows them without a workspace to look names up in.
 * slack-markdown writes a callback's result into the page as it is, and its
 * default puts the raw id there: ids are escaped here (names arrive as its
 * escaped output).
 */
const SLACK_MENTIONS: SlackCallbackOptions = {
  user: (n) => '@' + (n.name || escapeHtml(n.id)),
  channel: (n) => '#' + (n.name || escapeHtml(n.id)),
  usergroup: (n) => '@' + (n.name || escapeHtml(n.id)),
  atHere: () => '@here',
  atChannel: () => '@channel',
  atEveryone: () => '@everyone',
  date: (n) => n.fallback,
};

const SLACK_CLASSES = { 's-mention': 'mention', 's-emoji': 'emoji' };

/** Slack `mrkdwn` → HTML: bold, italic, strike, code, code blocks, quotes, links, mentions, dates, emoji shortcodes. */
export function slackMrkdwnToHtml(source: string): string {
  const html = slackToHtml(protectSlackEntities(source), { escapeHTML: true, slackCallbacks: SLACK_MENTIONS, cssModuleNames: SLACK_CLASSES });
  return restoreSlackEntities(html);
}

/**
 * Slack `plain_text` → HTML: no formatting, no links or mentions; with
 * `emoji: true` (what Slack assumes) shortcodes become emoji.
 */
export function slackPlainTextToHtml(source: string, emoji = true): string {
  const text = protectSlackEntities(source).replace(/</g, '\uE010').replace(/>/g, '\uE011');
  if (!emoji) return restoreSlackEntities(escapeHtml(text));
  return restoreSlackEntities(slackToHtml(text, { escapeHTML: true, slackOnly: true, slackCallbacks: SLACK_MENTIONS, cssModuleNames: SLACK_CLASSES }));
}

function slackText(t: SlackTextView): string {
  return t.format === 'mrkdwn' ? slackMrkdwnToHtml(t.text) : slackPlainTextToHtml(t.text, t.emoji);
}

/** Block Kit blocks as Slack lays them out (https://api.slack.com/reference/block-kit/blocks). */
export function slackBlocksToHtml(blocks: readonly SlackBlockView[]): string {
  return blocks.map(slackBlockToHtml).join('');
}

function slackBlockToHtml(block: SlackBlockView): string {
  switch (block.type) {
    case 'header':
      return `<div class="block header">${slackPlainTextToHtml(block.text)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="section-text">${slackText(block.text)}</div>` : '';
      const fields = block.fields.length ? `<div class="block-fields">${block.fields.map((f) => `<div class="block-field">${slackText(f)}</div>`).join('')}</div>` : '';
      const accessory = block.accessory ? `<div class="accessory">${accessoryHtml(block.accessory)}</div>` : '';
      return `<div class="block section"><div class="section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="block context">${block.elements
        .map((e) => (e.kind === 'image' ? `<span class="image-alt" title="${escapeHtml(e.url)}">🖼 ${escapeHtml(e.alt)}</span>` : `<span>${slackText(e.text)}</span>`))
        .join('')}</div>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'actions':
      return `<div class="block actions">${block.elements.map(buttonHtml).join('')}</div>`;
    case 'image':
      return `<div class="block image">${block.title ? `<div class="image-title">${slackPlainTextToHtml(block.title)}</div>` : ''}<div class="image-alt" title="${escapeHtml(block.url)}">🖼 ${escapeHtml(block.alt || block.url)}</div></div>`;
    case 'rich_text':
      return `<div class="block rich-text">${block.elements.map(richTextToHtml).join('')}</div>`;
    case 'other':
      return `<div class="block other">${escapeHtml(`[${block.name} block]`)}</div>`;
  }
}

function accessoryHtml(a: SlackElementView): string {
  if (a.kind === 'button') return buttonHtml(a);
  if (a.kind === 'image') return `<span class="image-alt" title="${escapeHtml(a.url ?? '')}">🖼 ${escapeHtml(a.alt)}</span>`;
  return `<span class="element">${escapeHtml(a.label)}</span>`;
}

function buttonHtml(b: { readonly kind: string; readonly label: string; readonly url?: string | null; readonly style?: string | null }): string {
  const style = b.style === 'primary' || b.style === 'danger' ? ` ${b.style}` : '';
  const label = slackPlainTextToHtml(b.label);
  if (b.kind !== 'button') return `<span class="button element">${label}</span>`;
  const href = b.url ? safeHref(b.url) : null;
  return href ? `<a class="button${style}" href="${escapeHtml(href)}" title="${escapeHtml(href)}">${label}</a>` : `<span class="button${style}">${label}</span>`;
}

function richTextToHtml(r: SlackRichText): string {
  switch (r.kind) {
    case 'section':
      return `<div>${r.elements.map(richInline).join('')}</div>`;
    case 'list': {
      const tag = r.ordered ? 'ol' : 'ul';
      return `<${tag}>${r.items.map((i) => `<li>${i.map(richInline).join('')}</li>`).join('')}</${tag}>`;
    }
    case 'quote':
      return `<blockquote>${r.elements.map(richInline).join('')}</blockquote>`;
    case 'preformatted':
      return `<pre>${r.elements.map((e) => escapeHtml(e.text)).join('')}</pre>`;
  }
}

function richInline(e: SlackRichInline): string {
  let html: string;
  if (e.kind === 'link') html = link(e.url, escapeHtml(e.text || e.url));
  else if (e.kind === 'emoji') html = slackPlainTextToHtml(`:${e.text}:`);
  else if (e.kind === 'mention') html = `<span class="mention">${escapeHtml(e.text)}</span>`;
  else html = escapeHtml(e.text).replace(/\n/g, '<br>');
  if (e.code) html = `<code>${html}</code>`;
  if (e.bold) html = `<strong>${html}</strong>`;
  if (e.italic) html = `<em>${html}</em>`;
  if (e.strike) html = `<del>${html}</del>`;
  return html;
}

// ---------------------------------------------------------------- Discord markdown

interface DiscordNode {
  readonly type: string;
  readonly content?: string | readonly DiscordNode[];
  readonly target?: string;
  readonly id?: string;
  readonly name?: string;
  readonly level?: number;
  readonly timestamp?: string;
  readonly format?: string;
  readonly lang?: string;
}

function discordNodes(nodes: readonly DiscordNode[]): string {
  return nodes.map(discordNode).join('');
}

function discordContent(node: DiscordNode): string {
  const c = node.content;
  if (c === undefined) return '';
  return typeof c === 'string' ? escapeHtml(c) : discordNodes(c);
}

function discordNode(node: DiscordNode): string {
  switch (node.type) {
    case 'text':
    case 'emoticon':
      return discordContent(node);
    case 'strong':
      return `<strong>${discordContent(node)}</strong>`;
    case 'em':
      return `<em>${discordContent(node)}</em>`;
    case 'underline':
      return `<u>${discordContent(node)}</u>`;
    case 'strikethrough':
      return `<del>${discordContent(node)}</del>`;
    case 'inlineCode':
      return `<code>${discordContent(node)}</code>`;
    case 'codeBlock':
      return `<pre><code>${discordContent(node)}</code></pre>`;
    case 'blockQuote':
      return `<blockquote>${discordContent(node)}</blockquote>`;
    case 'spoiler':
      return `<span class="spoiler">${discordContent(node)}</span>`;
    case 'heading': {
      const level = Math.min(3, Math.max(1, node.level ?? 1));
      return `<h${level + 2} class="heading">${discordContent(node)}</h${level + 2}>`;
    }
    case 'subtext':
      return `<small class="subtext">${discordContent(node)}</small>`;
    case 'br':
    case 'newline':
      return '<br>';
    case 'url':
    case 'autolink':
    case 'link':
      return link(node.target ?? '', discordContent(node));
    // Mentions show as pills; without the server's names, by id (`allowed_mentions` keeps them from pinging).
    case 'user':
      return `<span class="mention">@${escapeHtml(node.id ?? '')}</span>`;
    case 'role':
      return `<span class="mention role">@${escapeHtml(node.id ?? '')}</span>`;
    case 'channel':
      return `<span class="mention">#${escapeHtml(node.id ?? '')}</span>`;
    case 'everyone':
      return '<span class="mention">@everyone</span>';
    case 'here':
      return '<span class="mention">@here</span>';
    case 'emoji':
      return `<span class="emoji">:${escapeHtml(node.name ?? '')}:</span>`;
    case 'twemoji':
      return escapeHtml(node.name ?? '');
    case 'timestamp':
      return `<span class="timestamp">${escapeHtml(discordTimestamp(node.timestamp, node.format))}</span>`;
    case 'slashCommand':
      return `<span class="mention">/${escapeHtml(node.name ?? '')}</span>`;
    default:
      return discordContent(node);
  }
}

/** `<t:unix:F>`: shown in UTC (the reader's zone is the reader's). */
function discordTimestamp(unix: string | undefined, format: string | undefined): string {
  const ms = Number(unix) * 1000;
  if (!Number.isFinite(ms)) return `<t:${unix ?? ''}>`;
  const iso = new Date(ms).toISOString();
  if (format === 'd') return iso.slice(0, 10);
  if (format === 't' || format === 'T') return iso.slice(11, format === 't' ? 16 : 19) + ' UTC';
  return iso.slice(0, 16).replace('T', ' ') + ' UTC';
}

const LIST_ITEM = /^( *)([-*]|\d{1,9}\.) +(.*)$/;

/**
 * Discord markdown → HTML. discord-markdown-parser has no list rule, so
 * lines that start a list item (`- `, `* `, `1. `; outside code blocks) are
 * grouped into lists here, each item's text parsed by it like the rest.
 */
export function discordMarkdownToHtml(source: string): string {
  const out: string[] = [];
  const pieces = source.split(/(```[\s\S]*?```)/);
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) {
      out.push(discordNodes(parseDiscord(piece, 'extended') as DiscordNode[]));
      return;
    }
    let text: string[] = [];
    let list: { ordered: boolean; items: string[] } | undefined;
    const flushText = () => {
      if (text.length) out.push(discordNodes(parseDiscord(text.join('\n'), 'extended') as DiscordNode[]));
      text = [];
    };
    const flushList = () => {
      if (!list) return;
      const tag = list.ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${list.items.map((item) => `<li>${discordNodes(parseDiscord(item, 'extended') as DiscordNode[])}</li>`).join('')}</${tag}>`);
      list = undefined;
    };
    for (const line of piece.split('\n')) {
      const m = LIST_ITEM.exec(line);
      if (m) {
        const ordered = /\d/.test(m[2]!);
        if (!list || list.ordered !== ordered) {
          flushText();
          flushList();
          list = { ordered, items: [] };
        }
        list.items.push(m[3]!);
      } else {
        if (list) {
          flushList();
          if (line === '') continue;
        }
        text.push(line);
      }
    }
    flushText();
    flushList();
  });
  return out.join('');
}

/** Teams MessageCard text is a small markdown too; the Discord rules cover what it uses. */
export const messageCardMarkdownToHtml = discordMarkdownToHtml;

/** Shows secret/env placeholders (`‹secret:name›`) as marked chips in already-escaped HTML. */
export function markPlaceholders(html: string): string {
  return html.replace(/\u2039(secret|env):([^\u203a\u2039<]*)\u203a/g, '<span class="placeholder">\u2039$1:$2\u203a</span>');
}
