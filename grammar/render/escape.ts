/**
 * Escaping of interpolated values (spec section 6): written template text is
 * left as is; values put into it are escaped for where the text goes.
 */
export type Escape = (text: string, place?: Place) => string;

/**
 * Where an interpolated value goes, for an escape that depends on it (a
 * URL's, channels/http.ts): passed only to escapes marked `placed`, so text
 * escapes cost nothing for it.
 */
export interface Place {
  /** The text rendered before the value, written text and earlier values as put in. */
  readonly before: string;
  /** The written text right after the value; '' at the end of the whole text; undefined when not known before rendering (a tag or another value follows). */
  readonly next: string | undefined;
  /** A secret or `$Env` value: configuration, not data. */
  readonly configured: boolean;
}

/** An escape that reads the `Place` of each value. */
export type PlacedEscape = Escape & { readonly placed: true; /** The property whose text it escapes, for errors. */ readonly property: string };

const SLACK_SPECIAL = /[&<>]/;
const HTML_SPECIAL = /[&<>"']/;

/** Slack's three control characters; everything else is literal in Slack text. */
export const slackEscape: Escape = (text) => (SLACK_SPECIAL.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text);

/** HTML text and attribute values alike. */
export const htmlEscape: Escape = (text) =>
  !HTML_SPECIAL.test(text) ? text : text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
