/**
 * The errors `render` can still give for a file that checks clean
 * (docs/LANGUAGE.md section 4, "What check guarantees"): each depends on a
 * value known only when rendering. Every one is reported at a position in
 * the file. The soundness property test holds the renderer to this list;
 * the contract lists the same errors in words.
 */
export interface RenderTimeError {
  readonly what: string;
  readonly pattern: RegExp;
}

export const RENDER_TIME_ERRORS: readonly RenderTimeError[] = [
  { what: 'a URL computed from values is not an absolute http(s) URL', pattern: /is not an absolute URL|must start with http:\/\/ or https:\/\// },
  { what: 'a value that cannot go into the scheme or host of a URL (section 6.4)', pattern: /cannot go into the scheme or host of/ },
  { what: 'a header value computed from values contains a line break or a NUL character', pattern: /contains a (line break|NUL character)/ },
  { what: 'a header name computed from values is not an HTTP token', pattern: /is not a valid HTTP header name/ },
  { what: "a text is longer than the service's documented limit", pattern: /^[A-Za-z ]+ allows at most \d+ (characters|bytes|fields|blocks|elements)\b/ },
  { what: 'an email computed from values has no recipient in `to`', pattern: /needs at least one recipient/ },
  { what: 'a function given a value it cannot take (an index out of range, text that is not JSON, a regex over its step budget)', pattern: /^(ListItem|MapItem|FromJson|Substring|MatchesRegex|RegexReplace|PadLeft|PadRight|Truncate|Date|DateUtc|Replace): / },
  { what: "ProGet's package functions without the data they read: `$PackageHash` for an algorithm the event carries no hash of, `$PackageProperty` without a default for a property the package lacks (ProGet does not send then either)", pattern: /^\$?(PackageHash|PackageProperty): / },
  { what: 'a Slack block computed from values (`$FromJson`, a variable) that is not a block Slack knows, or a helper given a value of type `any` it cannot take (a button URL that is not absolute, a list as text)', pattern: /^blocks: |^Slack(Header|Section|Fields|Context|Actions): / },
  { what: 'Teams card elements or actions computed from values (`$FromJson`) that are not a list of maps', pattern: /^(body|actions|sections|potential_action)( item \d+)? must be (a list of maps|a map)/ },
  { what: 'an evaluation bound (text size, loop iterations, nesting)', pattern: /longer than|more than \d+ (times|deep)/ },
];
