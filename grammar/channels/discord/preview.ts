import { list, record, str } from '../preview';

export interface DiscordField {
  readonly name: string;
  readonly value: string;
  readonly inline: boolean;
}

export interface DiscordView {
  readonly kind: 'discord';
  readonly content: string;
  readonly embeds: readonly {
    readonly title: string;
    readonly description: string;
    readonly color: string | null;
    readonly fields: readonly DiscordField[];
  }[];
}

/** Discord embeds carry colours as integers. */
export function discordColor(color: unknown): string | null {
  if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff) return null;
  return '#' + color.toString(16).padStart(6, '0');
}

export function discordView(body: unknown): DiscordView {
  const b = record(body);
  return {
    kind: 'discord',
    content: str(b.content),
    embeds: list(b.embeds).map((e) => {
      const embed = record(e);
      return {
        title: str(embed.title),
        description: str(embed.description),
        color: discordColor(embed.color),
        fields: list(embed.fields).map((f) => {
          const field = record(f);
          return { name: str(field.name), value: str(field.value), inline: field.inline === true };
        }),
      };
    }),
  };
}
