/**
 * Escaping of interpolated values (spec section 6): written template text is
 * left as is; values put into it are escaped for where the text goes.
 */
export type Escape = (text: string) => string;

/** Slack's three control characters; everything else is literal in Slack text. */
export const slackEscape: Escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** HTML text and attribute values alike. */
export const htmlEscape: Escape = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
