// The channel registry is the one list of channels: every place that knows
// the channels must agree with it, and each channel module must be whole.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { analyze } from '../../../grammar/analyze';
import { CHANNEL_TABLE_BEGIN, CHANNEL_TABLE_END, REPLY_TABLE_BEGIN, REPLY_TABLE_END, channelSnippets } from '../../../grammar/channels/generated';
import { COMMON_PROPERTIES } from '../../../grammar/channels/properties';
import { CHANNEL_KINDS, CHANNEL_MODULES, CHANNELS } from '../../../grammar/channels/registry';
import { render } from '../../../grammar/render/render';
import { KEYWORDS } from '../../../grammar/syntax/tokenTypes';
import { parse, tokenize } from '../../../grammar/syntax';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const noImports = { readImport: (path: string) => ({ error: `no imports here: ${path}` }) };

test('kinds are unique lower-case names that are no other keyword', () => {
  assert.equal(new Set(CHANNEL_KINDS).size, CHANNEL_KINDS.length);
  for (const kind of CHANNEL_KINDS) {
    assert.match(kind, /^[a-z][a-z0-9]*$/, kind);
    assert.ok(!['import', 'notifier', 'on', 'when', 'sample', 'for', 'true', 'false'].includes(kind), kind);
  }
  assert.deepEqual(Object.keys(CHANNELS), [...CHANNEL_KINDS]);
});

test('the lexer, the parser and the semantic tokens know exactly the registered kinds', () => {
  const channelKeywords = [...KEYWORDS].filter(([, type]) => type.name === 'ChannelKw').map(([word]) => word);
  assert.deepEqual(channelKeywords, [...CHANNEL_KINDS]);
  for (const kind of CHANNEL_KINDS) {
    const text = `notifier "n" {\n    on package.added;\n    ${kind} { timeout = 5s; }\n}\n`;
    const block = parse(text).file.items[0];
    assert.ok(block?.kind === 'Notifier');
    const channel = block.clauses.find((c) => c.kind === 'Channel');
    assert.equal(channel?.kind === 'Channel' && channel.channel, kind);
    const at = text.indexOf(`${kind} {`);
    assert.ok(tokenize(text).tokens.some((t) => t.kind === 'channel' && t.span.start === at), `${kind} is not a channel token`);
  }
});

test('the TextMate grammar colours exactly the registered kinds', () => {
  const grammar = JSON.parse(read('syntaxes/notify.tmLanguage.json'));
  const match: string = grammar.repository.channel.match;
  const alternation = /\(([a-z|]+)\)/.exec(match)?.[1];
  assert.deepEqual(alternation?.split('|'), [...CHANNEL_KINDS]);
});

test('the docs table has one row per channel, in registry order', () => {
  const language = read('docs/LANGUAGE.md');
  const table = language.slice(language.indexOf(CHANNEL_TABLE_BEGIN), language.indexOf(CHANNEL_TABLE_END));
  const kinds = [...table.matchAll(/^\| `([a-z0-9]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(kinds, [...CHANNEL_KINDS]);
});

test('the reply table of docs/delivery.md describes every channel that reads its replies', () => {
  const delivery = read('docs/delivery.md');
  const table = delivery.slice(delivery.indexOf(REPLY_TABLE_BEGIN), delivery.indexOf(REPLY_TABLE_END));
  const kinds = [...table.matchAll(/^\| `([a-z0-9]+)` \|/gm)].map((m) => m[1]);
  for (const m of CHANNEL_MODULES) if (m.reply) assert.ok(kinds.includes(m.kind), `${m.kind} reads replies but the docs do not say how`);
});

test('the snippets file holds every channel snippet as generated', () => {
  const snippets = JSON.parse(read('snippets/notify.json'));
  for (const [name, snippet] of Object.entries(channelSnippets())) assert.deepEqual(snippets[name], snippet, name);
});

/** A snippet as VS Code inserts it when every placeholder keeps its default. */
function expandSnippet(body: readonly string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:[^{}]|\{[^{}]*\})*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\$0/g, '')
    .replace(/\\\$/g, '$')
    .replace(/\t/g, '    ');
}

for (const module of CHANNEL_MODULES) {
  test(`${module.kind}: its properties, snippet, rendering and preview fit together`, () => {
    const names = module.properties.map((p) => p.name);
    assert.equal(new Set(names).size, names.length, 'a property is listed twice');
    for (const common of COMMON_PROPERTIES) assert.ok(!names.includes(common.name), `${common.name} is common to every channel`);

    const body = channelSnippets()[`Notifier: ${module.snippet.title}`]?.body;
    assert.ok(body, 'no snippet');
    const text = expandSnippet(body);
    for (const p of module.properties.filter((p) => p.required)) assert.match(text, new RegExp(`^\\s*${p.name}\\s*=`, 'm'), `the snippet leaves out ${p.name}`);
    const analysis = analyze(text, noImports);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), [], text);

    const result = render(analysis.file, analysis.catalog, {});
    assert.deepEqual(result.errors, []);
    const [delivery] = result.deliveries;
    assert.equal(delivery?.channel, module.kind);
    assert.ok(delivery.request || delivery.email);
    assert.notEqual(module.preview(delivery).kind, 'unreadable');
  });
}

test('channel modules import nothing of the syntax layer, server, client or Node built-ins (the lexer imports the registry)', async () => {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['grammar/channels/registry.ts'],
    bundle: true,
    write: false,
    metafile: true,
    // Neutral: a Node built-in (node:fs, …) does not resolve, so the build fails on one.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'esm',
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs).map((p) => relative(root, resolve(root, p)));
  assert.ok(inputs.some((p) => p.startsWith('grammar/channels/slack/')), inputs.join('\n'));
  const forbidden = inputs.filter((p) => /^(grammar\/syntax|server|client)\//.test(p) || p.startsWith('node:'));
  assert.deepEqual(forbidden, [], 'these would make an import cycle with the lexer or bring I/O into grammar/');
});

/** Source files that may name channels outside their modules, and why. */
const MAY_NAME_CHANNELS: readonly RegExp[] = [
  /^grammar\/channels\/[a-z0-9]+\//, // the modules themselves
  /^grammar\/channels\/registry\.ts$/, // the one list
  /^client\/extension\/preview\/webview\//, // the preview's HTML views (a channel's second file)
  /^client\/extension\/preview\/html\.ts$/, // the preview's styles
  /^client\/extension\/preview\/markup\.ts$/, // the services' text formats, for the webview
  // The services' published payload rules for `notify test` (Adaptive Card schema via adaptivecards):
  // kept out of grammar/ so the language server's bundle does not carry them.
  /^client\/snapshots\/serviceRules\.ts$/,
];

test('no hand-kept channel list outside the registry: source names a channel only in its module', () => {
  const files = execFileSync('git', ['ls-files', 'grammar', 'server', 'client'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !MAY_NAME_CHANNELS.some((p) => p.test(f)));
  const offenders: string[] = [];
  for (const file of files) {
    const code = read(file)
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const kind of CHANNEL_KINDS) {
      if (new RegExp(`['"]${kind}['"]`).test(code)) offenders.push(`${file}: '${kind}'`);
    }
  }
  assert.deepEqual(offenders, [], 'read these from grammar/channels/registry.ts instead');
});
