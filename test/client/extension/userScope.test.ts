import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { USER_ONLY_SETTINGS, userValue } from '../../../client/extension/userScope';

const ROOT = resolve(import.meta.dirname, '../../..');

test('a user-only setting takes the user value, else the default; a workspace or folder value is ignored and reported', () => {
  assert.deepEqual(userValue({ defaultValue: [], globalValue: ['A'] }, []), { value: ['A'], ignored: false });
  assert.deepEqual(userValue({ defaultValue: [] }, ['x']), { value: [], ignored: false });
  assert.deepEqual(userValue(undefined, 'fallback'), { value: 'fallback', ignored: false });
  // The repository's .vscode/settings.json widens $Env or redirects the SMTP login: not taken.
  assert.deepEqual(userValue({ defaultValue: [], workspaceValue: ['AWS_SECRET_ACCESS_KEY'] }, []), { value: [], ignored: true });
  assert.deepEqual(userValue({ defaultValue: '', globalValue: 'smtp.corp.example', workspaceFolderValue: 'smtp.attacker.example' }, ''), { value: 'smtp.corp.example', ignored: true });
  // The same value as the user's is nothing to report.
  assert.deepEqual(userValue({ globalValue: 'smtp.corp.example', workspaceValue: 'smtp.corp.example' }, ''), { value: 'smtp.corp.example', ignored: false });
  assert.deepEqual(userValue({ defaultValue: false, workspaceValue: false }, false), { value: false, ignored: false });
});

test('every user-only setting is declared machine-scoped and restricted in package.json, and read only through userSetting', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const properties = manifest.contributes.configuration.properties;
  for (const name of USER_ONLY_SETTINGS) {
    assert.equal(properties[name]?.scope, 'machine', `${name}: VS Code itself then ignores a workspace's value`);
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(name), `${name} is restricted`);
  }
  // No other reader: a plain `getConfiguration(...).get('allowedEnv')` would take the workspace's value again.
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) sources.push(path);
    }
  };
  walk(join(ROOT, 'client/extension'));
  for (const path of sources) {
    const text = readFileSync(path, 'utf8');
    for (const name of USER_ONLY_SETTINGS) {
      const key = name.slice(name.lastIndexOf('.') + 1);
      const section = name.slice(0, name.lastIndexOf('.'));
      const plain = new RegExp(`getConfiguration\\('${section.replace('.', '\\.')}'\\)\\s*\\.(?:get|inspect)(?:<[^>]*>)?\\('${key}'`);
      assert.doesNotMatch(text, plain, `${path} reads ${name} without userSetting`);
    }
  }
});
