import { EvalError } from '../../functions/signature';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import { channelColor, colorHex, type Color } from '../../render/colors';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { jsonPost } from '../http';

/**
 * Microsoft Teams (spec section 6): an Adaptive Card 1.4 wrapped in a
 * message, as Teams Workflows ("Post to a channel when a webhook request is
 * received") expects, or a legacy connector MessageCard.
 */
export type TeamsFormat = 'adaptive' | 'messagecard';

export interface TeamsInput {
  readonly url: string;
  readonly format: TeamsFormat;
  readonly title: string;
  readonly text: string;
  readonly color: Color;
  readonly facts: TextEntries;
}

/** Adaptive Cards have no free colours: names map to its palette, a hex colour leaves the default. */
export function adaptiveTextColor(color: Color): 'good' | 'warning' | 'attention' | undefined {
  switch (color) {
    case 'good':
      return 'good';
    case 'warning':
      return 'warning';
    case 'danger':
      return 'attention';
    default:
      return undefined;
  }
}

export function adaptiveCard(input: Omit<TeamsInput, 'url' | 'format'>): object {
  const textColor = adaptiveTextColor(input.color);
  const body: object[] = [
    { type: 'TextBlock', text: input.title, size: 'Large', weight: 'Bolder', wrap: true, ...(textColor ? { color: textColor } : {}) },
    { type: 'TextBlock', text: input.text, wrap: true },
  ];
  // An empty FactSet is not worth a block; the card reads the same without it.
  if (input.facts.length) body.push({ type: 'FactSet', facts: input.facts.map(([title, value]) => ({ title, value })) });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  };
}

export function messageCard(input: Omit<TeamsInput, 'url' | 'format'>): object {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: input.title,
    themeColor: colorHex(input.color),
    title: input.title,
    text: input.text,
    sections: [{ facts: input.facts.map(([name, value]) => ({ name, value })) }],
  };
}

export function buildTeamsRequest(input: TeamsInput): HttpRequestSpec {
  return jsonPost(input.url, input.format === 'adaptive' ? adaptiveCard(input) : messageCard(input));
}

export function renderTeams(props: ChannelProps): { request: HttpRequestSpec; transport: TransportOptions } {
  const transport = props.transport();
  const url = props.required('url');
  const format = props.text('format') ?? 'adaptive';
  if (format !== 'adaptive' && format !== 'messagecard') {
    props.at('format', () => {
      throw new EvalError(`format "${format}" is not "adaptive" or "messagecard"`);
    });
  }
  const title = props.textOrDefault('title', 'title');
  const text = props.textOrDefault('text', 'text');
  const colorText = props.text('color');
  const color = props.at('color', () => channelColor(colorText, props.scope));
  const facts = props.entries('facts') ?? [];
  const request = props.at('url', () => buildTeamsRequest({ url, format: format as TeamsFormat, title, text, color, facts }));
  return { request, transport };
}
