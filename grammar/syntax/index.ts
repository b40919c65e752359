/** The syntax layer: parsing, templates, tokens for highlighting and tree walking. */
export * from './ast';
export { parse, type ParseResult } from './parser';
export { parseTemplate } from './template';
export { tokenize, type SyntaxToken, type SyntaxTokenKind } from './tokens';
export { forEachChild, walk, nodePathAt, type Visitor } from './visit';
export { LineMap, type LineCol } from './lineMap';
