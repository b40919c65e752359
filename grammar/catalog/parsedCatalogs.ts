import type { CatalogOrigin } from './catalog';
import { parseCatalogJson } from './importCatalog';

/**
 * `parseCatalogJson`, remembered: the events read from one catalog text are
 * shared by every analysis, document and file of the process that imports
 * it, instead of each reading the text again (a 200,000-event catalog takes
 * seconds to read and holds hundreds of megabytes of events).
 *
 * It lives here, in grammar/, as a pure memo rather than in host/: it is
 * keyed by the text itself (and the origin the events carry), not by a
 * file's modification time, so it can never answer for a text other than
 * the one given — a catalog edited in the editor, changed on disk, or read
 * by another host is simply a miss. `parseCatalogJson` is a pure function
 * of (text, origin) and the memo returns the result of an earlier call with
 * equal arguments, so no caller can tell a hit from a miss but by time and
 * by object identity: an analysis never depends on it (the CLI, the editor
 * and a fresh open report the same). And every caller of `resolveImports`
 * (the CLI, the language server, the preview, tests) shares it without each
 * host threading a cache through.
 *
 * Bounded (LANGUAGE.md 7): at most MAX_PARSED_CATALOGS results whose texts
 * hold MAX_PARSED_CATALOG_CHARS characters together, the least recently used
 * let go first. Letting one go costs time only: it is read again when next
 * imported.
 */

/** How many parsed catalogs are kept. */
export const MAX_PARSED_CATALOGS = 32;
/** How many characters of catalog text the kept results hold together: twice a file's import budget (MAX_IMPORTED_CHARS). */
export const MAX_PARSED_CATALOG_CHARS = 40_000_000;

type Parsed = ReturnType<typeof parseCatalogJson>;

interface Kept {
  readonly text: string;
  readonly parsed: Parsed;
}

export class ParsedCatalogs {
  /** By origin (import path and resolved path); a Map iterates in insertion order: the least recently used first. */
  private readonly kept = new Map<string, Kept>();
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxCount = MAX_PARSED_CATALOGS,
    private readonly maxChars = MAX_PARSED_CATALOG_CHARS,
  ) {}

  /** `parseCatalogJson(text, origin)`, or the result of an earlier call with the same text and origin. */
  parse(text: string, origin: CatalogOrigin): Parsed {
    // The origin is part of the result (every event and variable carries it), so part of the key.
    const key = `${origin.kind}\n${origin.importPath ?? ''}\n${origin.resolvedPath ?? ''}\n${origin.offset ?? ''}`;
    const hit = this.kept.get(key);
    // Equal texts: the same string (a host's cache) compares at once, another copy character by character.
    if (hit && hit.text === text) {
      this.hits++;
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit.parsed;
    }
    this.misses++;
    const parsed = parseCatalogJson(text, origin);
    // One origin keeps one text: a catalog that changed replaces its older version.
    if (hit) this.drop(key, hit);
    if (text.length <= this.maxChars) {
      this.kept.set(key, { text, parsed });
      this.chars += text.length;
      for (const [k, v] of this.kept) {
        if (this.kept.size <= this.maxCount && this.chars <= this.maxChars) break;
        this.drop(k, v);
      }
    }
    return parsed;
  }

  get size(): number {
    return this.kept.size;
  }

  get heldChars(): number {
    return this.chars;
  }

  clear(): void {
    this.kept.clear();
    this.chars = 0;
  }

  private drop(key: string, kept: Kept): void {
    this.kept.delete(key);
    this.chars -= kept.text.length;
  }
}

/** The process's memo, which `resolveImports` reads through. */
export const parsedCatalogs = new ParsedCatalogs();
