import type { Expr, TemplatePart } from '../syntax/ast';

/**
 * The expressions directly inside an expression, looking through string
 * templates (interpolations, `if` conditions, `foreach` lists): what the
 * secret-flow check needs to find every place a value comes from. A
 * callback, not an array: that check visits every expression of every property.
 */
export function forEachChildExpression(expr: Expr, visit: (child: Expr) => void): void {
  switch (expr.kind) {
    case 'String':
      forEachTemplateExpression(expr.parts, visit);
      return;
    case 'Call':
      for (const a of expr.args) visit(a);
      return;
    case 'Unary':
      if (expr.operand) visit(expr.operand);
      return;
    case 'Binary':
      visit(expr.left);
      if (expr.right) visit(expr.right);
      return;
    case 'Member':
      visit(expr.object);
      return;
    case 'Index':
      visit(expr.object);
      if (expr.index) visit(expr.index);
      return;
    case 'Paren':
      if (expr.expr) visit(expr.expr);
      return;
    case 'List':
      for (const i of expr.items) visit(i);
      return;
    case 'Map':
      for (const e of expr.entries) if (e.value) visit(e.value);
      return;
    default:
      return;
  }
}

function forEachTemplateExpression(parts: readonly TemplatePart[], visit: (child: Expr) => void): void {
  for (const part of parts) {
    switch (part.kind) {
      case 'Interpolation':
        if (part.expr) visit(part.expr);
        break;
      case 'If':
        if (part.condition) visit(part.condition);
        forEachTemplateExpression(part.then, visit);
        if (part.else) forEachTemplateExpression(part.else, visit);
        break;
      case 'Foreach':
        if (part.list) visit(part.list);
        forEachTemplateExpression(part.body, visit);
        break;
      default:
        break;
    }
  }
}
