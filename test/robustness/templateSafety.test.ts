/**
 * Template safety through the real pipeline (source text → analyze →
 * render, and `notify render` as a process): a .notify file is untrusted
 * input, so its templates must not reach the file system or the process,
 * must not pollute prototypes, and must end in bounded time and memory with
 * a clear error whatever they ask for.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../grammar/analyze';
import { render } from '../../grammar/render/render';
import { resolveDelivery, ResolveError } from '../../client/dispatch/resolve';
import { envSecretSource } from '../../client/dispatch/secrets';
import { cpuClockMs } from '../../client/renderClock';
import { EXAMPLES_HOST, FAIL_MS, ROOT } from './fuzz';
import { deliveriesOf, runCli, scratch } from './pipeline';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A webhook notifier whose body (or another property) is `expr`. */
function withBody(expr: string, prop = 'body', extra = ''): string {
  return `notifier "n" {\n    on package.added;\n    webhook {\n        url = "https://example.com/hook";\n        ${prop} = ${expr};\n    }\n}\n${extra}`;
}

function bodyOf(expr: string): string {
  return deliveriesOf(withBody(expr))[0]!.request!.body!;
}

/**
 * Renders `text` (which may have render errors); returns them with the CPU time taken. CPU time, as the CLI
 * and the editor give the render's own budget: on a loaded CI machine the wall clock would make these
 * bounds (and which budget ends the render) a matter of chance.
 */
function timedRender(text: string): { errors: string[]; bodies: string[]; ms: number } {
  const started = cpuClockMs();
  const analysis = analyze(text, EXAMPLES_HOST);
  const r = render(analysis.file, analysis.catalog, {}, { clock: cpuClockMs });
  return { errors: r.errors.map((e) => e.message), bodies: r.deliveries.map((d) => d.request?.body ?? ''), ms: cpuClockMs() - started };
}

function assertPrototypesClean(): void {
  const probe = {} as Record<string, unknown>;
  for (const key of ['x', 'polluted', 'a', '1', 'isAdmin']) assert.equal(probe[key], undefined, `Object.prototype.${key}`);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.deepEqual(Object.keys(Object.prototype), []);
  assert.equal(typeof Object.prototype.toString, 'function');
  assert.deepEqual(Object.keys(Array.prototype), []);
  assert.deepEqual(Object.keys(Map.prototype), []);
}

// ------------------------------------------------------------------ prototype keys are plain data

test('%("__proto__": …, "constructor": …) is plain data in $ToJson, in written order', () => {
  assert.equal(bodyOf('$ToJson(%("__proto__": 1, "constructor": 2, prototype: 3, toString: 4))'), '{"__proto__":1,"constructor":2,"prototype":3,"toString":4}');
  assert.equal(bodyOf('$ToJson(@MapKeys(%("__proto__": %(polluted: true), constructor: %(prototype: %(polluted: true)))))'), '["__proto__","constructor"]');
  assert.equal(bodyOf('$ToJson($MapItem(%("__proto__": "p"), "__proto__"))'), '"p"');
  assertPrototypesClean();
});

test('a bare %(__proto__: …) is a syntax error (names start with a letter), and rendering it anyway pollutes nothing', () => {
  const text = withBody('$ToJson(%(__proto__: %(polluted: true)))');
  const codes = analyze(text, EXAMPLES_HOST).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  assert.ok(codes.includes('NTF001'), codes.join());
  timedRender(text); // the preview renders half-typed text
  assertPrototypesClean();
});

test('$FromJson with __proto__ and constructor keys gives ordinary map entries', () => {
  const json = `'{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "a": 1}'`;
  assert.equal(bodyOf(`$ToJson(%FromJson(${json}))`), '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":1}');
  assert.equal(bodyOf(`$ToJson(@MapKeys(%FromJson(${json})))`), '["__proto__","constructor","a"]');
  // Reading a key a map does not have is empty, never an inherited JavaScript property.
  assert.equal(bodyOf(`$ToJson(%FromJson('{"a": 1}').constructor)`), 'null');
  assert.equal(bodyOf(`$ToJson(%FromJson('{"a": 1}')["toString"])`), 'null');
  assert.equal(bodyOf(`$ToJson($MapItem(%FromJson('{"a": 1}'), "hasOwnProperty"))`), 'null');
  assertPrototypesClean();
});

