import type { SlackField } from '../slack/preview';
import { slackColor } from '../slack/preview';
import { list, record, str } from '../preview';

/** A Mattermost post: Slack's attachments, Markdown text. */
export interface MattermostView {
  readonly kind: 'mattermost';
  readonly username: string;
  readonly text: string;
  readonly attachments: readonly { readonly color: string | null; readonly fields: readonly SlackField[] }[];
}

export function mattermostView(body: unknown): MattermostView {
  const b = record(body);
  return {
    kind: 'mattermost',
    username: str(b.username),
    text: str(b.text),
    attachments: list(b.attachments).map((a) => {
      const att = record(a);
      return {
        color: slackColor(att.color),
        fields: list(att.fields).map((f) => {
          const field = record(f);
          return { title: str(field.title), value: str(field.value), short: field.short === true };
        }),
      };
    }),
  };
}
