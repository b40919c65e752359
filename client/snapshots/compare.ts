import type { TestCase } from './cases';
import { serviceProblems } from './serviceRules';
import { caseBlocks, caseDiff, parseSnapshot, snapshotText, type SnapshotBlock } from './snapshot';

/**
 * One test case's outcome against a snapshot file (spec section 10.3), the
 * same for `notify test` and the editor's Test Explorer.
 */
export interface CaseResult {
  readonly name: string;
  /** The notifier, for locating the case in the file; undefined for `obsolete snapshot`. */
  readonly notifier?: string;
  readonly failures: readonly string[];
  /** When the snapshot differs: both sides' text, for an editor's diff view. */
  readonly mismatch?: { readonly expected: string; readonly actual: string };
}

export const OBSOLETE_CASE = 'obsolete snapshot';

function groupByCase(blocks: readonly SnapshotBlock[]): Map<string, SnapshotBlock[]> {
  const byCase = new Map<string, SnapshotBlock[]>();
  for (const block of blocks) byCase.set(block.caseName, [...(byCase.get(block.caseName) ?? []), block]);
  return byCase;
}

/**
 * `snapshot` is the snapshot file's text, or undefined when there is none;
 * `snapshotLabel` names it in messages. With `update`, snapshot differences
 * are not failures (the caller writes the file).
 */
export function compareCases(cases: readonly TestCase[], snapshot: string | undefined, snapshotLabel: string, update = false): CaseResult[] {
  const expected = snapshot === undefined ? undefined : parseSnapshot(snapshot);
  const byCase = groupByCase(expected ?? []);
  const results: CaseResult[] = cases.map((c) => {
    const failures = [...c.errors];
    const blocks = caseBlocks(c);
    let mismatch: CaseResult['mismatch'];
    if (!update) {
      if (expected === undefined) failures.push(`no snapshot file ${snapshotLabel}; run \`notify test --update\` to write it`);
      else {
        const old = byCase.get(c.name) ?? [];
        const diff = caseDiff(old, blocks);
        if (diff !== undefined) {
          failures.push(`the render differs from the snapshot (run \`notify test --update\` to accept):\n${diff}`);
          mismatch = { expected: old.map((b) => b.text).join('\n\n'), actual: blocks.map((b) => b.text).join('\n\n') };
        }
      }
    }
    for (const d of c.deliveries) failures.push(...serviceProblems(d));
    return { name: c.name, notifier: c.notifier, failures, ...(mismatch ? { mismatch } : {}) };
  });
  if (!update && expected) {
    const names = new Set(cases.map((c) => c.name));
    const obsolete = expected.filter((b) => !names.has(b.caseName));
    if (obsolete.length) {
      results.push({
        name: OBSOLETE_CASE,
        failures: [`the snapshot has blocks no test case renders (run \`notify test --update\` to remove them):\n${obsolete.map((b) => `## ${b.header}`).join('\n')}`],
      });
    }
  }
  return results;
}

/**
 * The snapshot file after accepting one case's render (the editor's
 * "Accept Snapshot"): that case's blocks are replaced, the other cases keep
 * what the snapshot had for them, in the current render order.
 */
export function acceptCase(snapshot: string | undefined, fileName: string, cases: readonly TestCase[], caseName: string): string {
  if (caseName === OBSOLETE_CASE || snapshot === undefined) {
    // Dropping obsolete blocks, or a first snapshot: only the whole file makes sense.
    const kept = snapshot === undefined ? [] : parseSnapshot(snapshot);
    return caseName === OBSOLETE_CASE ? rebuild(fileName, cases, groupByCase(kept), undefined) : snapshotText(fileName, cases.filter((c) => c.name === caseName));
  }
  return rebuild(fileName, cases, groupByCase(parseSnapshot(snapshot)), caseName);
}

function rebuild(fileName: string, cases: readonly TestCase[], old: Map<string, SnapshotBlock[]>, accepted: string | undefined): string {
  const head = snapshotText(fileName, []).trimEnd();
  const blocks = cases.flatMap((c) => (c.name === accepted ? caseBlocks(c) : (old.get(c.name) ?? []))).map((b) => b.text);
  return [head, ...blocks].join('\n\n') + '\n';
}
