import { list, record, str, type UnreadableView } from '../preview';

export type TeamsView =
  | { readonly kind: 'teams-adaptive'; readonly card: unknown }
  | {
      readonly kind: 'teams-messagecard';
      readonly title: string;
      readonly text: string;
      readonly color: string | null;
      readonly facts: readonly { readonly name: string; readonly value: string }[];
      /** Sections' activity lines and text, in order (their facts are in `facts`). */
      readonly sections: readonly { readonly activityTitle: string; readonly activitySubtitle: string; readonly text: string }[];
      /** `potentialAction` names (buttons). */
      readonly actions: readonly string[];
    };

/** MessageCard `themeColor` is hex without `#`. */
function hexColor(color: unknown): string | null {
  if (typeof color !== 'string') return null;
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color);
  return m ? '#' + m[1] : null;
}

export function teamsView(body: unknown): TeamsView | UnreadableView {
  const b = record(body);
  if (b['@type'] === 'MessageCard') {
    const facts = list(b.sections).flatMap((s) =>
      list(record(s).facts).map((f) => ({ name: str(record(f).name), value: str(record(f).value) })),
    );
    const sections = list(b.sections)
      .map(record)
      .map((s) => ({ activityTitle: str(s.activityTitle), activitySubtitle: str(s.activitySubtitle), text: str(s.text) }))
      .filter((s) => s.activityTitle || s.activitySubtitle || s.text);
    const actions = list(b.potentialAction).map((a) => str(record(a).name));
    return { kind: 'teams-messagecard', title: str(b.title), text: str(b.text), color: hexColor(b.themeColor), facts, sections, actions };
  }
  const attachment = list(b.attachments)
    .map(record)
    .find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!attachment) return { kind: 'unreadable', reason: 'no Adaptive Card attachment in the message' };
  return { kind: 'teams-adaptive', card: attachment.content };
}
