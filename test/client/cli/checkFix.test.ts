// `notify check --fix` (docs/LANGUAGE.md section 10): the editor's "Fix all" from the command line.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

const BROKEN = `notifier "n" {
    on package.added;
    when $feedname != "x" && $FeedType == NuGet;
    slack { url = $Secret("s"); text = "$packageid"; }
}
`;
const CLEAN = `notifier "n" {\n    on package.added;\n    slack { url = $Secret("s"); text = "x"; }\n}\n`;

describe('notify check --fix', () => {
  it('applies every preferred fix, rewrites the file, says how many on stderr and checks the result', async () => {
    const dir = scratch({ 'a.notify': BROKEN, 'b.notify': CLEAN });
    const before = await runCli(['check', 'a.notify'], { cwd: dir });
    assert.equal(before.code, 1, before.stdout);
    const r = await runCli(['check', '--fix', 'a.notify', 'b.notify'], { cwd: dir });
    assert.equal(r.stdout, '', 'nothing left to report');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'a.notify: fixed 3 problems\n');
    assert.equal(readFileSync(join(dir, 'a.notify'), 'utf8'), BROKEN.replace('$feedname', '$FeedName').replace('NuGet', '"NuGet"').replace('$packageid', '$PackageId'));
    assert.equal(readFileSync(join(dir, 'b.notify'), 'utf8'), CLEAN, 'a clean file is not touched');
    const again = await runCli(['check', '--fix', 'a.notify'], { cwd: dir });
    assert.deepEqual([again.code, again.stderr], [0, ''], 'nothing left to fix');
  });

  it('keeps stdout in the chosen format; what no fix can mend is still reported, exit 1', async () => {
    const dir = scratch({ 'a.notify': BROKEN.replace('on package.added;', 'on package.added;\n    when $NoSuchThingAtAll == 1;') });
    const r = await runCli(['check', '--fix', '--format', 'json', 'a.notify'], { cwd: dir });
    assert.equal(r.code, 1);
    const left = JSON.parse(r.stdout) as { code: string; message: string }[];
    assert.ok(left.some((d) => /NoSuchThingAtAll/.test(d.message)), r.stdout);
    assert.ok(!left.some((d) => d.code === 'NTF105' || d.code === 'NTF004'), r.stdout);
    assert.match(r.stderr, /^a\.notify: fixed 3 problems\n$/);
  });

  it('a file it may not rewrite (a symbolic link) is refused, exit 2, and still checked as it is', async () => {
    const dir = scratch({ 'real/a.notify': BROKEN });
    mkdirSync(join(dir, '.git'));
    symlinkSync(join(dir, 'real/a.notify'), join(dir, 'link.notify'));
    const r = await runCli(['check', '--fix', 'link.notify'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /notify check: link\.notify: a symbolic link, not written through/);
    assert.match(r.stdout, /error NTF004/);
    assert.equal(readFileSync(join(dir, 'real/a.notify'), 'utf8'), BROKEN);
  });

  it('a CRLF file stays CRLF: a fix that adds a line adds it with CRLF', async () => {
    const lf = 'notifier "n" {\n    on package.added;\n    email {\n        subject = "x";\n    }\n}\n';
    const dir = scratch({ 'a.notify': lf.replace(/\n/g, '\r\n') });
    const r = await runCli(['check', '--fix', 'a.notify'], { cwd: dir });
    assert.match(r.stderr, /^a\.notify: fixed 1 problem\n$/);
    const fixed = readFileSync(join(dir, 'a.notify'), 'utf8');
    assert.match(fixed, /\r\n {8}to = /);
    assert.doesNotMatch(fixed, /[^\r]\n/, 'no LF-only line');
  });
});
