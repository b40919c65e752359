/**
 * Token types of the hand-written lexer (./lexer) and parser (./parser). The
 * lexer is context-dependent: which token a word or a `>` is depends on
 * whether a value is expected there (swim strings, unquoted text, keywords
 * used as map keys), which a context-free regex lexer cannot know.
 */
import { CHANNEL_KINDS } from '../channels/registry';

/** A token type: `idx` indexes the parser's token sets, `LABEL` is how messages name it. */
export interface TokenType {
  readonly name: string;
  readonly LABEL: string;
  readonly idx: number;
}

let nextIdx = 0;
function tok(name: string, label: string): TokenType {
  return { name, LABEL: label, idx: nextIdx++ };
}

export const Import = tok('Import', '`import`');
export const Notifier = tok('Notifier', '`notifier`');
export const On = tok('On', '`on`');
export const When = tok('When', '`when`');
export const Sample = tok('Sample', '`sample`');
export const For = tok('For', '`for`');
export const True = tok('True', '`true`');
export const False = tok('False', '`false`');
/** A channel kind of grammar/channels/registry.ts (the image says which). */
export const ChannelKw = tok('ChannelKw', 'a channel kind');

export const Name = tok('Name', 'a name');
/** `$Name`, `@Name`, `%Name`, `${Name}` … */
export const Variable = tok('Variable', 'a variable');
/** `$Name` immediately followed by `(`; the `(` is a separate LParen. */
export const FuncName = tok('FuncName', 'a function name');
export const StringLit = tok('StringLit', 'a string');
export const NumberLit = tok('NumberLit', 'a number');
export const DurationLit = tok('DurationLit', 'a duration');
/** Bare words where a value was expected (NTF004). */
export const Unquoted = tok('Unquoted', 'unquoted text');

export const OrOp = tok('OrOp', '`||`');
export const AndOp = tok('AndOp', '`&&`');
export const Bang = tok('Bang', '`!`');
/** `==` `!=` `<` `<=` `>` `>=` (the image says which). */
export const CompareOp = tok('CompareOp', 'a comparison operator');
export const Eq = tok('Eq', "'='");
export const Dot = tok('Dot', "'.'");
export const Comma = tok('Comma', "','");
export const Semi = tok('Semi', "';'");
export const Colon = tok('Colon', "':'");
export const LCurly = tok('LCurly', "'{'");
export const RCurly = tok('RCurly', "'}'");
export const LParen = tok('LParen', "'('");
export const RParen = tok('RParen', "')'");
export const LBracket = tok('LBracket', "'['");
export const RBracket = tok('RBracket', "']'");
export const ListOpen = tok('ListOpen', "'@('");
export const MapOpen = tok('MapOpen', "'%('");

/** The end of the input (never produced by the lexer; the parser reads it past the last token). */
export const EOF = tok('EOF', 'the end of the input');

export const ALL_TOKEN_TYPES: TokenType[] = [
  Import, Notifier, On, When, Sample, For, True, False, ChannelKw,
  Name, Variable, FuncName, StringLit, NumberLit, DurationLit, Unquoted,
  OrOp, AndOp, Bang, CompareOp, Eq, Dot, Comma, Semi, Colon,
  LCurly, RCurly, LParen, RParen, LBracket, RBracket, ListOpen, MapOpen, EOF,
];

export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['import', Import],
  ['notifier', Notifier],
  ['on', On],
  ['when', When],
  ['sample', Sample],
  ['for', For],
  ['true', True],
  ['false', False],
  ...CHANNEL_KINDS.map((kind) => [kind, ChannelKw] as const),
]);

/** What the lexer learned about a string token (delimiters, termination). */
export interface StringInfo {
  readonly quote: '"' | "'" | 'swim';
  readonly marker?: string;
  /** Content between the delimiters (absolute offsets). */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Where template text starts: after the one newline a swim string drops. */
  readonly textStart: number;
  readonly terminated: boolean;
}

/** How a Name token is used, for semantic tokens. */
export type NameRole = 'event' | 'member' | 'key' | 'word';

/** A token: its type, text and offsets, and what the lexer knows besides. */
export interface LexToken {
  readonly tokenType: TokenType;
  readonly image: string;
  readonly startOffset: number;
  /** Exclusive end offset. */
  readonly end: number;
  str?: StringInfo;
  role?: NameRole;
  /** The token is the first on its line (used to tell keywords from unquoted text). */
  firstOnLine?: boolean;
}

/**
 * All token types as one plain object, for `import { TT as T }`: property
 * reads on it stay cheap in bundles (a namespace import becomes getters).
 */
export const TT = {
  Import, Notifier, On, When, Sample, For, True, False, ChannelKw,
  Name, Variable, FuncName, StringLit, NumberLit, DurationLit, Unquoted,
  OrOp, AndOp, Bang, CompareOp, Eq, Dot, Comma, Semi, Colon,
  LCurly, RCurly, LParen, RParen, LBracket, RBracket, ListOpen, MapOpen,
  EOF, KEYWORDS, ALL_TOKEN_TYPES,
} as const;
