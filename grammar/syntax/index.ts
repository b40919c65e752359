/**
 * The syntax layer (spec sections 1–3; decisions in docs/syntax-notes.md):
 *
 * - `parse(text)` → `{ file, diagnostics }`: the tree of ./ast and the syntax
 *   diagnostics NTF001–NTF006. Never throws; broken text gives a partial tree.
 * - `parseTemplate(content, baseOffset?)` → `{ parts, diagnostics }`: the
 *   content of a string (or an event default text) as template parts.
 * - `tokenize(text)` → `{ tokens }`: fine-grained tokens for semantic
 *   highlighting, including the pieces inside strings.
 * - `forEachChild`, `walk`, `nodePathAt`, `innermost`: walking the tree.
 */
export * from './ast';
/** The channel keywords, from grammar/channels/registry.ts. */
export { CHANNEL_KINDS } from '../channels/registry';
export { parse, type ParseResult } from './parser';
export { parseTemplate, type TemplateSink } from './template';
export { tokenize, type SyntaxToken, type SyntaxTokenKind } from './tokens';
export { forEachChild, walk, nodePathAt, innermost, type Visitor } from './visit';
export { LineMap, type LineCol } from './lineMap';
