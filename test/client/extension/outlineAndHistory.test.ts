import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../client/extension/engine';
import { entryDescription, entryLabel, entryNodes, entryTooltip, mergeHistories, notifierDescription, notifierNodes } from '../../../client/extension/history/historyView';
import { exampleOptions, fileOutline, notifierAt } from '../../../client/extension/outline';
import type { HistoryEntry } from '../../../client/dispatch/history';

const FILE = `notifier "A" {
  on package.added, package.deployed;
  slack { url = $Secret("s"); }
  webhook { url = "https://h.example/x"; }
}
notifier "B" { on scan.completed; discord { url = $Secret("d"); } }
sample "big" for package.added { $PackageId = "Big"; }
sample "scan" for scan.completed { $Score = 3; }
`;

describe('file outline and quick-pick options', () => {
  const outline = fileOutline(analyzeText(FILE, undefined, process.cwd()).file);

  it('lists notifiers with their events and channels, and samples', () => {
    assert.deepEqual(
      outline.notifiers.map((n) => [n.name, n.events, n.channels]),
      [
        ['A', ['package.added', 'package.deployed'], ['slack', 'webhook']],
        ['B', ['scan.completed'], ['discord']],
      ],
    );
    assert.deepEqual(outline.samples, [
      { name: 'big', event: 'package.added' },
      { name: 'scan', event: 'scan.completed' },
    ]);
  });

  it('offers the fitting samples first, then each event\'s catalog example', () => {
    const a = outline.notifiers[0]!;
    assert.deepEqual(
      exampleOptions(outline, a).map((o) => [o.label, o.selection]),
      [
        ['sample "big"', { sample: 'big' }],
        ['catalog example of package.added', { event: 'package.added' }],
        ['catalog example of package.deployed', { event: 'package.deployed' }],
      ],
    );
  });

  it('finds the notifier under the cursor', () => {
    assert.equal(notifierAt(outline, FILE.indexOf('webhook'))?.name, 'A');
    assert.equal(notifierAt(outline, FILE.indexOf('discord'))?.name, 'B');
    assert.equal(notifierAt(outline, FILE.indexOf('sample "big"')), undefined);
  });
});

describe('dispatch history view', () => {
  const entry = (time: string, ok: boolean, status: number | null, error: string | null = null): HistoryEntry => ({
    time,
    channel: 'webhook',
    target: 'https://h.example/\u2039secret:path\u203a',
    ok,
    status,
    attempts: ok ? 1 : 4,
    durationMs: 42,
    error,
  });

  it('puts the most recently used notifier first and its newest result first', () => {
    const nodes = notifierNodes({
      notifiers: {
        old: [entry('2026-01-01T10:00:00Z', true, 200)],
        recent: [entry('2026-01-02T10:00:00Z', true, 200), entry('2026-01-02T11:00:00Z', false, 503, 'HTTP 503')],
        empty: [],
      },
    });
    assert.deepEqual(nodes.map((n) => n.notifier), ['recent', 'old']);
    assert.deepEqual(entryNodes(nodes[0]!).map((e) => e.entry.time), ['2026-01-02T11:00:00Z', '2026-01-02T10:00:00Z']);
  });

  it('labels a result with time, channel and outcome, and shows the rest on hover', () => {
    const failed = entry('2026-01-02T11:00:00Z', false, 503, 'HTTP 503');
    assert.equal(entryLabel(failed, 'UTC'), '11:00:00 webhook — failed (503)');
    assert.equal(entryLabel(entry('2026-01-02T11:00:00Z', true, 200), 'UTC'), '11:00:00 webhook — 200');
    assert.equal(entryDescription(failed), 'https://h.example/\u2039secret:path\u203a · 4 attempts · 42 ms');
    assert.match(entryTooltip('n', failed), /^error: HTTP 503\n/, 'the error comes first in the hover');
  });

  it('does not count a send refused before anything left as sent', () => {
    const refused = { ...entry('2026-01-02T12:00:00Z', false, null, 'plain http:// is refused'), attempts: 0 };
    const node = notifierNodes({
      notifiers: { n: [entry('2026-01-02T10:00:00Z', true, 200), entry('2026-01-02T11:00:00Z', false, 503, 'HTTP 503'), refused, { ...refused }] },
    })[0]!;
    assert.equal(notifierDescription(node), '2 sent, 1 failed, 2 not sent · last not sent');
    assert.equal(entryLabel(refused, 'UTC'), '12:00:00 webhook — not sent');
    assert.match(entryDescription(refused), /plain http:\/\/ is refused/);
    assert.match(entryTooltip('n', refused), /^not sent: plain http:\/\/ is refused/);
    assert.equal(notifierDescription(notifierNodes({ notifiers: { n: [entry('2026-01-02T10:00:00Z', true, 200)] } })[0]!), '1 sent · last ok');
  });

  it('merges the histories of several roots, oldest first per notifier', () => {
    const merged = mergeHistories([
      { notifiers: { n: [entry('2026-01-02T10:00:00Z', true, 200)] } },
      { notifiers: { n: [entry('2026-01-01T10:00:00Z', true, 201)], m: [entry('2026-01-03T10:00:00Z', true, 202)] } },
    ]);
    assert.deepEqual(merged.notifiers.n!.map((e) => e.status), [201, 200]);
    assert.deepEqual(Object.keys(merged.notifiers).sort(), ['m', 'n']);
  });
});
