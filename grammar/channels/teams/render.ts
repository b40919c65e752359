import { EvalError } from '../../functions/signature';
import type { HttpRequestSpec, TransportOptions } from '../../render/delivery';
import { channelColor, colorHex, type Color } from '../../render/colors';
import type { ChannelProps, TextEntries } from '../../render/properties';
import { JsonText, jsonPost } from '../http';
import { toJson } from '../../functions/text';
import { isList, isMap } from '../../values/value';

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
  /** Adaptive Card elements written in `body`, after the title, text and facts. */
  readonly body?: readonly unknown[];
  /** Adaptive Card `actions`. */
  readonly actions?: readonly unknown[];
  /** MessageCard `sections` written, after the one holding `facts`. */
  readonly sections?: readonly unknown[];
  /** MessageCard `potentialAction`. */
  readonly potentialAction?: readonly unknown[];
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
  const body: unknown[] = [];
  // An empty title or text is left out, so `title = ""; text = "";` beside `body` gives a card made only of what is written.
  if (input.title) body.push({ type: 'TextBlock', text: input.title, size: 'Large', weight: 'Bolder', wrap: true, ...(textColor ? { color: textColor } : {}) });
  if (input.text) body.push({ type: 'TextBlock', text: input.text, wrap: true });
  // An empty FactSet is not worth a block; the card reads the same without it.
  if (input.facts.length) body.push({ type: 'FactSet', facts: input.facts.map(([title, value]) => ({ title, value })) });
  if (input.body) body.push(...input.body);
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
          ...(input.actions?.length ? { actions: input.actions } : {}),
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
    sections: [{ facts: input.facts.map(([name, value]) => ({ name, value })) }, ...(input.sections ?? [])],
    ...(input.potentialAction?.length ? { potentialAction: input.potentialAction } : {}),
  };
}

/** A property holding a list of card objects (maps), as JSON. */
function jsonList(props: ChannelProps, name: string): unknown[] | undefined {
  const value = props.value(name);
  if (value === undefined || value === null) return undefined;
  return props.at(name, () => {
    if (!isList(value)) throw new EvalError(`${name} must be a list of maps, but this is not a list`);
    return value.map((item, i) => {
      if (!isMap(item)) throw new EvalError(`${name} item ${i + 1} must be a map (a card ${name === 'actions' || name === 'potential_action' ? 'action' : 'element'}), not ${isList(item) ? 'a list' : 'a scalar'}`);
      return new JsonText(toJson(item));
    });
  });
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
  const body = jsonList(props, 'body');
  const actions = jsonList(props, 'actions');
  const sections = jsonList(props, 'sections');
  const potentialAction = jsonList(props, 'potential_action');
  const request = props.at('url', () =>
    buildTeamsRequest({ url, format: format as TeamsFormat, title, text, color, facts, body, actions, sections, potentialAction }),
  );
  return { request, transport };
}
