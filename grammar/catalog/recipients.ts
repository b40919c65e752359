import { isEmailAddress } from '../check/literals';

/**
 * Recipient groups (LANGUAGE.md 2.4): named lists of addresses from the
 * workspace file `notify-recipients.json`. Reading the file is the host's
 * job (like imports); this module only understands its text.
 */
export const RECIPIENTS_FILE = 'notify-recipients.json';

export interface RecipientGroup {
  /** As written in the file. */
  readonly name: string;
  readonly members: readonly string[];
  /** Members that are not valid addresses (NTF206 where the group is used). */
  readonly invalid: readonly string[];
}

export type RecipientBook =
  | { readonly ok: true; readonly path: string; readonly groups: ReadonlyMap<string, RecipientGroup> }
  | { readonly ok: false; readonly path?: string; readonly error: string };

/** What a host found: the file's text and where, or why it could not read it; undefined when there is none. */
export type RecipientsRead = { readonly text: string; readonly resolvedPath: string } | { readonly error: string; readonly resolvedPath?: string } | undefined;

const NAME = /^[A-Za-z][A-Za-z0-9_-]*(?<![_-])$/;

export function parseRecipients(read: NonNullable<RecipientsRead>): RecipientBook {
  if ('error' in read) return { ok: false, ...(read.resolvedPath ? { path: read.resolvedPath } : {}), error: read.error };
  const path = read.resolvedPath;
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    return { ok: false, path, error: `${path} is not valid JSON (${(e as Error).message})` };
  }
  const groups = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>).groups : undefined;
  if (groups === null || typeof groups !== 'object' || Array.isArray(groups)) {
    return { ok: false, path, error: `${path} must be {"groups": {"name": ["address", …]}}` };
  }
  const out = new Map<string, RecipientGroup>();
  for (const [name, members] of Object.entries(groups as Record<string, unknown>)) {
    if (!NAME.test(name)) return { ok: false, path, error: `${path}: "${name}" is not a group name (a letter, then letters, digits, _ or -)` };
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) {
      return { ok: false, path, error: `${path}: group "${name}" must be a list of address strings` };
    }
    const list = (members as string[]).map((m) => m.trim()).filter(Boolean);
    out.set(name.toLowerCase(), { name, members: list, invalid: list.filter((m) => !isEmailAddress(m)) });
  }
  return { ok: true, path, groups: out };
}

/** `@org-admins` → `org-admins`; undefined when the entry is an address, not a group. */
export function groupReference(entry: string): string | undefined {
  const t = entry.trim();
  return t.startsWith('@') ? t.slice(1) : undefined;
}

/**
 * Replaces each `@group` entry by its members, duplicates removed (first kept).
 * Throws with a message for an unknown or empty group (render time).
 */
export function expandRecipients(entries: readonly string[], book: RecipientBook | undefined): string[] {
  const out: string[] = [];
  if (!entries.length) return out;
  // One address (the usual `to`) has nothing to deduplicate.
  if (entries.length === 1 && groupReference(entries[0]!) === undefined) {
    out.push(entries[0]!);
    return out;
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    const name = groupReference(entry);
    if (name === undefined) {
      addUnique(entry, out, seen);
      continue;
    }
    if (!book) throw new Error(`recipient group "@${name}": no ${RECIPIENTS_FILE} found in the file's folder or above`);
    if (!book.ok) throw new Error(`recipient group "@${name}": ${book.error}`);
    const group = book.groups.get(name.toLowerCase());
    if (!group) throw new Error(`unknown recipient group "@${name}" (groups in ${book.path}: ${[...book.groups.values()].map((g) => g.name).join(', ') || 'none'})`);
    if (!group.members.length) throw new Error(`recipient group "@${name}" has no members`);
    for (const member of group.members) addUnique(member, out, seen);
  }
  return out;
}

function addUnique(address: string, out: string[], seen: Set<string>): void {
  const key = address.toLowerCase();
  if (!seen.has(key)) {
    seen.add(key);
    out.push(address);
  }
}

/** The file system as the finder needs it; `read` returns undefined when nothing is at `path`. */
export interface RecipientsFs {
  read(path: string): { text: string } | { error: string } | undefined;
  dirname(path: string): string;
  join(dir: string, name: string): string;
}

/** `notify-recipients.json` in `startDir` or the nearest folder above it (LANGUAGE.md 2.4). */
export function findRecipients(startDir: string, fs: RecipientsFs): RecipientsRead {
  let dir = startDir;
  for (let depth = 0; depth < 256; depth++) {
    const path = fs.join(dir, RECIPIENTS_FILE);
    const read = fs.read(path);
    if (read) return 'text' in read ? { text: read.text, resolvedPath: path } : { error: read.error, resolvedPath: path };
    const parent = fs.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
