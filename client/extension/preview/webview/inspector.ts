/**
 * The preview's Inspector section and pacing note (drawn in the webview).
 * The Inspector shows, after a send, every attempt of every delivery: the
 * request as sent, the text that was signed, the reply, timings, and why
 * pacing held it or a retry came. Every text arrives masked by the
 * dispatcher's redactor; here it is only escaped (escapeHtml) and its
 * placeholders marked.
 */
import type { AttemptRecord } from '../../../dispatch/result';
import type { InspectedDelivery, InspectorModel } from '../inspector';
import { escapeHtml } from '../markup';
import { el, plain } from './dom';

const CSS = `
#inspector { border-top: 2px solid var(--vscode-panel-border); margin-top: 18px; padding-top: 6px; }
#inspector > header { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; scroll-margin-top: 130px; }
#inspector > header h2 { margin: 6px 0; font-size: 1.1em; }
#inspector .summary.ok { color: var(--vscode-testing-iconPassed, #73c991); }
#inspector .summary.failed { color: var(--vscode-editorError-foreground, #f14c4c); font-weight: bold; }
#inspector .inspected { border: 1px solid var(--vscode-panel-border); border-radius: 6px; margin: 10px 0; padding: 4px 10px; }
#inspector .attempt { border-left: 3px solid var(--vscode-panel-border); margin: 8px 0; padding: 2px 8px; }
#inspector .attempt.ok { border-left-color: var(--vscode-testing-iconPassed, #73c991); }
#inspector .attempt.failed { border-left-color: var(--vscode-editorError-foreground, #f14c4c); }
#inspector .why { font-style: italic; }
#inspector pre { white-space: pre-wrap; word-break: break-all; margin: 2px 0 6px; padding: 4px; background: var(--vscode-textCodeBlock-background); }
#inspector table td.name { white-space: nowrap; vertical-align: top; opacity: 0.8; }
.pacing { border-left: 4px solid var(--vscode-editorInfo-foreground, #3794ff); padding: 4px 10px; margin: 10px 0; }
`;

let styled = false;
function style(): void {
  if (styled) return;
  styled = true;
  const s = document.createElement('style');
  s.textContent = CSS;
  document.head.appendChild(s);
}

/** The note above the deliveries: how long pacing makes the send. */
export function pacingNote(pacing: readonly string[] | undefined): HTMLElement | null {
  if (!pacing?.length) return null;
  style();
  return el('div', { class: 'pacing', text: `Sending paces these per destination: ${pacing.join('; ')}.` });
}

function headers(h: Readonly<Record<string, string>>): HTMLElement {
  const table = el('table');
  for (const [name, value] of Object.entries(h)) table.appendChild(el('tr', {}, [el('td', { class: 'name', text: name + ':' }), el('td', { html: plain(value) })]));
  return table;
}

function ms(n: number): string {
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
}

function attempt(a: AttemptRecord, of: number): HTMLElement {
  const head = el('h4', {
    text: `Attempt ${a.attempt}/${of} · ${a.response?.status ?? 'no reply'} · ${a.ok ? 'delivered' : 'failed'} · ${ms(a.durationMs)} · ${a.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
  });
  const parts: (HTMLElement | null)[] = [head];
  if (a.pacedBecause) parts.push(el('p', { class: 'why paced', text: `Waited ${ms(a.pacedMs)} before sending: ${a.pacedBecause}` }));
  if (a.request) {
    parts.push(el('h5', { text: 'Request' }), el('div', { class: 'request-line', html: `${escapeHtml(a.request.method)} ${plain(a.request.url)}` }), headers(a.request.headers));
    if (a.request.body !== null) parts.push(el('pre', { class: 'request-body', html: plain(a.request.body) }));
  }
  if (a.signed !== null) parts.push(el('h5', { text: 'Signed text' }), el('pre', { class: 'signed', html: plain(a.signed) }));
  if (a.response) {
    parts.push(el('h5', { text: `Response ${a.response.status ?? ''}`.trim() }), headers(a.response.headers));
    if (a.response.body) parts.push(el('pre', { class: 'response-body', html: plain(a.response.body) }));
  } else {
    parts.push(el('p', { class: 'muted', text: 'No response.' }));
  }
  if (a.error) parts.push(el('p', { class: 'error', text: a.error }));
  if (a.retryReason) parts.push(el('p', { class: 'why retry', text: `Retried: ${a.retryReason}` }));
  const node = el('div', { class: `attempt ${a.ok ? 'ok' : 'failed'}` }, parts);
  node.dataset.attempt = String(a.attempt);
  return node;
}

function inspected(d: InspectedDelivery): HTMLElement {
  const status = d.ok ? `delivered (${d.status ?? '—'})` : `failed${d.status !== null ? ` (${d.status})` : ''}`;
  const head = el('h3', {}, [el('span', { class: 'badge', text: d.channel }), el('span', { text: ` ${d.notifier} → ` }), el('span', { html: plain(d.target) }), el('span', { class: 'muted', text: ` · ${status} · ${ms(d.durationMs)}` })]);
  const parts: HTMLElement[] = [head];
  if (!d.ok && d.error && d.attempts.length === 0) parts.push(el('p', { class: 'error', text: `Not sent: ${d.error}` }));
  if (d.note) parts.push(el('p', { class: 'why note', text: `Note: ${d.note}` }));
  for (const a of d.attempts) parts.push(attempt(a, d.attempts.length));
  const node = el('section', { class: 'inspected' }, parts);
  node.dataset.notifier = d.notifier;
  node.dataset.channel = d.channel;
  return node;
}

function container(): HTMLElement {
  let root = document.getElementById('inspector');
  if (!root) {
    style();
    root = el('section');
    root.id = 'inspector';
    root.setAttribute('aria-label', 'Send inspector');
    document.body.appendChild(root);
  }
  return root;
}

function header(rest: HTMLElement[]): HTMLElement {
  return el('header', {}, [el('h2', { text: 'Inspector' }), ...rest]);
}

/** The empty Inspector, until something is sent. */
export function initInspector(): void {
  container().replaceChildren(header([el('span', { class: 'muted', text: 'After a Send test (the CodeLens above a notifier), every attempt shows here: request, signed text, response, timings, retries.' })]));
}

/** Draws (or replaces) the Inspector with the last send. */
export function drawInspector(model: InspectorModel): void {
  const top = header([
    el('span', { class: `summary ${model.ok ? 'ok' : 'failed'}`, text: model.summary }),
    el('span', { class: 'muted', text: `${model.fileName} · ${model.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` }),
  ]);
  container().replaceChildren(top, ...model.deliveries.map(inspected));
}