test('an imported catalog with __proto__ and constructor in its examples and names stays data', (t) => {
  const catalog = {
    events: {
      'evil.event': {
        description: 'prototype keys everywhere',
        variables: {
          constructor: { type: 'string', example: 'c' },
          Obj: { type: 'map<any>', example: { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } } },
        },
        defaults: { body: '$ToJson(%Obj)', text: 't', subject: 's' },
      },
    },
  };
  // JSON.stringify drops a literal __proto__ key, so write it into the text by hand.
  const json = JSON.stringify(catalog).replace('"Obj":{"type":"map<any>","example":{', '"Obj":{"type":"map<any>","example":{"__proto__":{"polluted":true},');
  const dir = scratch({ 'evil.json': json });
  dirs.push(dir);
  const host = {
    readImport: (p: string) => ({ text: readFileSync(join(dir, p), 'utf8'), resolvedPath: join(dir, p) }),
  };
  const text = `import "evil.json";\nnotifier "n" {\n    on evil.event;\n    webhook {\n        url = "https://example.com/h";\n        body = $ToJson(%(c: $constructor, o: %Obj));\n    }\n}\n`;
  const analysis = analyze(text, host);
  const r = render(analysis.file, analysis.catalog, {});
  t.diagnostic(analysis.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ') || 'imported and rendered');
  if (analysis.diagnostics.some((d) => d.severity === 'error')) {
    // A catalog the schema refuses is refused cleanly (NTF401), which is also safe.
    assert.ok(analysis.diagnostics.every((d) => d.severity !== 'error' || d.code === 'NTF401'), analysis.diagnostics.map((d) => d.message).join('\n'));
  } else {
    assert.deepEqual(r.errors, []);
    const body = JSON.parse(r.deliveries[0]!.request!.body!) as { c: string; o: Record<string, unknown> };
    assert.equal(body.c, 'c');
    assert.ok(Object.hasOwn(body.o, 'constructor'));
  }
  assertPrototypesClean();
});

// ------------------------------------------------------------------ no file system, no process

