import type { EventDef } from '../catalog/catalog';
import { sameType, sigilOf, T, type Type } from '../types/type';
import type { Sigil, Span } from '../syntax/ast';
import type { ScopeVariable } from './model';

/**
 * Where names are looked up: a loop variable hides the variables around it,
 * the outermost scope is the event variables of a notifier or a sample.
 */
export interface Scope {
  /** By lower-cased name. */
  lookup(key: string): ScopeVariable | undefined;
  /**
   * `lookup` of a name as written in the file (ASCII, as the lexer reads
   * names): each level tries the name's own spelling before comparing lower
   * cases, so the usual reference, written as declared, is found without
   * lower-casing it (an allocation per reference).
   */
  find(name: string): ScopeVariable | undefined;
  /** Every visible name, innermost first (for did-you-mean). */
  names(): string[];
  /**
   * True when the enclosing events are not all known (an unknown event or no
   * `on`): an unknown variable is then not reported, because the real event
   * may define it, and one mistake should give one diagnostic.
   */
  readonly open: boolean;
  /** The known event names, for NTF103 messages. */
  readonly eventNames: readonly string[];
  /** Is this (lower-cased) name checked with `$IsVariableDefined` around here? Then NTF103 is not reported. */
  isGuarded(key: string): boolean;
}

export function sigilFor(type: Type): Sigil {
  const s = sigilOf(type);
  return s === 'any' ? '$' : s;
}

/**
 * The variables of a set of events: their union, each saying which events
 * define it. Where events disagree on a variable's type it is `any`
 * (checked at render time), because either type may arrive.
 */
export function eventVariables(events: readonly EventDef[]): ScopeVariable[] {
  const byKey = new Map<string, { v: ScopeVariable; definedBy: string[]; type: Type }>();
  for (const event of events) {
    for (const [key, def] of event.variables) {
      const seen = byKey.get(key);
      if (!seen) {
        byKey.set(key, {
          v: { name: def.name, type: def.type, def, definedBy: [], allEvents: false, kind: 'event', sigil: sigilFor(def.type) },
          definedBy: [event.name],
          type: def.type,
        });
      } else {
        if (!seen.definedBy.includes(event.name)) seen.definedBy.push(event.name);
        if (!sameType(seen.type, def.type)) seen.type = T.any;
      }
    }
  }
  const total = new Set(events.map((e) => e.name)).size;
  return [...byKey.values()].map(({ v, definedBy, type }) => ({
    ...v,
    type,
    sigil: sigilFor(type),
    definedBy,
    allEvents: definedBy.length === total,
  }));
}

export function indexVariables(variables: readonly ScopeVariable[]): Map<string, ScopeVariable> {
  return new Map(variables.map((v) => [v.name.toLowerCase(), v]));
}

/** The variables by their declared spelling (one per lower-cased name, as eventVariables merges them). */
export function indexSpellings(variables: readonly ScopeVariable[]): Map<string, ScopeVariable> {
  return new Map(variables.map((v) => [v.name, v]));
}

export class EventScope implements Scope {
  private readonly byKey: Map<string, ScopeVariable>;
  private readonly bySpelling: Map<string, ScopeVariable>;
  /** Names a `when $IsVariableDefined("…")` clause guards for the whole notifier. */
  readonly guards = new Set<string>();

  constructor(
    readonly variables: readonly ScopeVariable[],
    readonly open: boolean,
    readonly eventNames: readonly string[],
    byKey?: Map<string, ScopeVariable>,
    bySpelling?: Map<string, ScopeVariable>,
  ) {
    this.byKey = byKey ?? indexVariables(variables);
    this.bySpelling = bySpelling ?? indexSpellings(variables);
  }

  lookup(key: string): ScopeVariable | undefined {
    return this.byKey.get(key);
  }

  find(name: string): ScopeVariable | undefined {
    return this.bySpelling.get(name) ?? this.byKey.get(name.toLowerCase());
  }

  names(): string[] {
    return this.variables.map((v) => v.name);
  }

  isGuarded(key: string): boolean {
    return this.guards.has(key);
  }
}

export class LoopScope implements Scope {
  private readonly key: string;

  constructor(
    private readonly parent: Scope,
    readonly variable: ScopeVariable,
  ) {
    this.key = variable.name.toLowerCase();
  }

  get open(): boolean {
    return this.parent.open;
  }

  get eventNames(): readonly string[] {
    return this.parent.eventNames;
  }

  lookup(key: string): ScopeVariable | undefined {
    return key === this.key ? this.variable : this.parent.lookup(key);
  }

  find(name: string): ScopeVariable | undefined {
    // An ASCII name lower-cases to one of the same length: other lengths cannot match.
    if (name === this.variable.name || (name.length === this.key.length && name.toLowerCase() === this.key)) return this.variable;
    return this.parent.find(name);
  }

  names(): string[] {
    return [this.variable.name, ...this.parent.names()];
  }

  isGuarded(key: string): boolean {
    return this.parent.isGuarded(key);
  }
}

/** The `then` branch of `<% if $IsVariableDefined("X") { %>`: X is known to be there. */
export class GuardScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly guards: ReadonlySet<string>,
  ) {}

  get open(): boolean {
    return this.parent.open;
  }

  get eventNames(): readonly string[] {
    return this.parent.eventNames;
  }

  lookup(key: string): ScopeVariable | undefined {
    return this.parent.lookup(key);
  }

  find(name: string): ScopeVariable | undefined {
    return this.parent.find(name);
  }

  names(): string[] {
    return this.parent.names();
  }

  isGuarded(key: string): boolean {
    return this.guards.has(key) || this.parent.isGuarded(key);
  }
}

export function loopVariable(name: string, type: Type, declaration: Span): ScopeVariable {
  return { name, type, definedBy: [], allEvents: true, kind: 'loop', declaration, sigil: sigilFor(type) };
}
