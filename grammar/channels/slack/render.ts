import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import { channelColor, type Color } from '../../render/colors';
import { slackEscape } from '../../render/escape';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { isShort, jsonPost } from '../http';

/** Slack incoming webhook (spec section 6): `{text, attachments: [{color, fields: [{title, value, short}]}]}`. */
export interface SlackInput {
  readonly url: string;
  readonly text: string;
  /** `good`, `warning`, `danger` or `#rrggbb`, as Slack takes them. */
  readonly color: Color;
  readonly fields: TextEntries;
}

/** Always one attachment, even without fields: the colour bar shows the severity and the shape stays the same. */
export function buildSlackRequest(input: SlackInput): HttpRequestSpec {
  return jsonPost(input.url, {
    text: input.text,
    attachments: [
      {
        color: input.color,
        fields: input.fields.map(([title, value]) => ({ title, value, short: isShort(value) })),
      },
    ],
  });
}

/** Interpolated values are escaped for Slack (`&`, `<`, `>`); written text is not. */
export function renderSlack(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const text = props.textOrDefault('text', 'text', slackEscape);
  const colorText = props.text('color');
  const color = props.at('color', () => channelColor(colorText, props.scope));
  const fields = props.entries('fields', slackEscape) ?? [];
  const request = props.at('url', () => buildSlackRequest({ url, text, color, fields }));
  return { request, transport };
}
