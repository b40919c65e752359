import { createPatch } from 'diff';
import type { RenderedDelivery } from '../../grammar/render/delivery';
import type { TestCase } from './cases';

/**
 * The snapshot file format of spec section 10.3: one block per delivery,
 * made for review in a pull request (request line, headers, body
 * pretty-printed with sorted keys, so a diff shows what changed and nothing
 * else).
 */

export const SNAPSHOT_EXTENSION = '.snap';
const ARROW = ' \u2192 ';

export function snapshotPathFor(notifyPath: string): string {
  return notifyPath + SNAPSHOT_EXTENSION;
}

/** JSON with object keys sorted (UTF-16 code-unit order), two-space indent. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function bodyText(body: string): string {
  try {
    return stableJson(JSON.parse(body));
  } catch {
    return body;
  }
}

function deliveryLines(d: RenderedDelivery): string[] {
  if (d.email) {
    const e = d.email;
    const lines = [`From: ${e.from ?? ''}`, `To: ${e.to.join(', ')}`, `Cc: ${e.cc.join(', ')}`, `Bcc: ${e.bcc.join(', ')}`, `Subject: ${e.subject}`];
    lines.push('', e.text ?? '(no text)');
    if (e.html !== null) lines.push('--- html ---', e.html);
    return lines.map((l) => l.trimEnd());
  }
  const r = d.request!;
  const lines = [`${r.method} ${r.url}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), ''];
  lines.push(r.body === null ? '(no body)' : bodyText(r.body));
  return lines;
}

export interface SnapshotBlock {
  /** The `## …` line without the `## `. */
  readonly header: string;
  /** The test case the block belongs to. */
  readonly caseName: string;
  /** The whole block, header line included, without trailing empty lines. */
  readonly text: string;
}

/** The blocks one test case renders, in order. */
export function caseBlocks(testCase: TestCase): SnapshotBlock[] {
  const seen = new Map<string, number>();
  return testCase.deliveries.map((d) => {
    const n = (seen.get(d.channel) ?? 0) + 1;
    seen.set(d.channel, n);
    const header = `${testCase.name}${ARROW}${d.channel}${n > 1 ? ` #${n}` : ''}`;
    const lines = [`## ${header}`];
    if (testCase.notSent) lines.push(`# not sent: ${testCase.notSent}`);
    lines.push(...deliveryLines(d));
    return { header, caseName: testCase.name, text: trimBlock(lines.join('\n')) };
  });
}

function trimBlock(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
}

export function snapshotText(fileName: string, cases: readonly TestCase[]): string {
  const head = `# Snapshot of ${fileName} for \`notify test\`; rewrite with \`notify test --update\`.`;
  const blocks = cases.flatMap(caseBlocks).map((b) => b.text);
  return [head, ...blocks].join('\n\n') + '\n';
}

/** Splits a snapshot file into its blocks (a line starting with `## ` starts one). */
export function parseSnapshot(text: string): SnapshotBlock[] {
  const blocks: SnapshotBlock[] = [];
  let current: string[] | null = null;
  const flush = (): void => {
    if (!current) return;
    const header = current[0]!.slice(3);
    const cut = header.lastIndexOf(ARROW);
    blocks.push({ header, caseName: cut >= 0 ? header.slice(0, cut) : header, text: trimBlock(current.join('\n')) });
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.startsWith('## ')) {
      flush();
      current = [line];
    } else if (current) {
      current.push(line);
    }
  }
  flush();
  return blocks;
}

/** The most lines a snapshot diff adds and removes together; a case that differs more shows where it starts. */
export const MAX_DIFF_EDITS = 1000;

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const line = (l: string | undefined) => (l === undefined ? '(end of text)' : l);
  return [
    `more than ${MAX_DIFF_EDITS} lines differ; no diff is shown. The first difference is at line ${i + 1}:`,
    `- ${line(x[i])}`,
    `+ ${line(y[i])}`,
  ].join('\n');
}

/** A unified diff of one case, `-` snapshot and `+` rendered; undefined when equal. */
export function caseDiff(expected: readonly SnapshotBlock[], actual: readonly SnapshotBlock[]): string | undefined {
  const a = expected.map((b) => b.text).join('\n\n');
  const b = actual.map((x) => x.text).join('\n\n');
  if (a === b) return undefined;
  // Myers' diff costs (lines) × (lines changed): two texts of 30,000 lines that differ everywhere (a snapshot a
  // repository committed) took hours. Past MAX_DIFF_EDITS changed lines there is no diff, only where they part.
  const patch = createPatch('snapshot', a + '\n', b + '\n', '', '', { context: 3, maxEditLength: MAX_DIFF_EDITS });
  if (patch === undefined) return firstDifference(a, b);
  // Drop the "Index:" and "====" preamble; keep ---/+++ and the hunks.
  const lines = patch.split('\n');
  const start = lines.findIndex((l) => l.startsWith('--- '));
  return lines
    .slice(start)
    .map((l, i) => (i === 0 ? '--- snapshot' : i === 1 ? '+++ rendered' : l))
    .join('\n')
    .replace(/\n+$/, '');
}
