/** Same as ./tokens (both names are in use). */
export { tokenize, type SyntaxToken, type SyntaxTokenKind } from './tokens';
