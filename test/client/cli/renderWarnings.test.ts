// Render warnings (LANGUAGE.md 6.3): a limit that clips rather than refuses
// (Gmail's 102 KB of HTML) renders, and `notify render` says so on stderr at
// the property's place, leaving stdout and the exit code as they were.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

function file(id: string): string {
  return `notifier "Mail" {
    on vulnerability.detected;
    email {
        to = "ops@example.com";
        html = "<p>$VulnerabilityId</p>";
    }
}

sample "s" for vulnerability.detected { $VulnerabilityId = "${id}"; }
`;
}

describe('notify render: render warnings', () => {
  it('HTML over 102 KB: a warning at the value on stderr, the delivery on stdout, exit 0', async () => {
    const dir = scratch({ 'm.notify': file('x'.repeat(110_000)) });
    const r = await runCli(['render', 'm.notify', '--sample', 's'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^m\.notify:5:16: warning: Mail\/email: Gmail allows at most 104448 bytes in html; this has 110007 \(Gmail clips a longer message behind "View entire message"\)$/m);
    const out = JSON.parse(r.stdout) as { deliveries: Record<string, unknown>[] };
    assert.equal(out.deliveries.length, 1);
    assert.equal('warnings' in out.deliveries[0]!, false, 'the JSON keeps its keys');
  });

  it('HTML under the limit: no warning', async () => {
    const dir = scratch({ 'm.notify': file('x'.repeat(1000)) });
    const r = await runCli(['render', 'm.notify', '--sample', 's'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/);
  });
});
