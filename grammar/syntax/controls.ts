/**
 * The bidirectional embedding, override and isolate controls, as the body of
 * a RegExp character class: they make text display in another order than it
 * is read (Trojan Source). NTF006 finds them in a file (./parser.ts); the CLI
 * escapes them in what it prints (client/cli/io.ts).
 */
export const BIDI_CONTROLS = '\\u202A-\\u202E\\u2066-\\u2069';
