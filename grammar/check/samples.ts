import type { EventDef } from '../catalog/catalog';
import { isIsoDateTime } from '../catalog/exampleFits';
import { diagnostic } from '../diagnostics';
import type { Expr, SampleAssignment, SampleDecl, Span } from '../syntax/ast';
import { isAssignable, sigilOf, type Type } from '../types/type';
import { guarded, type CheckContext } from './context';
import { constantText, describeType, type ExpressionChecker } from './expressions';
import type { VariableResolution } from './model';
import { sigilFor, type EventScope } from './scope';
import { didYouMean } from './suggest';

/**
 * A sample's assignments (spec section 2): each sets a variable of the
 * sample's event to a value of its type (NTF402, NTF104, NTF105). Values
 * are typed in the event's scope.
 */
export class SampleChecker {
  constructor(
    private readonly ctx: CheckContext,
    private readonly exprs: ExpressionChecker,
  ) {}

  check(decl: SampleDecl, event: EventDef | undefined, scope: EventScope): void {
    const assigned = new Map<string, Span>();
    for (const a of decl.assignments) {
      guarded(undefined, () => this.assignment(a, event, scope, assigned));
    }
  }

  private assignment(a: SampleAssignment, event: EventDef | undefined, scope: EventScope, assigned: Map<string, Span>): void {
    const ref = a.variable;
    const valueType = this.exprs.typeOf(a.value, scope);
    this.ctx.model.refs.push(ref);
    if (!event) return; // NTF101 on the event already
    const key = ref.name.toLowerCase();
    const def = event.variables.get(key);
    if (!def) {
      const suggestion = didYouMean(ref.name, scope.names());
      this.ctx.report(
        diagnostic(
          'NTF402',
          ref.nameSpan,
          `\`${event.name}\` has no variable \`${ref.name}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          {
            fixes: suggestion
              ? [{ title: `Change to \`${ref.sigil}${suggestion}\``, edits: [{ span: ref.nameSpan, newText: suggestion }], preferred: true }]
              : [],
          },
        ),
      );
      return;
    }
    const resolution: VariableResolution = {
      name: def.name,
      type: def.type,
      def,
      definedBy: [event.name],
      allEvents: true,
      kind: 'sample',
      declaration: a.span,
    };
    this.ctx.model.variables.set(ref, resolution);
    const first = assigned.get(key);
    if (first) {
      this.ctx.report(
        diagnostic('NTF204', ref.span, `\`${def.name}\` is already set in this sample; remove one of them.`, {
          related: [{ span: first, message: `\`${def.name}\` first set here` }],
        }),
      );
    } else assigned.set(key, ref.span);
    if (def.name !== ref.name) {
      this.ctx.report(
        diagnostic('NTF105', ref.nameSpan, `\`${ref.name}\` is declared as \`${def.name}\`.`, {
          fixes: [{ title: `Change to \`${def.name}\``, edits: [{ span: ref.nameSpan, newText: def.name }], preferred: true }],
        }),
      );
    }
    const expected = sigilOf(def.type);
    if (expected !== 'any' && expected !== ref.sigil) {
      const sigil = sigilFor(def.type);
      this.ctx.report(
        diagnostic('NTF104', ref.span, `\`${def.name}\` is ${describeType(def.type)}: write \`${sigil}${def.name}\`.`, {
          fixes: [{ title: `Change to \`${sigil}${ref.name}\``, edits: [{ span: { start: ref.span.start, end: ref.span.start + 1 }, newText: sigil }], preferred: true }],
        }),
      );
    }
    const shape = a.value ? shapeProblem(valueType, def.type, def.name) : undefined;
    if (a.value && shape) {
      this.ctx.report(diagnostic('NTF402', a.value.span, shape));
    } else if (a.value && !fitsSample(a.value, valueType, def.type)) {
      this.ctx.report(
        diagnostic(
          'NTF402',
          a.value.span,
          `\`${def.name}\` is ${describeType(def.type)}, but this is ${describeType(valueType)}${sampleHint(def.type)}.`,
          { fixes: sampleFixes(a.value, def.type) },
        ),
      );
    }
  }
}

/**
 * Where a list or map literal has the right overall shape but a record in it
 * does not: an unknown key (records are closed) or a missing one (the
 * renderer would have nothing to show). Undefined when the shapes differ more
 * (the plain type message says it better) or fit.
 */
function shapeProblem(from: Type, to: Type, path: string): string | undefined {
  if (from.kind === 'list' && to.kind === 'list') return shapeProblem(from.item, to.item, `${path}[…]`);
  if (from.kind === 'record' && to.kind === 'map') {
    for (const f of from.fields.values()) {
      const p = shapeProblem(f.type, to.value, `${path}.${f.name}`);
      if (p) return p;
    }
    return undefined;
  }
  if (from.kind !== 'record' || to.kind !== 'record') return undefined;
  const keys = [...to.fields.values()].map((f) => f.name);
  for (const [k, f] of from.fields) {
    const expected = to.fields.get(k);
    if (!expected) {
      const suggestion = didYouMean(f.name, keys);
      return `${path} has no key \`${f.name}\`; its keys are ${keys.map((n) => `\`${n}\``).join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`;
    }
    const inner = shapeProblem(f.type, expected.type, `${path}.${expected.name}`);
    if (inner) return inner;
    if (!isAssignable(f.type, expected.type) && !(expected.type.kind === 'datetime' && f.type.kind === 'string')) {
      return `${path}.${expected.name} is ${describeType(expected.type)}, but this gives ${describeType(f.type)}.`;
    }
  }
  const missing = [...to.fields].filter(([k]) => !from.fields.has(k)).map(([, f]) => `\`${f.name}\``);
  if (missing.length) return `${path} needs ${missing.join(' and ')} too (every key of the record: ${keys.map((n) => `\`${n}\``).join(', ')}).`;
  return undefined;
}

/** Datetimes have no literal: a sample writes them as ISO 8601 strings, like catalog examples. */
function fitsSample(value: Expr, valueType: Type, varType: Type): boolean {
  if (varType.kind === 'datetime' && valueType.kind === 'string') {
    const text = constantText(value);
    return text !== undefined && isIsoDateTime(text);
  }
  if (valueType.kind === 'secret') return varType.kind === 'secret';
  return isAssignable(valueType, varType);
}

function sampleHint(varType: Type): string {
  if (varType.kind === 'datetime') return ' (write a datetime as an ISO 8601 string, e.g. "2026-04-28T07:12:43Z")';
  if (varType.kind === 'number') return ' (write a number without quotes, e.g. 9.8)';
  return '';
}

function sampleFixes(value: Expr, varType: Type) {
  const text = constantText(value);
  if (varType.kind === 'number' && text !== undefined && /^-?\d+(\.\d+)?$/.test(text.trim())) {
    return [{ title: `Change to the number ${text.trim()}`, edits: [{ span: value.span, newText: text.trim() }], preferred: true }];
  }
  if (varType.kind === 'string' && (value.kind === 'Number' || value.kind === 'Bool')) {
    const raw = value.kind === 'Number' ? value.raw : String(value.value);
    return [{ title: `Change to the string "${raw}"`, edits: [{ span: value.span, newText: `"${raw}"` }], preferred: true }];
  }
  return [];
}
