/**
 * Escaping of interpolated values (spec section 6): written template text is
 * left as is; values put into it are escaped for where the text goes.
 */
export type Escape = (text: string) => string;

const SLACK_SPECIAL = /[&<>]/;
const HTML_SPECIAL = /[&<>"']/;

/** Slack's three control characters; everything else is literal in Slack text. */
export const slackEscape: Escape = (text) => (SLACK_SPECIAL.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text);

/** HTML text and attribute values alike. */
export const htmlEscape: Escape = (text) =>
  !HTML_SPECIAL.test(text) ? text : text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
