/**
 * The secret names "Set Secret" offers: those the workspace's files use,
 * found by the language's own scanner (the one completion uses), so a
 * commented-out secret is offered by neither.
 */
export { secretNames as scanSecretNames } from '../../../grammar/syntax/secrets';

/** Merges names from many files: sorted, without duplicates. */
export function mergeSecretNames(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort((a, b) => a.localeCompare(b));
}