test('the grammar layer (all template evaluation) imports no Node module and touches no process global', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'vendor') walk(p);
      } else if (p.endsWith('.ts')) {
        // Comments may mention anything; code may not.
        const src = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        for (const pattern of [/from ['"]node:/, /from ['"](fs|child_process|net|os|path|http|https|process)['"]/, /\brequire\(/, /\bprocess\./, /\bglobalThis\b/, /\beval\(/, /new Function\(/, /\bimport\(['"](?!\.)/]) {
          if (pattern.test(src)) offenders.push(`${p.slice(ROOT.length + 1)}: ${pattern}`);
        }
      }
    }
  };
  walk(join(ROOT, 'grammar'));
  assert.deepEqual(offenders, []);
});

test('no function reads a file or the environment while rendering: paths and variable names stay text', () => {
  const sentinel = 'SENTINEL-7q3k9x2m';
  process.env.NOTIFY_ENV_ROBUST_SENTINEL = sentinel;
  try {
    const probes = ['/etc/passwd', 'package.json', 'NOTIFY_ENV_ROBUST_SENTINEL', '$NOTIFY_ENV_ROBUST_SENTINEL', 'file:///etc/hostname', '../../../../etc/hosts'];
    const exprs = probes.flatMap((p) => {
      const s = JSON.stringify(p).replace(/\$/g, '`$');
      return [
        `$FromJson('${s}')`,
        `$Trim(${s})`,
        `$UrlEncode(${s})`,
        `$Coalesce(${s}, "x")`,
      ];
    });
    const body = `$ToJson(@(${exprs.join(', ')}))`;
    const out = bodyOf(body);
    assert.ok(!out.includes(sentinel), 'an environment value reached the output');
    assert.ok(!out.includes('root:'), 'a file reached the output');
    // $Env never resolves at render time: only a placeholder, resolved by the dispatcher when allowed.
    const d = deliveriesOf(withBody('%("X-Probe": $Env("NOTIFY_ENV_ROBUST_SENTINEL"))', 'headers'))[0]!;
    assert.equal(d.request!.headers['X-Probe'], '‹env:NOTIFY_ENV_ROBUST_SENTINEL›');
    assert.ok(!JSON.stringify(d).includes(sentinel));
  } finally {
    delete process.env.NOTIFY_ENV_ROBUST_SENTINEL;
  }
});

test('$Env is resolved only when the sender allows it (the editor refuses in untrusted workspaces)', async () => {
  const [d] = deliveriesOf(withBody('%("X-Probe": $Env("NOTIFY_ENV_PROBE_VALUE"))', 'headers'));
  const env = { NOTIFY_ENV_PROBE_VALUE: 'from-env-42' };
  await assert.rejects(
    resolveDelivery(d!, { secrets: envSecretSource(env), env, allowEnv: false }),
    (e: unknown) => e instanceof ResolveError && /\$Env\("NOTIFY_ENV_PROBE_VALUE"\) is not allowed here/.test(e.message) && !e.message.includes('from-env-42'),
  );
  const allowed = await resolveDelivery(d!, { secrets: envSecretSource(env), env, allowEnv: true });
  assert.equal(allowed.request!.headers['X-Probe'], 'from-env-42');
  assert.equal(allowed.redactor.redact('saw from-env-42'), 'saw ‹env:NOTIFY_ENV_PROBE_VALUE›');
});

test('$Env and $Secret outside url/headers/auth/signing are flagged by the checker (NTF210)', () => {
  for (const fn of ['$Env("HOME")', '$Secret("s")']) {
    const codes = analyze(withBody(fn), EXAMPLES_HOST).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('NTF210'), `${fn}: ${codes.join()}`);
  }
});

// ------------------------------------------------------------------ ReDoS and bounds

const LONG = 50_000;

test(`regexes from the file run in bounded time on ${LONG}-character inputs (no ReDoS)`, (t) => {
  const cases = [
    ['$MatchesRegex', '(a+)+`$'],
    ['$MatchesRegex', '(a|a)*b'],
    ['$MatchesRegex', '(.*a){20}'],
    ['$MatchesRegex', '^(a|aa)+`$'],
    ['$MatchesRegex', '(\\w+\\s?)*`$'],
    ['$RegexReplace', '(a+)+`$'],
    ['$RegexReplace', '(.*a){20}'],
  ] as const;
  for (const [fn, pattern] of cases) {
    const call = fn === '$RegexReplace' ? `$RegexReplace($FeedName, "${pattern}", "x")` : `$ToJson(${fn}($FeedName, "${pattern}"))`;
    const text = withBody(call, 'body', `sample "long" for package.added { $FeedName = $PadRight("", ${LONG}, "a"); }\n`);
    const r = timedRender(text);
    t.diagnostic(`${fn} ${pattern} on ${LONG} chars: ${r.ms.toFixed(0)} ms → ${r.errors[0] ?? r.bodies[0]!.slice(0, 40)}`);
    assert.ok(r.ms < FAIL_MS, `${pattern}: ${r.ms} ms`);
    // Either an answer or a clear error naming the regex; never a hang or a crash.
    if (r.errors.length) assert.match(r.errors[0]!, /regular expression .* needs too many steps|too many steps/, r.errors[0]);
    else assert.equal(r.bodies.length, 1);
  }
});

test('a `when` with a catastrophic regex on a long sample value ends in bounded time', () => {
  const text = `notifier "n" {\n    on package.added;\n    when $MatchesRegex($FeedName, "(a|a)*b");\n    webhook { url = "https://example.com/h"; }\n}\nsample "s" for package.added { $FeedName = $PadLeft("", ${LONG}, "a"); }\n`;
  const r = timedRender(text);
  assert.ok(r.ms < FAIL_MS, `${r.ms} ms`);
});

test('giant output ends with a clear error naming the limit', () => {
  for (const expr of ['$PadLeft("", 400000000)', '$Replace($PadLeft("", 1000000, "a"), "a", "bb")', '$ToJson(@Split($PadLeft("", 300000, "a"), ""))']) {
    const r = timedRender(withBody(expr));
    assert.ok(r.ms < FAIL_MS, `${expr}: ${r.ms} ms`);
    assert.equal(r.errors.length, 1, expr);
    assert.match(r.errors[0]!, /longer than the limit of 1048576 characters/);
  }
  // Many small pieces add up too: a loop that writes 2 MiB.
  const r = timedRender(withBody(`>>\n<% foreach $x in @Split($PadLeft('', 2000, 'a'), '') { %>$PadLeft('', 1000, 'b')<% } %>\n>>`));
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0]!, /longer than the limit/);
});

