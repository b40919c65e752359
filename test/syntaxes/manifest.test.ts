// The extension manifest (package.json `contributes`), the language
// configuration and the snippets: everything they point at exists and fits
// together, as VS Code would need it at install time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNEL_KINDS } from '../../grammar/channels/registry';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const pkg = readJson('package.json') as any;
const contributes = pkg.contributes;

test('every file the manifest points at exists', () => {
  const paths: string[] = [
    pkg.main.replace(/^\.\//, '').replace(/^dist\/.*/, 'client/extension/extension.ts'),
    pkg.icon,
    ...contributes.languages.flatMap((l: any) => [l.configuration, l.icon?.light, l.icon?.dark]),
    ...contributes.grammars.map((g: any) => g.path),
    ...contributes.snippets.map((s: any) => s.path),
    ...contributes.walkthroughs.flatMap((w: any) => w.steps.map((s: any) => s.media.markdown)),
  ].filter(Boolean);
  for (const path of paths) assert.ok(existsSync(join(root, path)), `${path} is missing`);
});

test('the grammar contributions name the scopes their files declare', () => {
  for (const g of contributes.grammars) {
    assert.equal(readJson(g.path).scopeName, g.scopeName, g.path);
  }
  assert.ok(contributes.grammars.some((g: any) => g.language === 'notify' && g.scopeName === 'source.notify'));
});

test('menus, keybindings and views only use declared commands', () => {
  const declared = new Set(contributes.commands.map((c: any) => c.command));
  const used = [
    ...Object.values(contributes.menus).flatMap((items: any) => items.map((i: any) => i.command)),
    ...contributes.keybindings.map((k: any) => k.command),
  ];
  for (const command of used) assert.ok(declared.has(command), `${command} is not declared`);
  for (const command of [
    'notify.previewPayload',
    'notify.sendTest',
    'notify.setSecret',
    'notify.deleteSecret',
    'notify.showHistory',
    'notify.restartServer',
    'notify.resendFromHistory',
  ]) {
    assert.ok(declared.has(command), `${command} is not declared`);
    assert.ok(pkg.activationEvents.includes(`onCommand:${command}`), `${command} does not activate the extension`);
  }
  assert.ok(!pkg.activationEvents.includes('*'), 'the extension must not activate on startup');
  assert.ok(pkg.activationEvents.includes('onLanguage:notify'));
});

test('the preview keybinding is limited to Notify editors (Markdown keeps its own)', () => {
  for (const k of contributes.keybindings) assert.match(k.when, /editorLangId == notify/);
});

test('settings: no password setting; restricted settings exist; private networks are opt-in per machine', () => {
  const properties = contributes.configuration.properties;
  assert.deepEqual(
    Object.keys(properties).filter((k) => /password|secret|token/i.test(k)),
    [],
    'credentials belong in SecretStorage, not settings',
  );
  for (const key of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) {
    assert.ok(properties[key], `restricted setting ${key} is not declared`);
  }
  assert.equal(properties['notify.allowPrivateNetworks'].default, false);
  assert.equal(properties['notify.allowPrivateNetworks'].scope, 'machine-overridable');
  assert.deepEqual(properties['notify.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('language configuration: the regular expressions compile and words include sigils and dashes', () => {
  const config = readJson('language-configuration.json');
  const word = new RegExp(config.wordPattern, 'g');
  const words = (text: string) => text.match(word) ?? [];
  assert.deepEqual(words('$PackageId-x == @Hosts'), ['$PackageId-x', '@Hosts']);
  assert.deepEqual(words('%(a: 10s, b: -3)'), ['a', '10s', 'b', '-3']);
  assert.deepEqual(words('$name_ more'), ['$name', 'more']);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('notifier "x" {'));
  assert.ok(increase.test('    body = $ToJson(%('));
  assert.ok(!increase.test('    slack { url = "x"; }'));
  assert.ok(!increase.test('# a comment {'));
  assert.ok(decrease.test('    }'));
  assert.ok(decrease.test('    ));'));
  new RegExp(config.folding.markers.start);
  assert.ok(new RegExp(config.folding.markers.start).test('# region Slack'));
  assert.ok(new RegExp(config.folding.markers.end).test('// #endregion'));
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
});

test('snippets: one per channel, a sample, template tags and an import', () => {
  const snippets = readJson('snippets/notify.json') as Record<string, { prefix: string | string[]; body: string[] }>;
  const bodies = Object.values(snippets).map((s) => s.body.join('\n'));
  for (const channel of CHANNEL_KINDS) {
    assert.ok(bodies.some((b) => new RegExp(`^\\s*${channel} \\{`, 'm').test(b)), `no ${channel} snippet`);
  }
  assert.ok(bodies.some((b) => /^sample /.test(b)));
  assert.ok(bodies.some((b) => b.includes('<% if ')));
  assert.ok(bodies.some((b) => b.includes('<% foreach ')));
  assert.ok(bodies.some((b) => /^import "/.test(b)));
  // A bare `$Name` in a snippet would be read as a snippet variable, not Notify text.
  for (const body of bodies) assert.doesNotMatch(body, /(?<!\\)\$[A-Z]/, body);
});

test('the .vsix holds only the bundle and the contributed files', () => {
  const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  const files = result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const allowed = [
    /^dist\/[^/]+\.(js|css)$/,
    // Marks the bundles as CommonJS inside a "type": "module" package.
    /^dist\/package\.json$/,
    /^syntaxes\/[^/]+\.tmLanguage\.json$/,
    /^snippets\//,
    /^schemas\//,
    /^images\/(icon\.png|file-icon-(dark|light)\.svg|activity-bar\.svg)$/,
    /^walkthrough\/[^/]+\.md$/,
    /^(language-configuration\.json|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/,
  ];
  for (const file of files) assert.ok(allowed.some((p) => p.test(file)), `${file} should not be in the .vsix`);
  for (const needed of ['package.json', 'dist/package.json', 'dist/extension.js', 'dist/features.js', 'language-configuration.json', 'syntaxes/notify.tmLanguage.json', 'snippets/notify.json', 'images/icon.png', 'LICENSE']) {
    assert.ok(files.includes(needed), `${needed} is missing from the .vsix`);
  }
});
