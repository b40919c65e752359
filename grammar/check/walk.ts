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
      for (let i = 0; i < expr.args.length; i++) visit(expr.args[i]!);
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
      for (let i = 0; i < expr.items.length; i++) visit(expr.items[i]!);
      return;
    case 'Map':
      for (let i = 0; i < expr.entries.length; i++) {
        const value = expr.entries[i]!.value;
        if (value) visit(value);
      }
      return;
    default:
      return;
  }
}

// Indexed loops, not for-of: every string of every message property is walked (no iterator objects).
function forEachTemplateExpression(parts: readonly TemplatePart[], visit: (child: Expr) => void): void {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
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
