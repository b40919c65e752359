import { list, record, str } from '../preview';

export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short: boolean;
}

export interface SlackView {
  readonly kind: 'slack';
  readonly text: string;
  readonly attachments: readonly { readonly color: string | null; readonly text: string; readonly fields: readonly SlackField[] }[];
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
  };
}
