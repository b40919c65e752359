/**
 * Walking the syntax tree: children in source order, including the template
 * parts of strings and the expressions inside them.
 */
import type * as A from './ast';

type Visit = (node: A.Node) => void;

function each(nodes: readonly A.Node[] | undefined, fn: Visit): void {
  if (nodes) for (const n of nodes) fn(n);
}

function one(node: A.Node | undefined, fn: Visit): void {
  if (node) fn(node);
}

/** Calls `fn` on each direct child of `node`, in source order. Comments are children of the file, after its items. */
export function forEachChild(node: A.Node, fn: Visit): void {
  switch (node.kind) {
    case 'File':
      each(node.items, fn);
      each(node.comments, fn);
      return;
    case 'Import':
      one(node.path, fn);
      return;
    case 'Notifier':
      one(node.name, fn);
      each(node.clauses, fn);
      return;
    case 'On':
      each(node.events, fn);
      return;
    case 'When':
      one(node.condition, fn);
      return;
    case 'Each':
      one(node.variable, fn);
      one(node.list, fn);
      return;
    case 'Digest':
      one(node.key, fn);
      return;
    case 'Scope':
      one(node.name, fn);
      return;
    case 'Channel':
      each(node.properties, fn);
      return;
    case 'Property':
      fn(node.name);
      one(node.value, fn);
      return;
    case 'Sample':
      one(node.name, fn);
      one(node.event, fn);
      each(node.assignments, fn);
      return;
    case 'SampleAssignment':
      fn(node.variable);
      one(node.value, fn);
      return;
    case 'String':
      each(node.parts, fn);
      return;
    case 'Interpolation':
      one(node.expr, fn);
      return;
    case 'If':
      one(node.condition, fn);
      each(node.then, fn);
      each(node.else, fn);
      return;
    case 'Foreach':
      one(node.variable, fn);
      one(node.list, fn);
      each(node.body, fn);
      return;
    case 'Call':
      each(node.args, fn);
      return;
    case 'Unary':
      one(node.operand, fn);
      return;
    case 'Binary':
      fn(node.left);
      one(node.right, fn);
      return;
    case 'Member':
      fn(node.object);
      one(node.member, fn);
      return;
    case 'Index':
      fn(node.object);
      one(node.index, fn);
      return;
    case 'Paren':
      one(node.expr, fn);
      return;
    case 'List':
      each(node.items, fn);
      return;
    case 'Map':
      each(node.entries, fn);
      return;
    case 'MapEntry':
      one(node.value, fn);
      return;
    case 'Comment':
    case 'EventRef':
    case 'Identifier':
    case 'Number':
    case 'Duration':
    case 'Bool':
    case 'Variable':
    case 'Text':
    case 'Unquoted':
      return;
  }
}

export interface Visitor {
  /** Called before the children; return false to skip them. */
  enter?(node: A.Node, parent: A.Node | undefined): boolean | void;
  /** Called after the children. */
  leave?(node: A.Node, parent: A.Node | undefined): void;
}

/**
 * Pre-order walk of `node` and everything under it. A plain function is
 * `enter`. Iterative: a tree as deep as a 100,000-term `1 + 1 + …` chain does
 * not overflow the stack.
 */
export function walk(node: A.Node, visitor: Visitor | ((node: A.Node, parent: A.Node | undefined) => boolean | void)): void {
  const v: Visitor = typeof visitor === 'function' ? { enter: visitor } : visitor;
  const stack: { node: A.Node; parent: A.Node | undefined; children?: A.Node[]; next: number }[] = [{ node, parent: undefined, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (!top.children) {
      if (v.enter?.(top.node, top.parent) === false) {
        stack.pop();
        continue;
      }
      const children: A.Node[] = [];
      forEachChild(top.node, (c) => children.push(c));
      top.children = children;
    }
    if (top.next < top.children.length) {
      stack.push({ node: top.children[top.next++]!, parent: top.node, next: 0 });
    } else {
      stack.pop();
      v.leave?.(top.node, top.parent);
    }
  }
}

/**
 * The nodes whose span contains `offset`, outermost (the file) to innermost.
 * Ends are inclusive, so a cursor right after `$Pack` finds the variable;
 * when one child ends where the next starts, the child that really contains
 * the offset wins.
 */
export function nodePathAt(file: A.NotifyFile, offset: number): A.Node[] {
  const path: A.Node[] = [file];
  let current: A.Node = file;
  for (;;) {
    let strict: A.Node | undefined;
    let touching: A.Node | undefined;
    forEachChild(current, (c) => {
      if (strict) return;
      const { start, end } = c.span;
      if (start <= offset && offset < end) strict = c;
      else if (offset === end && start <= offset && !touching) touching = c;
    });
    const next = strict ?? touching;
    if (!next) return path;
    path.push(next);
    current = next;
  }
}

/** The innermost node of a kind on a path from `nodePathAt`. */
export function innermost<K extends A.Node['kind']>(path: readonly A.Node[], kind: K): Extract<A.Node, { kind: K }> | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (path[i]!.kind === kind) return path[i] as Extract<A.Node, { kind: K }>;
  return undefined;
}
