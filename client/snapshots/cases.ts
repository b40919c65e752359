import type { Analysis } from '../../grammar/analyze';
import type { RenderedDelivery } from '../../grammar/render/delivery';
import { literalText, render } from '../../grammar/render/render';
import type { NotifierDecl } from '../../grammar/syntax/ast';

/**
 * The test cases of `notify test` and the Test Explorer (spec section 10.3):
 * every notifier × every sample of an event it listens to, or the catalog
 * example of its first event when no sample fits.
 */
export interface TestCase {
  /** `"NOTIFIER" × sample "SAMPLE"` or `"NOTIFIER" × example EVENT`. */
  readonly name: string;
  readonly notifier: string;
  readonly sample: string | null;
  readonly event: string;
  readonly deliveries: readonly RenderedDelivery[];
  /** Set when a `when` condition is false for these values: rendered, but it would not be sent. */
  readonly notSent?: string;
  /** Render failures, one message each. */
  readonly errors: readonly string[];
}

function eventsOf(decl: NotifierDecl): string[] {
  const on = decl.clauses.find((c) => c.kind === 'On');
  return on && on.kind === 'On' ? on.events.map((e) => e.name) : [];
}

export function caseName(notifier: string, sample: string | null, event: string): string {
  return sample === null ? `${JSON.stringify(notifier)} × example ${event}` : `${JSON.stringify(notifier)} × sample ${JSON.stringify(sample)}`;
}

/** Renders every case of an analyzed file that has no errors. */
export function testCases(analysis: Analysis): TestCase[] {
  const samples: { name: string; event: string }[] = [];
  for (const item of analysis.file.items) {
    if (item.kind !== 'Sample') continue;
    const name = literalText(item.name);
    if (name !== undefined && item.event) samples.push({ name, event: item.event.name });
  }
  const cases: TestCase[] = [];
  for (const item of analysis.file.items) {
    if (item.kind !== 'Notifier') continue;
    const notifier = literalText(item.name);
    if (notifier === undefined) continue;
    const events = eventsOf(item);
    const fitting = samples.filter((s) => events.includes(s.event));
    const runs = fitting.length
      ? fitting.map((s) => ({ sample: s.name as string | null, event: s.event }))
      : events.slice(0, 1).map((event) => ({ sample: null, event }));
    for (const run of runs) {
      // The `$Env` names the file was checked with (notify test --allow-env, the editor's notify.allowedEnv).
      const selection = run.sample === null ? { notifier, event: run.event } : { notifier, sample: run.sample };
      const result = render(analysis.file, analysis.catalog, selection, { allowedEnv: analysis.allowedEnv });
      const skipped = result.skipped.find((s) => s.notifier === notifier && s.rendered);
      cases.push({
        name: caseName(notifier, run.sample, run.event),
        notifier,
        sample: run.sample,
        event: run.event,
        deliveries: result.deliveries,
        ...(skipped ? { notSent: skipped.reason } : {}),
        errors: result.errors.map((e) => (e.channel ? `${e.channel}: ${e.message}` : e.message)),
      });
    }
  }
  return cases;
}
