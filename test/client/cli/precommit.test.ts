import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli, scratch } from './runCli';

// js-yaml parses the hooks file as pre-commit would read it.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
  pass_filenames?: boolean;
}

const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** Runs a hook the way pre-commit does: entry, then args, then the staged files its `files` pattern matches. */
function runHook(id: string, staged: string[], cwd: string) {
  const hook = hooks.find((h) => h.id === id)!;
  assert.ok(hook, `no hook ${id}`);
  assert.equal(hook.language, 'node');
  const [command, ...entryArgs] = hook.entry.split(' ');
  assert.equal(command, 'notify', 'the hook runs the package bin');
  const files = hook.pass_filenames === false ? [] : staged.filter((f) => new RegExp(hook.files).test(f));
  return runCli([...entryArgs, ...(hook.args ?? []), ...files], { cwd });
}

const GOOD = 'notifier "A" {\n    on package.added;\n    slack {\n        url = $Secret("s");\n    }\n}\n';

describe('.pre-commit-hooks.yaml', () => {
  it('declares notify-check, notify-fmt and notify-test', () => {
    assert.deepEqual(
      hooks.map((h) => h.id),
      ['notify-check', 'notify-fmt', 'notify-test'],
    );
  });

  it('notify-check passes good files and fails a file with errors', async () => {
    const dir = scratch({ 'a.notify': GOOD, 'README.md': '# x', 'b.notify': 'notifier "B" {\n    on package.nope;\n}\n' });
    assert.equal((await runHook('notify-check', ['a.notify', 'README.md'], dir)).code, 0);
    const bad = await runHook('notify-check', ['a.notify', 'b.notify', 'README.md'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^b\.notify:2:8: error NTF101/m);
  });

  it('notify-fmt fails on an unformatted file without changing it', async () => {
    const ugly = 'notifier "A" {\non package.added;\n  slack { url = $Secret("s"); }\n}\n';
    const dir = scratch({ 'a.notify': GOOD, 'u.notify': ugly });
    assert.equal((await runHook('notify-fmt', ['a.notify'], dir)).code, 0);
    const r = await runHook('notify-fmt', ['a.notify', 'u.notify'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^u\.notify: would be reformatted$/m);
    assert.equal(readFileSync(join(dir, 'u.notify'), 'utf8'), ugly);
  });

  it('notify-test runs over the whole repository', async () => {
    const dir = scratch({ 'a.notify': GOOD });
    assert.equal((await runHook('notify-test', ['a.notify'], dir)).code, 1, 'no snapshot yet');
    assert.equal((await runCli(['test', '--update', '.'], { cwd: dir })).code, 0);
    assert.equal((await runHook('notify-test', ['a.notify'], dir)).code, 0);
  });
});
