import { list, record, str } from '../preview';

export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short: boolean;
}

/** A Block Kit text object: `mrkdwn` is formatted, `plain_text` is not (its shortcodes become emoji unless `emoji: false`). */
export interface SlackTextView {
  readonly format: 'mrkdwn' | 'plain_text';
  readonly text: string;
  readonly emoji: boolean;
}

export interface SlackElementView {
  /** `button`, `image`, or another interactive element shown by its name. */
  readonly kind: string;
  readonly label: string;
  readonly url: string | null;
  readonly style: string | null;
  readonly alt: string;
}

/** Rich text, as `rich_text` blocks hold it (https://api.slack.com/reference/block-kit/blocks#rich_text). */
export type SlackRichText =
  | { readonly kind: 'section' | 'quote'; readonly elements: readonly SlackRichInline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly SlackRichInline[])[] }
  | { readonly kind: 'preformatted'; readonly elements: readonly SlackRichInline[] };

export interface SlackRichInline {
  readonly kind: 'text' | 'link' | 'emoji' | 'mention';
  readonly text: string;
  readonly url: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly strike: boolean;
  readonly code: boolean;
}

/** One block as the preview draws it: plain data read from the body. */
export type SlackBlockView =
  | { readonly type: 'header'; readonly text: string }
  | { readonly type: 'section'; readonly text: SlackTextView | null; readonly fields: readonly SlackTextView[]; readonly accessory: SlackElementView | null }
  | { readonly type: 'context'; readonly elements: readonly ({ readonly kind: 'text'; readonly text: SlackTextView } | { readonly kind: 'image'; readonly url: string; readonly alt: string })[] }
  | { readonly type: 'divider' }
  | { readonly type: 'actions'; readonly elements: readonly SlackElementView[] }
  | { readonly type: 'image'; readonly url: string; readonly alt: string; readonly title: string }
  | { readonly type: 'rich_text'; readonly elements: readonly SlackRichText[] }
  | { readonly type: 'other'; readonly name: string };

export interface SlackView {
  readonly kind: 'slack';
  readonly text: string;
  readonly attachments: readonly { readonly color: string | null; readonly text: string; readonly fields: readonly SlackField[] }[];
  /** Block Kit blocks; when there are any, Slack shows them instead of `text` (which stays the notification's). */
  readonly blocks: readonly SlackBlockView[];
}

const SLACK_NAMED_COLORS: Record<string, string> = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };

/** Slack accepts `#rrggbb` or the three names; anything else shows no bar colour. */
export function slackColor(color: unknown): string | null {
  if (typeof color !== 'string') return null;
  if (SLACK_NAMED_COLORS[color]) return SLACK_NAMED_COLORS[color]!;
  return /^#?[0-9a-f]{6}$/i.test(color) ? (color.startsWith('#') ? color : '#' + color) : null;
}

export function slackView(body: unknown): SlackView {
  const b = record(body);
  return {
    kind: 'slack',
    text: str(b.text),
    attachments: list(b.attachments).map((a) => {
      const att = record(a);
      return {
        color: slackColor(att.color),
        text: str(att.text),
        fields: list(att.fields).map((f) => {
          const field = record(f);
          return { title: str(field.title), value: str(field.value), short: field.short === true };
        }),
      };
    }),
    blocks: list(b.blocks).map(blockView),
  };
}

function textView(v: unknown): SlackTextView {
  const t = record(v);
  return { format: t.type === 'plain_text' ? 'plain_text' : 'mrkdwn', text: str(t.text), emoji: t.emoji !== false };
}

function elementView(v: unknown): SlackElementView {
  const e = record(v);
  const kind = str(e.type) || 'element';
  const label = kind === 'button' ? str(record(e.text).text) : kind === 'image' ? str(e.alt_text) : str(record(e.placeholder).text) || kind.replace(/_/g, ' ');
  return { kind, label, url: typeof e.url === 'string' ? e.url : typeof e.image_url === 'string' ? e.image_url : null, style: typeof e.style === 'string' ? e.style : null, alt: str(e.alt_text) };
}

function blockView(v: unknown): SlackBlockView {
  const b = record(v);
  switch (b.type) {
    case 'header':
      return { type: 'header', text: str(record(b.text).text) };
    case 'section':
      return { type: 'section', text: b.text === undefined ? null : textView(b.text), fields: list(b.fields).map(textView), accessory: b.accessory === undefined ? null : elementView(b.accessory) };
    case 'context':
      return {
        type: 'context',
        elements: list(b.elements).map((e) => {
          const el = record(e);
          return el.type === 'image' ? { kind: 'image' as const, url: str(el.image_url), alt: str(el.alt_text) } : { kind: 'text' as const, text: textView(el) };
        }),
      };
    case 'divider':
      return { type: 'divider' };
    case 'actions':
      return { type: 'actions', elements: list(b.elements).map(elementView) };
    case 'image':
      return { type: 'image', url: str(b.image_url), alt: str(b.alt_text), title: str(record(b.title).text) };
    case 'rich_text':
      return { type: 'rich_text', elements: list(b.elements).map(richView) };
    default:
      return { type: 'other', name: str(b.type) || 'unknown' };
  }
}

function richView(v: unknown): SlackRichText {
  const r = record(v);
  const inline = (x: unknown) => list(record(x).elements).map(richInline);
  if (r.type === 'rich_text_list') return { kind: 'list', ordered: r.style === 'ordered', items: list(r.elements).map(inline) };
  if (r.type === 'rich_text_quote') return { kind: 'quote', elements: inline(r) };
  if (r.type === 'rich_text_preformatted') return { kind: 'preformatted', elements: inline(r) };
  return { kind: 'section', elements: inline(r) };
}

function richInline(v: unknown): SlackRichInline {
  const e = record(v);
  const style = record(e.style);
  const base = { url: '', bold: style.bold === true, italic: style.italic === true, strike: style.strike === true, code: style.code === true };
  switch (e.type) {
    case 'link':
      return { ...base, kind: 'link', text: str(e.text), url: str(e.url) };
    case 'emoji':
      return { ...base, kind: 'emoji', text: str(e.name) };
    case 'user':
      return { ...base, kind: 'mention', text: '@' + str(e.user_id) };
    case 'usergroup':
      return { ...base, kind: 'mention', text: '@' + str(e.usergroup_id) };
    case 'channel':
      return { ...base, kind: 'mention', text: '#' + str(e.channel_id) };
    case 'broadcast':
      return { ...base, kind: 'mention', text: '@' + str(e.range) };
    default:
      return { ...base, kind: 'text', text: str(e.text) };
  }
}
