import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import { htmlEscape, type Escape } from '../../render/escape';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { jsonPost } from '../http';

/**
 * Google Chat incoming webhook: `{text}`, plus a card (`cardsV2`) with a
 * header and one row per field when `title`, `subtitle` or `fields` is set.
 */
export interface GoogleChatInput {
  readonly url: string;
  readonly text: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly fields: TextEntries;
}

/** Google Chat refuses a message over 32,000 bytes (https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages: "32,000 bytes"). The module's `messageLimit` (index.ts); the renderer checks it on the body. */
export const GOOGLE_CHAT_MAX_BYTES = 32_000;

/**
 * Interpolated values must not become mentions (`<users/all>` notifies the
 * whole space) or links: a zero-width space after `<` keeps the text as
 * written and defeats Chat's `<…>` syntax, whether or not it decodes entities.
 */
export const chatTextEscape: Escape = (text) => text.replace(/</g, '<\u200b');

export function buildGoogleChatRequest(input: GoogleChatInput): HttpRequestSpec {
  const card = input.title !== undefined || input.subtitle !== undefined || input.fields.length > 0;
  const payload = {
    text: input.text,
    ...(card
      ? {
          cardsV2: [
            {
              cardId: 'notify',
              card: {
                ...(input.title !== undefined || input.subtitle !== undefined
                  ? { header: { title: input.title ?? '', ...(input.subtitle !== undefined ? { subtitle: input.subtitle } : {}) } }
                  : {}),
                // A section needs at least one widget.
                ...(input.fields.length ? { sections: [{ widgets: input.fields.map(([label, value]) => ({ decoratedText: { topLabel: label, text: value, wrapText: true } })) }] } : {}),
              },
            },
          ],
        }
      : {}),
  };
  return jsonPost(input.url, payload);
}

export function renderGoogleChat(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const text = props.textOrDefault('text', 'text', chatTextEscape);
  // Card text takes a subset of HTML: values are HTML-escaped there.
  const title = props.text('title', htmlEscape);
  const subtitle = props.text('subtitle', htmlEscape);
  const fields = props.entries('fields', htmlEscape) ?? [];
  const request = props.at('url', () => buildGoogleChatRequest({ url, text, title, subtitle, fields }));
  return { request, transport };
}
