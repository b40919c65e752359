import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPreviewHtml, contentSecurityPolicy, makeNonce } from '../../../client/extension/preview/html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function page(nonce = makeNonce()) {
  return {
    nonce,
    html: buildPreviewHtml({
      cspSource: CSP_SOURCE,
      nonce,
      scriptUri: `${CSP_SOURCE}/ext/dist/webview.js`,
      styleUri: `${CSP_SOURCE}/ext/dist/webview.css`,
    }),
  };
}

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  return m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('preview page', () => {
  it('has a strict CSP: nothing by default, scripts only by nonce, no network', () => {
    const { html, nonce } = page();
    const policy = csp(html);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.doesNotMatch(policy, /unsafe-eval/);
    assert.doesNotMatch(policy, /connect-src/, 'no fetch/XHR/WebSocket allowed (default-src none)');
    assert.doesNotMatch(policy, /img-src[^;]*https:(?!\/\/file)/, 'no remote images');
    assert.doesNotMatch(policy, /script-src[^;]*unsafe-inline/);
  });

  it('gives every script the nonce and has no inline script or event handler', () => {
    const { html, nonce } = page();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, new RegExp(`nonce="${nonce}"`));
      assert.match(attrs!, /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
      assert.equal(body!.trim(), '', 'no inline code');
    }
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('loads only local resources', () => {
    const { html } = page();
    for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.ok(url!.startsWith(CSP_SOURCE), url);
  });

  it('makes a fresh, usable nonce each time and refuses a nonce that could break out', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.throws(() => page(`x' 'unsafe-inline`));
  });

  it('builds the policy from the webview origin', () => {
    assert.match(contentSecurityPolicy(CSP_SOURCE, 'abc'), new RegExp(`style-src ${CSP_SOURCE.replace(/[.+]/g, '\\$&')}`));
  });
});
