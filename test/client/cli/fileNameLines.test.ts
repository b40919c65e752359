import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from './runCli';

/**
 * LANGUAGE.md 10, "Control characters in output": a repository chooses its
 * file names, and a name may hold a line feed. Printed raw, a file named
 * `a⏎ok.notify:1:1: error NTF999: forged⏎b.notify` would print lines of its
 * own into a text report (a forged diagnostic, a forged `ok` line for a CI
 * log or a problem matcher). Every line-oriented output shows a line break
 * in a name as `\u000a` (`\u000d`): one file, one line.
 */
const NAME = 'a\nforged.notify:9:9: error NTF999: forged\r\nb.notify';
const SHOWN = 'a\\u000aforged.notify:9:9: error NTF999: forged\\u000d\\u000ab.notify';
const BROKEN = 'notifier "n" {\n    on package.added;\n    slack { url = "https://hooks.slack.com/services/x"; text = $Nope; }\n}\n';
const UNFORMATTED = 'notifier "n" { on package.added; slack { url = "https://hooks.slack.com/services/x"; text = "x"; } }\n';
const SYNTAX = 'notifier "n" {\n';

function noForgedLine(text: string): void {
  for (const line of text.split('\n')) assert.ok(!line.startsWith('forged.notify') && !line.startsWith('b.notify'), `a line of its own: ${JSON.stringify(text)}`);
}

describe('a line break in a file name never starts a line of output', () => {
  it('check (text): the diagnostic line shows the name escaped', async () => {
    const dir = scratch({ [join('w', NAME)]: BROKEN });
    const r = await runCli(['check', 'w'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, `w/${SHOWN}:3:65: error NTF102: Unknown variable \`$Nope\` for \`package.added\`.\n`);
  });

  it('render: the errors and the summary line on stderr', async () => {
    const dir = scratch({ [NAME]: BROKEN });
    const r = await runCli(['render', NAME], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split('\n').length, 3, r.stderr);
    assert.ok(r.stderr.includes(`notify: ${SHOWN} has 1 error(s)`), r.stderr);
    noForgedLine(r.stderr);
  });

  it('fmt --check, fmt, test and convert: every line that names the file', async () => {
    const dir = scratch({ [join('w', NAME)]: UNFORMATTED, [join('s', NAME)]: SYNTAX });
    const check = await runCli(['fmt', '--check', 'w'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(check.stdout, `w/${SHOWN}: would be reformatted\n`);
    const test = await runCli(['test', 'w', '--update'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(test.code, 0, test.stderr);
    assert.match(test.stdout, new RegExp(`^wrote w/${SHOWN.replace(/\\/g, '\\\\')}\\.snap\\nok   w/`));
    noForgedLine(test.stdout);
    const fmt = await runCli(['fmt', 'w'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(fmt.stdout, `w/${SHOWN}: formatted\n`);
    const convert = await runCli(['convert', 's'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(convert.code, 1);
    noForgedLine(convert.stderr);
    assert.ok(convert.stderr.includes(`notify: s/${SHOWN} not converted`), convert.stderr);
  });

  it('an unreadable path and a usage error name it on one line', async () => {
    const dir = scratch({});
    mkdirSync(join(dir, 'empty'));
    const missing = await runCli(['check', NAME], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `notify check: ${SHOWN}: no such file or folder\n`);
    const render = await runCli(['render', NAME], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(render.code, 2);
    assert.equal(render.stderr.split('\n').length, 2, render.stderr);
    noForgedLine(render.stderr);
  });
});

describe('a file name never starts a line with a GitHub Actions workflow command', () => {
  // GitHub Actions reads every line of a step's output that starts with `::` as a command
  // (`::error::…` annotates, `::stop-commands::…` silences the annotations after it).
  const NAMED = '::stop-commands::pause.notify';
  it('check (text), fmt --check and render show such a name as ./::…', async () => {
    const dir = scratch({ [NAMED]: BROKEN });
    const check = await runCli(['check', '.'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(check.code, 1, check.stderr);
    assert.equal(check.stdout, `./${NAMED}:3:65: error NTF102: Unknown variable \`$Nope\` for \`package.added\`.\n`);
    const fmt = await runCli(['fmt', '--check', NAMED], { cwd: dir, timeoutMs: 20_000 });
    for (const line of (fmt.stdout + fmt.stderr).split('\n')) assert.ok(!line.startsWith('::'), JSON.stringify(line));
    const render = await runCli(['render', NAMED], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(render.code, 1);
    for (const line of render.stderr.split('\n')) assert.ok(!line.startsWith('::'), JSON.stringify(line));
  });
});

describe('notify events: a catalog description is one line of the text format', () => {
  it('its line breaks are a space, so a catalog cannot print a line of its own', async () => {
    const catalog = JSON.stringify({
      events: { 'my.event': { description: 'Deployed.\n::error::forged\r\nok', variables: { V: { type: 'string', example: 'x', description: 'value\n::warning::w' } } } },
    });
    const dir = scratch({ 'evil.json': catalog });
    const r = await runCli(['events', '--import', 'evil.json'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    for (const line of r.stdout.split('\n')) assert.ok(!line.startsWith('::'), JSON.stringify(line));
    assert.ok(r.stdout.includes('\nmy.event  Deployed. ::error::forged ok\n    $V             string    value ::warning::w\n'), r.stdout.slice(-600));
  });
});

describe('notify send and render: a notifier name with a line break stays on its line of stderr', () => {
  // `n in a string is a line feed: a name the repository chose.
  const FILE = `notifier "a\`n::error::forged" {
    on package.added;
    webhook { url = "http://127.0.0.1:9/x"; body = "{}"; retries = 0; }
}
notifier "b\`nok" {
    on package.added;
    when $PackageId == "nothing";
    webhook { url = "https://example.com/x"; body = "{}"; }
}
`;
  it('send: the not sent lines show it as \\u000a', async () => {
    const dir = scratch({ 'a.notify': FILE });
    const r = await runCli(['send', 'a.notify'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    for (const line of r.stderr.split('\n')) assert.ok(line === '' || line.startsWith('notify: '), `a line of its own: ${JSON.stringify(line)} in ${JSON.stringify(r.stderr)}`);
    assert.ok(r.stderr.includes('notify: [a\\u000a::error::forged/webhook] not sent: plain http:// is refused'), r.stderr);
    assert.ok(r.stderr.includes('notify: "b\\u000aok" not sent: a when condition is false'), r.stderr);
  });
});
