import type { Node, NotifyFile, Span, StringLiteral, TemplatePart } from '../grammar/syntax/ast';

/**
 * The direct children of a syntax node, in source order. The server walks
 * trees of broken text, so every optional child is checked.
 */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  const add = (n: Node | undefined) => {
    if (n) out.push(n);
  };
  switch (node.kind) {
    case 'File':
      out.push(...node.items);
      break;
    case 'Import':
      add(node.path);
      break;
    case 'Notifier':
      add(node.name);
      out.push(...node.clauses);
      break;
    case 'On':
      out.push(...node.events);
      break;
    case 'When':
      add(node.condition);
      break;
    case 'Each':
      add(node.variable);
      add(node.list);
      break;
    case 'Digest':
      add(node.key);
      break;
    case 'Scope':
      add(node.name);
      break;
    case 'Channel':
      out.push(...node.properties);
      break;
    case 'Property':
      add(node.name);
      add(node.value);
      break;
    case 'Sample':
      add(node.name);
      add(node.event);
      out.push(...node.assignments);
      break;
    case 'SampleAssignment':
      add(node.variable);
      add(node.value);
      break;
    case 'String':
      out.push(...node.parts);
      break;
    case 'Interpolation':
      add(node.expr);
      break;
    case 'If':
      add(node.condition);
      out.push(...node.then, ...(node.else ?? []));
      break;
    case 'Foreach':
      add(node.variable);
      add(node.list);
      out.push(...node.body);
      break;
    case 'Call':
      out.push(...node.args);
      break;
    case 'Unary':
      add(node.operand);
      break;
    case 'Binary':
      add(node.left);
      add(node.right);
      break;
    case 'Member':
      add(node.object);
      add(node.member);
      break;
    case 'Index':
      add(node.object);
      add(node.index);
      break;
    case 'Paren':
      add(node.expr);
      break;
    case 'List':
      out.push(...node.items);
      break;
    case 'Map':
      out.push(...node.entries);
      break;
    case 'MapEntry':
      add(node.value);
      break;
    default:
      break;
  }
  return out;
}

/**
 * The nodes whose span contains `offset` (a cursor touching a node's end
 * counts, which is where a cursor after a typed word is), outermost first.
 * Among siblings the last one touching wins, so `a|.b` picks the member
 * rather than nothing.
 */
export function pathAt(file: NotifyFile, offset: number): Node[] {
  const path: Node[] = [file];
  let node: Node = file;
  for (;;) {
    let next: Node | undefined;
    for (const child of childrenOf(node)) {
      if (child.span.start <= offset && offset <= child.span.end) next = child;
      else if (child.span.start > offset) break;
    }
    if (!next) return path;
    path.push(next);
    node = next;
  }
}

/** Visits every node, parents before children. */
export function walk(node: Node, visit: (n: Node, parent: Node | undefined) => void, parent?: Node): void {
  visit(node, parent);
  for (const child of childrenOf(node)) walk(child, visit, node);
}

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Strictly inside: after the opening and before the closing delimiter of a `{…}`-like span. */
export function inside(span: Span | undefined, offset: number): boolean {
  return !!span && span.start < offset && offset < span.end;
}

/** The text of a string without interpolation (names of notifiers and samples); undefined otherwise. */
export function plainText(s: StringLiteral | undefined): string | undefined {
  if (!s) return undefined;
  let text = '';
  for (const part of s.parts as readonly TemplatePart[]) {
    if (part.kind !== 'Text') return undefined;
    text += part.value;
  }
  return text;
}

/** The innermost node of a kind on a path from `pathAt`. */
export function innermost<K extends Node['kind']>(path: readonly Node[], kind: K): Extract<Node, { kind: K }> | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (path[i]!.kind === kind) return path[i] as Extract<Node, { kind: K }>;
  return undefined;
}

/** What a notifier's `each`/`digest` makes of one event, in words (outline, hover): undefined for one message per channel. */
export function notifierShape(decl: import('../grammar/syntax/ast').NotifierDecl): string | undefined {
  for (const c of decl.clauses) {
    if (c.kind === 'Each' && c.variable) return `one message per item (\`each ${c.variable.sigil}${c.variable.name}\`)`;
    if (c.kind === 'Digest') return 'one message per group of events (`digest by`)';
  }
  return undefined;
}
