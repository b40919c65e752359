import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

const FILE = `notifier "Vuln" {
    on vulnerability.detected;
    webhook {
        url = "https://soar.example.com/hook";
        body = $ToJson(%(id: $VulnerabilityId, n: $ListCount(@AffectedPackages)));
    }
}

notifier "Discord" {
    on vulnerability.detected;
    discord {
        url = $Secret("d");
        title = "$VulnerabilityId";
    }
}

sample "s" for vulnerability.detected { $VulnerabilityId = "FROM-SAMPLE"; }
`;

function bodies(stdout: string): Record<string, unknown>[] {
  const out = JSON.parse(stdout) as { deliveries: { sample: string | null; request: { body: string } }[] };
  return out.deliveries.map((d) => {
    assert.equal(d.sample, null, 'no sample is used with --fixture');
    return JSON.parse(d.request.body) as Record<string, unknown>;
  });
}

describe('notify render --fixture (LANGUAGE.md 10.6)', () => {
  it('many: 500 items; empty: none', async () => {
    const dir = scratch({ 'n.notify': FILE });
    const many = await runCli(['render', 'n.notify', '--fixture', 'many', '--notifier', 'Vuln'], { cwd: dir });
    assert.equal(many.code, 0, many.stderr);
    assert.equal(bodies(many.stdout)[0]!.n, 500);
    const empty = await runCli(['render', 'n.notify', '--fixture', 'empty', '--notifier', 'Vuln', '--event', 'vulnerability.detected'], { cwd: dir });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(bodies(empty.stdout)[0]!.n, 0);
  });

  it('long: a limit the fixture breaks is a render error at its place (exit 1)', async () => {
    const dir = scratch({ 'n.notify': FILE });
    const r = await runCli(['render', 'n.notify', '--fixture', 'long'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^n\.notify:\d+:\d+: Discord\/discord: .*256/m);
  });

  it('special: quotes, a line break and emoji reach the payload, escaped as JSON', async () => {
    const dir = scratch({ 'n.notify': FILE });
    const r = await runCli(['render', 'n.notify', '--fixture', 'special', '--notifier', 'Vuln'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const id = String(bodies(r.stdout)[0]!.id);
    assert.ok(id.includes('"double"') && id.includes('\nsecond line') && id.includes('<b>tag</b> & &amp;') && id.includes('👩‍💻'), id);
  });

  it('usage errors: an unknown fixture, or one with --sample or --event-file (exit 2)', async () => {
    const dir = scratch({ 'n.notify': FILE, 'e.json': '{}' });
    const bad = await runCli(['render', 'n.notify', '--fixture', 'huge'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fixture must be one of empty, many, long, special, not "huge"/);
    for (const other of [['--sample', 's'], ['--event-file', 'e.json']]) {
      const r = await runCli(['render', 'n.notify', '--fixture', 'long', ...other], { cwd: dir });
      assert.equal(r.code, 2, other.join(' '));
      assert.match(r.stderr, new RegExp(`--fixture cannot be used with ${other[0]}`));
    }
  });
});
