/**
 * The syntax tree of a `.notify` file (spec sections 2 and 3).
 *
 * Every node carries `span`: the exact half-open range [start, end) of UTF-16
 * offsets into the file text it was parsed from. Offsets, not line/column,
 * so that the tree is cheap to build; `LineMap` (./lineMap) converts.
 *
 * On broken text the parser still returns a tree: a missing piece is
 * `undefined` (e.g. `WhenClause.condition`) and the error is reported once as
 * a diagnostic. Consumers must therefore treat every optional child as
 * possibly absent.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Sigil = '$' | '@' | '%';

import type { ChannelKind } from '../channels/registry';

/** The channels are listed by grammar/channels/registry.ts. */
export type { ChannelKind };

// ---------------------------------------------------------------- file level

export interface NotifyFile {
  readonly kind: 'File';
  readonly span: Span;
  readonly items: readonly Item[];
  /** Every comment, in source order; the formatter keeps them. */
  readonly comments: readonly Comment[];
}

export interface Comment {
  readonly kind: 'Comment';
  readonly span: Span;
  readonly style: '#' | '//' | '/*';
  /** The comment's full source text including its markers. */
  readonly text: string;
}

export type Item = ImportDecl | NotifierDecl | SampleDecl;

export interface ImportDecl {
  readonly kind: 'Import';
  readonly span: Span;
  /** The path as written (a template without interpolation); undefined when missing. */
  readonly path?: StringLiteral;
}

export interface NotifierDecl {
  readonly kind: 'Notifier';
  readonly span: Span;
  readonly name?: StringLiteral;
  readonly clauses: readonly Clause[];
  /** Span of the `{ … }` body, for folding; undefined when the `{` is missing. */
  readonly bodySpan?: Span;
}

export type Clause = OnClause | WhenClause | ChannelBlock | EachClause | DigestClause | ScopeClause;

/** `each %Alert in @Alerts;` — fan-out: channels render once per item (LANGUAGE.md 2.1). */
export interface EachClause {
  readonly kind: 'Each';
  readonly span: Span;
  readonly keywordSpan: Span;
  readonly variable?: VariableRef;
  readonly list?: Expr;
}

/** `digest by $Tenant;` — channels render once per group of a batch (LANGUAGE.md 2.2). */
export interface DigestClause {
  readonly kind: 'Digest';
  readonly span: Span;
  readonly keywordSpan: Span;
  readonly key?: Expr;
}

/** `scope product;` (LANGUAGE.md 2.3). */
export interface ScopeClause {
  readonly kind: 'Scope';
  readonly span: Span;
  readonly keywordSpan: Span;
  readonly name?: Identifier;
}

export interface OnClause {
  readonly kind: 'On';
  readonly span: Span;
  readonly events: readonly EventRef[];
}

export interface EventRef {
  readonly kind: 'EventRef';
  readonly span: Span;
  /** Dotted lower-case name, e.g. `package.added`. */
  readonly name: string;
}

export interface WhenClause {
  readonly kind: 'When';
  readonly span: Span;
  readonly condition?: Expr;
}

export interface ChannelBlock {
  readonly kind: 'Channel';
  readonly span: Span;
  readonly channel: ChannelKind;
  /** Span of the channel keyword itself (for hover, code actions). */
  readonly keywordSpan: Span;
  readonly properties: readonly Property[];
  readonly bodySpan?: Span;
}

export interface Property {
  readonly kind: 'Property';
  readonly span: Span;
  readonly name: Identifier;
  readonly value?: Expr;
}

export interface Identifier {
  readonly kind: 'Identifier';
  readonly span: Span;
  readonly text: string;
}

export interface SampleDecl {
  readonly kind: 'Sample';
  readonly span: Span;
  readonly name?: StringLiteral;
  readonly event?: EventRef;
  readonly assignments: readonly SampleAssignment[];
  readonly bodySpan?: Span;
}

