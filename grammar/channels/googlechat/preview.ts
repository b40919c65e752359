import { list, record, str } from '../preview';

/** A Google Chat message: its text, and the cards Notify sends (header and label/value rows). */
export interface GoogleChatView {
  readonly kind: 'googlechat';
  readonly text: string;
  readonly cards: readonly {
    readonly title: string;
    readonly subtitle: string;
    readonly rows: readonly { readonly label: string; readonly text: string }[];
  }[];
}

export function googleChatView(body: unknown): GoogleChatView {
  const b = record(body);
  return {
    kind: 'googlechat',
    text: str(b.text),
    cards: list(b.cardsV2).map((c) => {
      const card = record(record(c).card);
      const header = record(card.header);
      return {
        title: str(header.title),
        subtitle: str(header.subtitle),
        rows: list(card.sections).flatMap((s) =>
          list(record(s).widgets).map((w) => {
            const decorated = record(record(w).decoratedText);
            return { label: str(decorated.topLabel), text: str(decorated.text) };
          }),
        ),
      };
    }),
  };
}
