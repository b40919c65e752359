import type { Expr, TemplatePart } from '../syntax/ast';

/**
 * The expressions directly inside an expression, looking through string
 * templates (interpolations, `if` conditions, `foreach` lists): what the
 * secret-flow check needs to find every place a value comes from.
 */
export function childExpressions(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'String':
      return templateExpressions(expr.parts);
    case 'Call':
      return [...expr.args];
    case 'Unary':
      return expr.operand ? [expr.operand] : [];
    case 'Binary':
      return expr.right ? [expr.left, expr.right] : [expr.left];
    case 'Member':
      return [expr.object];
    case 'Index':
      return expr.index ? [expr.object, expr.index] : [expr.object];
    case 'Paren':
      return expr.expr ? [expr.expr] : [];
    case 'List':
      return [...expr.items];
    case 'Map':
      return expr.entries.flatMap((e) => (e.value ? [e.value] : []));
    default:
      return [];
  }
}

function templateExpressions(parts: readonly TemplatePart[]): Expr[] {
  const out: Expr[] = [];
  for (const part of parts) {
    switch (part.kind) {
      case 'Interpolation':
        if (part.expr) out.push(part.expr);
        break;
      case 'If':
        if (part.condition) out.push(part.condition);
        out.push(...templateExpressions(part.then), ...templateExpressions(part.else ?? []));
        break;
      case 'Foreach':
        if (part.list) out.push(part.list);
        out.push(...templateExpressions(part.body));
        break;
      default:
        break;
    }
  }
  return out;
}
