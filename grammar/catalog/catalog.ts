import type { Type } from '../types/type';

/** JSON as parsed: the form of example values in catalogs. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The default texts an event supplies where a channel leaves them out, written in the language. */
export interface EventDefaults {
  readonly body?: string;
  readonly text?: string;
  readonly title?: string;
  readonly subject?: string;
}

export interface VariableDef {
  /** Declared spelling, e.g. `PackageId` (lookups are case-insensitive). */
  readonly name: string;
  readonly type: Type;
  readonly example: Json;
  readonly description?: string;
  /**
   * The longest text the source system sends for this variable (characters,
   * for each string in its value): the `long` fixture's length (render/fixtures.ts).
   */
  readonly maxLength?: number;
  /** Where it is declared: `builtin` or the catalog file path as imported. */
  readonly origin: CatalogOrigin;
}

export interface CatalogOrigin {
  readonly kind: 'builtin' | 'import';
  /** For imports: the path as written in the `import`, and the resolved path. */
  readonly importPath?: string;
  readonly resolvedPath?: string;
  /** Offset of the declaration in the JSON text (for go to definition), when known. */
  readonly offset?: number;
}

export interface EventDef {
  readonly name: string;
  readonly description: string;
  /** Keyed by lower-cased variable name. Includes the common variables ($EventName, $EventId, $Timestamp, $NotifierName). */
  readonly variables: ReadonlyMap<string, VariableDef>;
  readonly defaults: EventDefaults;
  readonly origin: CatalogOrigin;
}

export interface Catalog {
  /** Keyed by event name (exact, lower-case dotted). */
  readonly events: ReadonlyMap<string, EventDef>;
  /** Recipient groups of the workspace (LANGUAGE.md 2.4); undefined when no recipients file was found. */
  readonly recipients?: import('./recipients').RecipientBook;
}
