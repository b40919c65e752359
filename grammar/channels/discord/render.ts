import { EvalError } from '../../functions/signature';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import { channelColor, colorInt, type Color } from '../../render/colors';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { isShort, jsonPost } from '../http';

/**
 * Discord webhook (spec section 6). `content` is "" when not set: Discord
 * takes an empty content beside an embed, and the keys stay the same.
 * `allowed_mentions: {parse: []}` means rendered text can never ping
 * @everyone, a role or a user.
 */
export interface DiscordInput {
  readonly url: string;
  readonly content: string;
  readonly title: string;
  readonly description: string;
  readonly color: Color;
  readonly fields: TextEntries;
}

/**
 * Discord's limit across an embed's texts; a longer embed is rejected with
 * HTTP 400, so we fail first, clearly. The limit of each text is declared on
 * its property (index.ts) and checked where the property is read.
 */
export const DISCORD_EMBED_TOTAL = 6000;

/** Discord rejects an empty field name or value; a zero-width space keeps the field. */
const EMPTY_FIELD = '\u200b';

export function buildDiscordRequest(input: DiscordInput): HttpRequestSpec {
  const total = input.title.length + input.description.length + input.fields.reduce((n, [name, value]) => n + name.length + value.length, 0);
  if (total > DISCORD_EMBED_TOTAL) {
    throw new EvalError(`Discord allows at most ${DISCORD_EMBED_TOTAL} characters in an embed's title, description and fields together; this has ${total}`);
  }
  return jsonPost(input.url, {
    content: input.content,
    embeds: [
      {
        title: input.title,
        description: input.description,
        color: colorInt(input.color),
        fields: input.fields.map(([name, value]) => ({ name: name || EMPTY_FIELD, value: value || EMPTY_FIELD, inline: isShort(value) })),
      },
    ],
    allowed_mentions: { parse: [] },
  });
}

export function renderDiscord(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const content = props.text('content') ?? '';
  const title = props.textOrDefault('title', 'title');
  const description = props.textOrDefault('description', 'text');
  const colorText = props.text('color');
  const color = props.at('color', () => channelColor(colorText, props.scope));
  const fields = props.entries('fields') ?? [];
  const request = props.at('url', () => buildDiscordRequest({ url, content, title, description, color, fields }));
  return { request, transport };
}
