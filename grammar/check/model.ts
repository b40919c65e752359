import type { EventDef, VariableDef } from '../catalog/catalog';
import type { FunctionDef } from '../functions/signature';
import type {
  CallExpr,
  ChannelBlock,
  Expr,
  NotifierDecl,
  SampleDecl,
  Sigil,
  Span,
  VariableRef,
} from '../syntax/ast';
import type { Type } from '../types/type';
import { NodeTable } from './nodeTable';

/**
 * What the checker learned about a file, for the language server (hover,
 * completion, go to definition, rename) and the renderer. Built once per
 * check; every lookup is by node identity or offset.
 */
export interface SemanticModel {
  readonly notifiers: readonly NotifierInfo[];
  readonly samples: readonly SampleInfo[];
  /** The type the checker gave an expression (undefined for nodes it never reached). */
  typeOf(expr: Expr): Type | undefined;
  resolveVariable(ref: VariableRef): VariableResolution | undefined;
  resolveCall(call: CallExpr): FunctionDef | undefined;
  /** Variables usable at `offset`: the enclosing notifier's or sample's event variables, then loop variables in scope. */
  variablesInScope(offset: number): readonly ScopeVariable[];
  notifierAt(offset: number): NotifierInfo | undefined;
  sampleAt(offset: number): SampleInfo | undefined;
  /** Every reference to a variable of this name in the file (case-insensitive), in source order. */
  references(name: string): readonly VariableRef[];
}

export interface NotifierInfo {
  readonly decl: NotifierDecl;
  /** The notifier's name (its string's text), undefined when missing. */
  readonly name: string | undefined;
  /** The known events of its `on` clause(s), in written order. */
  readonly events: readonly EventDef[];
  /** Every event name written in `on`, known or not. */
  readonly eventNames: readonly string[];
  readonly channels: readonly ChannelBlock[];
  /** `scope NAME;` when written and known (LANGUAGE.md 2.3). */
  readonly scope?: string;
  /** `each` (fan-out) or `digest` (LANGUAGE.md 2.1, 2.2), when written. */
  readonly shape?: 'each' | 'digest';
}

export interface SampleInfo {
  readonly decl: SampleDecl;
  readonly name: string | undefined;
  /** The sample's event when it is known. */
  readonly event: EventDef | undefined;
}

export type VariableKind = 'event' | 'loop' | 'sample';

export interface VariableResolution {
  /** Declared spelling (catalog spelling for event variables, as written for loop variables). */
  readonly name: string;
  readonly type: Type;
  /** The catalog declaration (event variables; for several events, the first event's). */
  readonly def?: VariableDef;
  /** Events that define it (empty for loop variables). */
  readonly definedBy: readonly string[];
  /** True when every event of the notifier (or the sample's event) defines it; true for loop variables. */
  readonly allEvents: boolean;
  /** `event`: from the catalog; `loop`: a foreach variable; `sample`: assigned in a sample. */
  readonly kind: VariableKind;
  /** Where a loop variable or sample assignment declares it. */
  readonly declaration?: Span;
  /** For hover: what a notifier-level variable is (`each`, `digest`, `scope`), instead of "loop variable of `foreach`". */
  readonly note?: string;
}

export interface ScopeVariable extends VariableResolution {
  /** The sigil to write it with (`$` `@` `%`; `$` for `any`). */
  readonly sigil: Sigil;
}

/** A foreach variable and the range of text where it is visible. */
export interface LoopScope {
  readonly range: Span;
  readonly variable: ScopeVariable;
}

/** The collected facts; the checker fills it, `SemanticModel` reads it. */
export class ModelBuilder implements SemanticModel {
  readonly notifiers: NotifierInfo[] = [];
  readonly samples: SampleInfo[] = [];
  readonly types = new NodeTable<Expr, Type>();
  readonly variables = new NodeTable<VariableRef, VariableResolution>();
  readonly calls = new NodeTable<CallExpr, FunctionDef>();
  readonly loops: LoopScope[] = [];
  readonly refs: VariableRef[] = [];
  /** Event variables per notifier or sample, in the order completion shows them. */
  readonly eventScopes = new Map<NotifierDecl | SampleDecl, readonly ScopeVariable[]>();

  typeOf(expr: Expr): Type | undefined {
    return this.types.get(expr);
  }

  resolveVariable(ref: VariableRef): VariableResolution | undefined {
    return this.variables.get(ref);
  }

  resolveCall(call: CallExpr): FunctionDef | undefined {
    return this.calls.get(call);
  }

  notifierAt(offset: number): NotifierInfo | undefined {
    return this.notifiers.find((n) => contains(n.decl.span, offset));
  }

  sampleAt(offset: number): SampleInfo | undefined {
    return this.samples.find((s) => contains(s.decl.span, offset));
  }

  variablesInScope(offset: number): readonly ScopeVariable[] {
    const owner = this.notifierAt(offset)?.decl ?? this.sampleAt(offset)?.decl;
    if (!owner) return [];
    const loops = this.loops
      .filter((l) => contains(owner.span, l.range.start) && contains(l.range, offset))
      // innermost first: a loop variable hides an outer one and an event variable of the same name
      .sort((a, b) => b.range.start - a.range.start)
      .map((l) => l.variable);
    const seen = new Set<string>();
    const out: ScopeVariable[] = [];
    for (const v of [...loops, ...(this.eventScopes.get(owner) ?? [])]) {
      const key = v.name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
    }
    return out;
  }

  references(name: string): readonly VariableRef[] {
    const key = name.toLowerCase();
    return this.refs.filter((r) => r.name.toLowerCase() === key).sort((a, b) => a.span.start - b.span.start);
  }
}

function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
