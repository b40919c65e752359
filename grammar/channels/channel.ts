import type { Diagnostic, DiagnosticCode, TextEdit } from '../diagnostics';
import type { FunctionDef } from '../functions/signature';
import type { EmailSpec, HttpRequestSpec, RenderedDelivery, TransportOptions } from '../render/delivery';
import type { ChannelProps } from '../render/properties';
import type { ChannelBlock, Expr } from '../syntax/ast';
import type { Type } from '../types/type';
import type { PropertyDef } from './properties';
import type { Reply, ReplyVerdict } from './reply';

/**
 * Everything one channel is, in one place (`grammar/channels/<kind>/`):
 * its properties, its extra checks, how its service's URLs look, how it
 * renders, how its service's reply reads, what the preview shows and the
 * snippet that writes it. The registry (./registry) lists the modules; the
 * checker, renderer, dispatcher, preview, language server, TextMate grammar,
 * snippets and docs all read them from there.
 *
 * Pure, like the rest of grammar/: no I/O. The dispatcher and the preview
 * call `reply` and `preview`; the SMTP and HTTP sending stay in client/.
 */
export interface MessageNeed {
  /** Any one of these, as `[property, default key]`. */
  readonly anyOf: readonly (readonly [property: string, key: 'body' | 'text' | 'title' | 'subject' | undefined])[];
  /** The property the quick fix writes, and its template. */
  readonly write: string;
  readonly template: string;
  readonly why: string;
}

export interface ChannelModule<K extends string = string, V extends { readonly kind: string } = { readonly kind: string }> {
  /** The keyword (`slack { … }`): lower case, a Notify name. */
  readonly kind: K;
  /** One sentence for hover and completion. */
  readonly doc: string;
  /** What is sent, for the channel table of docs/LANGUAGE.md (Markdown). */
  readonly sends: string;
  /** The channel's own properties; the registry adds timeout, retries and backoff. */
  readonly properties: readonly PropertyDef[];
  /** The service's webhook URLs, for NTF208 (a URL in the wrong channel) and NTF209 (a retired endpoint). */
  readonly service?: ServiceUrls;
  /** What a credential of this service looks like, for NTF207 (a credential written in the file). */
  readonly credentials?: readonly CredentialPattern[];
  /** Checks beyond the property table, for one written property (its value already typed). */
  readonly checkProperty?: (name: string, value: Expr, check: ChannelCheck) => void;
  /** Checks over the whole block (properties that exclude or need each other), after its properties are checked. */
  readonly checkBlock?: (block: ChannelBlock, check: ChannelCheck) => void;
  /**
   * Functions that build this service's payload pieces (Slack's `%SlackSection`):
   * part of the one function table (grammar/functions/builtins.ts), usable anywhere.
   */
  readonly functions?: readonly FunctionDef[];
  /**
   * What the service needs in a message to accept it (NTF213): each need is
   * met by one of its properties, written or given by every event's default.
   */
  readonly messageNeeds?: readonly MessageNeed[];
  /** A written property that means the message has no body at all (webhook `GET`), so no need applies. */
  readonly needsNothingWhen?: (property: string, constant: string | undefined) => boolean;
  readonly render: (props: ChannelProps) => ChannelOutput;
  /** What the service's reply to one attempt means; any 2xx is delivered when left out. */
  readonly reply?: (reply: Reply) => ReplyVerdict;
  /** How docs/delivery.md describes `reply` (Markdown); HTTP channels only. */
  readonly replyDoc?: { readonly delivered: string; readonly failures: string };
  /** The message as the receiver shows it, for the preview. */
  readonly preview: (delivery: RenderedDelivery) => V;
  readonly snippet: ChannelSnippet;
  /**
   * How fast the service takes messages to one destination (one webhook,
   * topic or routing key); the dispatcher paces several messages of one send
   * to it, and the preview says how long that takes (docs/delivery.md#pacing).
   * Left out: no pacing beyond the service's rate-limit headers.
   */
  readonly rateLimit?: RateLimit;
  /**
   * Migrations of this channel's blocks to a newer format of its service
   * (Slack attachments → Block Kit). Each is offered as a quick fix on its
   * diagnostic and run by `notify convert` (docs/LANGUAGE.md section 10).
   */
  readonly converters?: readonly Converter[];
}

export interface RateLimit {
  /** Messages a second to one destination. */
  readonly perSecond: number;
  /** Where the figure comes from (the service's documentation), for docs/delivery.md. */
  readonly source: string;
}

/**
 * One migration of a channel block: pure, from the block's syntax (and the
 * file's text, for spans and indentation) to text edits.
 *
 * The checker attaches `convert`'s edits as a fix to every diagnostic with
 * code `code` inside a block the converter applies to, and the language
 * server offers them as a refactoring, so the editor and `notify convert`
 * run the same function. Edits must be expressed against
 * `text`, must not overlap each other, and must stay inside `block.span`
 * (`notify convert` applies the edits of several blocks of one file at once).
 * The converted block must check without new errors.
 */
export interface Converter {
  /** Stable, for `notify convert --only ID`: lower case with dashes, e.g. `slack-blocks`. */
  readonly id: string;
  /** For the lightbulb menu and `notify convert`'s output: "Convert the Slack attachment to Block Kit blocks". */
  readonly title: string;
  /**
   * The diagnostic that offers it as a quick fix (a problem the conversion
   * solves, e.g. a MessageCard sent to a Workflows URL). Every converter is
   * also offered as a refactoring (`refactor.rewrite`) inside a block it
   * applies to, so a migration that fixes no problem needs no diagnostic.
   */
  readonly code?: DiagnosticCode;
  /** The edits that convert `block`, or undefined when this converter does not apply to it (or cannot convert it faithfully). */
  readonly convert: (block: ChannelBlock, text: string) => readonly TextEdit[] | undefined;
}

export type ChannelOutput =
  | { readonly request: HttpRequestSpec; readonly email?: undefined; readonly transport: TransportOptions }
  | { readonly email: EmailSpec; readonly request?: undefined; readonly transport: TransportOptions };

export interface ServiceUrls {
  /** How messages name the service: "Slack". */
  readonly name: string;
  /** "a Slack webhook URL". */
  readonly webhookLabel: string;
  readonly matches: (url: URL) => boolean;
  /** Endpoints the service retired (NTF209), and what to use instead. */
  readonly retired?: { readonly matches: (url: URL) => boolean; readonly message: string };
}

export interface CredentialPattern {
  /** For the message: "a Slack webhook URL (its path is the credential)". */
  readonly what: string;
  readonly pattern: RegExp;
}

/** What a channel's extra checks may use of the checker. */
export interface ChannelCheck {
  report(diagnostic: Diagnostic): void;
  /** The checked type of an expression inside the property's value. */
  typeOf(expr: Expr): Type | undefined;
  /** The file's text, for fixes that reuse written code or indentation; undefined when the checker has none. */
  readonly text: string | undefined;
}

/**
 * The channel's notifier snippet (snippets/notify.json is generated from it):
 * the lines inside the channel block (indentation included), in VS Code
 * snippet syntax, with
 * placeholders numbered from 3 (1 is the notifier's name, 2 its event).
 */
export interface ChannelSnippet {
  /** "Slack", as in "Notifier: Slack". */
  readonly title: string;
  readonly description: string;
  readonly lines: readonly string[];
}

/** Keeps the literal kind, so the registry's kinds make a union type. */
export function defineChannel<const K extends string, V extends { readonly kind: string }>(module: ChannelModule<K, V>): ChannelModule<K, V> {
  return module;
}