test('loop nesting and loop counts are bounded with clear errors', () => {
  const nest = (depth: number) => {
    let body = '$x0';
    for (let i = depth - 1; i >= 0; i--) body = `<% foreach $x${i} in @Split('a', ',') { %>${body}<% } %>`;
    return withBody(`>>\n${body}\n>>`);
  };
  assert.deepEqual(timedRender(nest(16)).errors, [], '16 deep is allowed');
  const deep = timedRender(nest(17));
  assert.equal(deep.errors.length, 1);
  assert.match(deep.errors[0]!, /foreach tags are nested more than 16 deep/);

  // 400 × 400 = 160,000 iterations > 100,000.
  const many = timedRender(withBody(`>>\n<% foreach $a in @Split($PadLeft('', 400, 'a'), '') { %><% foreach $b in @Split($PadLeft('', 400, 'a'), '') { %>.<% } %><% } %>\n>>`));
  assert.ok(many.ms < FAIL_MS);
  assert.equal(many.errors.length, 1);
  assert.match(many.errors[0]!, /loops ran more than 100000 times/);

  const parens = timedRender(withBody(`$ToJson(${'('.repeat(400)}1${')'.repeat(400)})`));
  assert.ok(parens.ms < FAIL_MS);
  assert.ok(parens.errors.some((e) => /nested more than 200 deep/.test(e)) || analyze(withBody(`${'('.repeat(400)}1${')'.repeat(400)}`), EXAMPLES_HOST).diagnostics.length > 0);
});

test('notify render (a process) refuses the same hostile templates with exit 1 and a clear message, quickly', async () => {
  const dir = scratch({
    'regex.notify': withBody('$RegexReplace($FeedName, "(.*a){20}", "x")', 'body', `sample "long" for package.added { $FeedName = $PadLeft("", ${LONG}, "a"); }\n`),
    'big.notify': withBody('$PadLeft("", 400000000)'),
    'proto.notify': withBody('$ToJson(%("__proto__": 1, "constructor": 2))'),
  });
  dirs.push(dir);
  const regex = await runCli(['render', 'regex.notify'], dir);
  assert.equal(regex.code, 1, regex.stderr);
  assert.match(regex.stderr, /too many steps/);
  const big = await runCli(['render', 'big.notify'], dir);
  assert.equal(big.code, 1, big.stderr);
  assert.match(big.stderr, /longer than the limit/);
  const proto = await runCli(['render', 'proto.notify'], dir);
  assert.equal(proto.code, 0, proto.stderr);
  assert.equal((JSON.parse(proto.stdout) as { deliveries: { request: { body: string } }[] }).deliveries[0]!.request.body, '{"__proto__":1,"constructor":2}');
  for (const r of [regex, big, proto]) assert.ok(r.ms < 30_000, `${r.ms} ms`);
});

test('one render has one regex budget: 400 heavy $MatchesRegex calls in one file end quickly with a clear error', () => {
  // Each call alone stays under its own step limit; together they would take tens of seconds.
  const calls = Array.from({ length: 400 }, () => '$MatchesRegex($FeedName, "(a|a)*b")').join(', ');
  const text = withBody(`$ToJson(@(${calls}))`, 'body', `sample "s" for package.added { $FeedName = $PadLeft("", 20000, "a"); }\n`);
  const r = timedRender(text);
  assert.ok(r.ms < FAIL_MS, `${r.ms} ms`);
  assert.match(r.errors.join('\n'), /used up this render's budget of [\d,]+ steps/);
  // Spread over many notifiers of one file, the budget is still one.
  const many = Array.from({ length: 40 }, (_, i) => `notifier "n${i}" {\n    on package.added;\n    webhook { url = "https://example.com/h"; body = $ToJson(@(${Array.from({ length: 10 }, () => '$MatchesRegex($FeedName, "(a|a)*b")').join(', ')})); }\n}\n`).join('');
  const r2 = timedRender(many + `sample "s" for package.added { $FeedName = $PadLeft("", 20000, "a"); }\n`);
  assert.ok(r2.ms < FAIL_MS, `${r2.ms} ms`);
  assert.match(r2.errors.join('\n'), /used up this render's budget/);
});

test('one render has one time budget, whatever the work', () => {
  const analysis = analyze(withBody('$ToJson(@Split($PadLeft("", 90000, "a"), ""))'), EXAMPLES_HOST);
  const r = render(analysis.file, analysis.catalog, {}, { budget: { maxRenderMs: 0 } });
  assert.match(r.errors.map((e) => e.message).join('\n'), /rendering took longer than 0s/);
});
