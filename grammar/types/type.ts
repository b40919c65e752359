/**
 * The types of spec section 4. `record` is closed (unknown keys are errors),
 * `map` is open. `any` is what `FromJson` returns: checked at render time only.
 */
export type Type =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'secret' }
  | { readonly kind: 'any' }
  | { readonly kind: 'list'; readonly item: Type }
  | { readonly kind: 'map'; readonly value: Type }
  | { readonly kind: 'record'; readonly fields: ReadonlyMap<string, RecordField> };

/** A record field keeps its declared spelling; lookups are by lower-cased key. */
export interface RecordField {
  readonly name: string;
  readonly type: Type;
}

export const T = {
  string: { kind: 'string' } as Type,
  number: { kind: 'number' } as Type,
  bool: { kind: 'bool' } as Type,
  datetime: { kind: 'datetime' } as Type,
  duration: { kind: 'duration' } as Type,
  secret: { kind: 'secret' } as Type,
  any: { kind: 'any' } as Type,
  list: (item: Type): Type => ({ kind: 'list', item }),
  map: (value: Type): Type => ({ kind: 'map', value }),
  record: (fields: Record<string, Type>): Type => {
    // Object.keys' order, without Object.entries' pair arrays: every map literal and event type is made here.
    const byKey = new Map<string, { name: string; type: Type }>();
    const names = Object.keys(fields);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      byKey.set(name.toLowerCase(), { name, type: fields[name]! });
    }
    return { kind: 'record', fields: byKey };
  },
} as const;

/** The sigil kind a value of this type is written with: `$` scalar, `@` list, `%` map/record. */
export function sigilOf(type: Type): '$' | '@' | '%' | 'any' {
  switch (type.kind) {
    case 'list':
      return '@';
    case 'map':
    case 'record':
      return '%';
    case 'any':
      return 'any';
    default:
      return '$';
  }
}

export function isScalar(type: Type): boolean {
  return sigilOf(type) === '$';
}

/** Writes a type the way catalogs declare it: `list<{Name: string, AffectedVersions: string}>`. */
export function typeToString(type: Type): string {
  switch (type.kind) {
    case 'list':
      return `list<${typeToString(type.item)}>`;
    case 'map':
      return `map<${typeToString(type.value)}>`;
    case 'record':
      return `{${[...type.fields.values()].map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ')}}`;
    default:
      return type.kind;
  }
}

/** Structural equality; `any` equals nothing but `any` (use `isAssignable` for checks). */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
      return sameType(a.item, (b as typeof a).item);
    case 'map':
      return sameType(a.value, (b as typeof a).value);
    case 'record': {
      const bf = (b as typeof a).fields;
      if (a.fields.size !== bf.size) return false;
      for (const [k, f] of a.fields) {
        const g = bf.get(k);
        if (!g || !sameType(f.type, g.type)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

/**
 * Can a value of type `from` be used where `to` is expected?
 * `any` fits everywhere and accepts everything (checked at render time).
 * A record fits a `map<T>` when every field fits T.
 */
export function isAssignable(from: Type, to: Type): boolean {
  if (from.kind === 'any' || to.kind === 'any') return true;
  if (to.kind === 'list' && from.kind === 'list') return isAssignable(from.item, to.item);
  if (to.kind === 'map' && from.kind === 'map') return isAssignable(from.value, to.value);
  if (to.kind === 'map' && from.kind === 'record') {
    for (const f of from.fields.values()) if (!isAssignable(f.type, to.value)) return false;
    return true;
  }
  if (to.kind === 'record' && from.kind === 'record') {
    for (const [k, f] of from.fields) {
      const g = to.fields.get(k);
      if (!g || !isAssignable(f.type, g.type)) return false;
    }
    return true;
  }
  return sameType(from, to);
}

/** A type that holds a secret somewhere: a call given one returns a secret (taint by type). */
export function containsSecret(type: Type): boolean {
  switch (type.kind) {
    case 'secret':
      return true;
    case 'list':
      return containsSecret(type.item);
    case 'map':
      return containsSecret(type.value);
    case 'record': {
      // asked of every argument of every call; an event's record is large and the same object each time
      let known = recordsWithSecrets.get(type);
      if (known === undefined) {
        known = false;
        for (const f of type.fields.values()) if (containsSecret(f.type)) known = true;
        recordsWithSecrets.set(type, known);
      }
      return known;
    }
    default:
      return false;
  }
}
const recordsWithSecrets = new WeakMap<Type, boolean>();
