import { channelColor, type Color } from '../../render/colors';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import type { Escape } from '../../render/escape';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { isShort, jsonPost } from '../http';

/**
 * Mattermost incoming webhook: Slack's payload (`{text, attachments: [{color,
 * fields: [{title, value, short}]}]}`), plus `username` when written. Text is
 * Markdown, not Slack's mrkdwn.
 */
export interface MattermostInput {
  readonly url: string;
  readonly text: string;
  readonly color: Color;
  readonly fields: TextEntries;
  readonly username?: string;
}

/**
 * Mattermost's default post size (`MaxPostSize`, 16,383 characters:
 * https://docs.mattermost.com/configure/environment-configuration-settings.html);
 * a longer message is cut or refused by the server. Declared on `text` (index.ts).
 */
export const MATTERMOST_MAX_TEXT = 16_383;

/**
 * Interpolated values must not notify anyone: `@channel`, `@all`, `@here` and
 * `@user` ping in Mattermost. A zero-width space after `@` keeps the text as
 * written and stops the mention.
 */
export const mattermostEscape: Escape = (text) => text.replace(/@/g, '@\u200b');

export function buildMattermostRequest(input: MattermostInput): HttpRequestSpec {
  return jsonPost(input.url, {
    text: input.text,
    ...(input.username !== undefined ? { username: input.username } : {}),
    attachments: [{ color: input.color, fields: input.fields.map(([title, value]) => ({ title, value, short: isShort(value) })) }],
  });
}

export function renderMattermost(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const text = props.textOrDefault('text', 'text', mattermostEscape);
  const colorText = props.text('color');
  const color = props.at('color', () => channelColor(colorText, props.scope));
  const fields = props.entries('fields', mattermostEscape) ?? [];
  const username = props.text('username');
  const request = props.at('url', () => buildMattermostRequest({ url, text, color, fields, username }));
  return { request, transport };
}
