/**
 * The secret names a text uses: the constant name of each `$Secret("…")`
 * and `%SecretMap("…")` call, in code and inside strings (`url = "https://x/$Secret('path')"`).
 * Built on the lexer, so what the language reads as a comment is skipped
 * (a commented-out secret is not offered) and a `#` in a string is not a
 * comment. Works on text that does not parse. Function names are
 * case-insensitive; a name with `$` (computed) is left out.
 */
import { lex, Lexer } from './lexer';
import { TT as T } from './tokenTypes';
import type { LexToken } from './tokenTypes';

const SECRET_IN_TEXT = /\$secret\(/gi;

export function secretNames(text: string): string[] {
  const names = new Set<string>();
  const take = (call: LexToken | undefined, paren: LexToken | undefined, arg: LexToken | undefined) => {
    if (call?.tokenType !== T.FuncName || (call.image.toLowerCase() !== '$secret' && call.image.toLowerCase() !== '%secretmap')) return;
    if (paren?.tokenType !== T.LParen || arg?.tokenType !== T.StringLit || !arg.str?.terminated || arg.str.quote === 'swim') return;
    const name = text.slice(arg.str.contentStart, arg.str.contentEnd).trim();
    if (name !== '' && !/[$`\r\n]/.test(name)) names.add(name);
  };
  const tokens = lex(text).tokens;
  tokens.forEach((t, i) => {
    take(t, tokens[i + 1], tokens[i + 2]);
    if (t.tokenType !== T.StringLit || !t.str) return;
    // A call inside a string's text: lex it as code from the `$`, within the string.
    const { contentStart, contentEnd } = t.str;
    for (const m of text.slice(contentStart, contentEnd).matchAll(SECRET_IN_TEXT)) {
      const inner = new Lexer(text, { start: contentStart + m.index!, end: contentEnd, initial: 'value' });
      take(inner.next(), inner.next(), inner.next());
    }
  });
  return [...names];
}