export interface SampleAssignment {
  readonly kind: 'SampleAssignment';
  readonly span: Span;
  readonly variable: VariableRef;
  readonly value?: Expr;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | NumberLiteral
  | DurationLiteral
  | BoolLiteral
  | StringLiteral
  | VariableRef
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | MemberExpr
  | IndexExpr
  | ParenExpr
  | ListLiteral
  | MapLiteral
  | UnquotedText;

export interface NumberLiteral {
  readonly kind: 'Number';
  readonly span: Span;
  readonly value: number;
  readonly raw: string;
}

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

export interface DurationLiteral {
  readonly kind: 'Duration';
  readonly span: Span;
  /** Length in milliseconds. */
  readonly ms: number;
  /** As written, e.g. `10s`; durations render as written (spec section 4). */
  readonly raw: string;
}

export interface BoolLiteral {
  readonly kind: 'Bool';
  readonly span: Span;
  readonly value: boolean;
}

/**
 * Any string kind. All strings are templates (spec section 3): `parts`
 * holds literal text (escapes already applied) and interpolations/tags.
 */
export interface StringLiteral {
  readonly kind: 'String';
  readonly span: Span;
  readonly quote: '"' | "'" | 'swim';
  /** For swim strings: the marker, e.g. `>>` or `>EOF>`. */
  readonly marker?: string;
  /** Span of the content between the delimiters. */
  readonly contentSpan: Span;
  readonly parts: readonly TemplatePart[];
}

export type TemplatePart = TextPart | InterpolationPart | IfTag | ForeachTag;

export interface TextPart {
  readonly kind: 'Text';
  readonly span: Span;
  /** The text with grave-accent escapes applied. */
  readonly value: string;
}

/**
 * `$Name`, `${Name}`, `$Func(args)` or `$(expr)` inside a string.
 * `expr` is a VariableRef, CallExpr, or for `$(…)` any expression;
 * `form` says which was written (the formatter and hover need it).
 */
export interface InterpolationPart {
  readonly kind: 'Interpolation';
  readonly span: Span;
  readonly form: 'name' | 'braced' | 'call' | 'expr';
  readonly expr?: Expr;
}

/** `<% if COND { %> … <% } else { %> … <% } %>` */
export interface IfTag {
  readonly kind: 'If';
  readonly span: Span;
  readonly condition?: Expr;
  readonly then: readonly TemplatePart[];
  readonly else?: readonly TemplatePart[];
}

/** `<% foreach $x in @List { %> … <% } %>` */
export interface ForeachTag {
  readonly kind: 'Foreach';
  readonly span: Span;
  /** The loop variable; its sigil says the item kind ($ scalar, % map, @ list). */
  readonly variable?: VariableRef;
  readonly list?: Expr;
  readonly body: readonly TemplatePart[];
}

export interface VariableRef {
  readonly kind: 'Variable';
  readonly span: Span;
  readonly sigil: Sigil;
  /** The name as written (case preserved; lookups are case-insensitive). */
  readonly name: string;
  readonly nameSpan: Span;
  /** Written as `${Name}`. */
  readonly braced: boolean;
}

export interface CallExpr {
  readonly kind: 'Call';
  readonly span: Span;
  readonly sigil: Sigil;
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Expr[];
  /** Span of `( … )`, for signature help. */
  readonly argsSpan: Span;
}

export interface UnaryExpr {
  readonly kind: 'Unary';
  readonly span: Span;
  readonly op: '!';
  readonly operand?: Expr;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface BinaryExpr {
  readonly kind: 'Binary';
  readonly span: Span;
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right?: Expr;
}

export interface MemberExpr {
  readonly kind: 'Member';
  readonly span: Span;
  readonly object: Expr;
  /** Undefined when the name after `.` is missing (completion still works). */
  readonly member?: Identifier;
}

export interface IndexExpr {
  readonly kind: 'Index';
  readonly span: Span;
  readonly object: Expr;
  readonly index?: Expr;
}

export interface ParenExpr {
  readonly kind: 'Paren';
  readonly span: Span;
  readonly expr?: Expr;
}

export interface ListLiteral {
  readonly kind: 'List';
  readonly span: Span;
  readonly items: readonly Expr[];
}

export interface MapLiteral {
  readonly kind: 'Map';
  readonly span: Span;
  readonly entries: readonly MapEntry[];
}

export interface MapEntry {
  readonly kind: 'MapEntry';
  readonly span: Span;
  /** The key (from a NAME or a STRING without interpolation). */
  readonly key: string;
  readonly keySpan: Span;
  readonly value?: Expr;
}

/**
 * Bare words where a value was expected (OtterScript's implicit strings,
 * e.g. `$FeedType == NuGet`). Always an NTF004 error; kept in the tree so
 * the quick fix can quote it and the checker can go on.
 */
export interface UnquotedText {
  readonly kind: 'Unquoted';
  readonly span: Span;
  readonly text: string;
}

export type Node =
  | NotifyFile
  | Comment
  | Item
  | Clause
  | EventRef
  | Property
  | Identifier
  | SampleAssignment
  | Expr
  | TemplatePart
  | MapEntry;
