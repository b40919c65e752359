/**
 * The preview panel's script (bundled to dist/webview.js, runs in the
 * webview). It only draws what the extension posts (`{type: 'model'}`) and
 * posts the user's choices back (`{type: 'select'}`); it has no network
 * access (see the page's CSP) and never sees a secret value.
 */
import * as AdaptiveCards from 'adaptivecards';
import 'adaptivecards/lib/adaptivecards.css';
import type { DeliveryView, PreviewModel, PreviewSelection, RawView, ReceiverView } from '../model';
import { discordMarkdownToHtml, escapeHtml, markPlaceholders, messageCardMarkdownToHtml, slackMrkdwnToHtml } from '../markup';
import type { FromWebview, ToWebview } from '../messages';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();

const toolbar = document.getElementById('toolbar')!;
const content = document.getElementById('content')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; text?: string; html?: string } = {}, children: (Node | null)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  // `html` is only ever markup built by ../markup, which escapes all text.
  if (props.html !== undefined) node.innerHTML = props.html;
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** Escaped text with secret placeholders marked. */
function plain(text: string): string {
  return markPlaceholders(escapeHtml(text));
}

// ---------------------------------------------------------------- toolbar

function select(label: string, id: string, options: { value: string; label: string }[], value: string, onChange: (v: string) => void): HTMLElement {
  const s = el('select');
  s.id = id;
  for (const o of options) {
    const option = el('option', { text: o.label });
    option.value = o.value;
    s.appendChild(option);
  }
  s.value = options.some((o) => o.value === value) ? value : (options[0]?.value ?? '');
  s.addEventListener('change', () => onChange(s.value));
  return el('label', { text: label }, [s]);
}

function drawToolbar(model: PreviewModel): void {
  toolbar.replaceChildren();
  const { choices, selection } = model;
  toolbar.appendChild(el('strong', { text: model.fileName }));
  const notifierOptions = [{ value: '', label: 'All notifiers' }, ...choices.notifiers.map((n) => ({ value: n, label: n }))];
  toolbar.appendChild(
    select('Notifier', 'notify-notifier', notifierOptions, selection.notifier ?? '', (v) =>
      post({ notifier: v || undefined, sample: undefined, event: undefined }),
    ),
  );
  const exampleOptions = [
    { value: '', label: 'First matching sample' },
    ...choices.samples.map((s) => ({ value: 'sample:' + s.name, label: `sample "${s.name}" (${s.event})` })),
    ...choices.events.map((e) => ({ value: 'event:' + e, label: `catalog example of ${e}` })),
  ];
  const current = selection.sample !== undefined ? 'sample:' + selection.sample : selection.event !== undefined ? 'event:' + selection.event : '';
  toolbar.appendChild(
    select('Example', 'notify-example', exampleOptions, current, (v) => {
      const sample = v.startsWith('sample:') ? v.slice(7) : undefined;
      const event = v.startsWith('event:') ? v.slice(6) : undefined;
      post({ notifier: model.selection.notifier, sample, event });
    }),
  );
  toolbar.appendChild(el('span', { class: 'muted', text: 'Preview only: nothing is sent.' }));
}

function post(selection: PreviewSelection): void {
  vscode.postMessage({ type: 'select', selection });
}

// ---------------------------------------------------------------- receivers

function slack(view: Extract<ReceiverView, { kind: 'slack' }>): HTMLElement {
  const root = el('div', { class: 'slack receiver' });
  root.appendChild(el('div', { class: 'who', html: 'Notify<span class="app">APP</span>' }));
  root.appendChild(el('div', { class: 'text', html: markPlaceholders(slackMrkdwnToHtml(view.text)) }));
  for (const a of view.attachments) {
    const bar = el('div', { class: 'bar' });
    if (a.color) bar.style.background = a.color;
    const body = el('div', { class: 'attachment-body' });
    if (a.text) body.appendChild(el('div', { html: markPlaceholders(slackMrkdwnToHtml(a.text)) }));
    if (a.fields.length) {
      const fields = el('div', { class: 'fields' });
      for (const f of a.fields) {
        fields.appendChild(
          el('div', { class: f.short ? 'field' : 'field long' }, [
            el('div', { class: 'title', html: plain(f.title) }),
            el('div', { class: 'value', html: markPlaceholders(slackMrkdwnToHtml(f.value)) }),
          ]),
        );
      }
      body.appendChild(fields);
    }
    root.appendChild(el('div', { class: 'attachment' }, [bar, body]));
  }
  return root;
}

function discord(view: Extract<ReceiverView, { kind: 'discord' }>): HTMLElement {
  const root = el('div', { class: 'discord receiver' });
  root.appendChild(el('div', { class: 'who', html: 'Notify<span class="app">BOT</span>' }));
  if (view.content) root.appendChild(el('div', { class: 'content', html: markPlaceholders(discordMarkdownToHtml(view.content)) }));
  for (const e of view.embeds) {
    const bar = el('div', { class: 'bar' });
    if (e.color) bar.style.background = e.color;
    const body = el('div', { class: 'embed-body' });
    if (e.title) body.appendChild(el('div', { class: 'title', html: plain(e.title) }));
    if (e.description) body.appendChild(el('div', { class: 'description', html: markPlaceholders(discordMarkdownToHtml(e.description)) }));
    if (e.fields.length) {
      const fields = el('div', { class: 'fields' });
      for (const f of e.fields) {
        fields.appendChild(
          el('div', { class: f.inline ? 'field inline' : 'field' }, [
            el('div', { class: 'name', html: plain(f.name) }),
            el('div', { class: 'value', html: markPlaceholders(discordMarkdownToHtml(f.value)) }),
          ]),
        );
      }
      body.appendChild(fields);
    }
    root.appendChild(el('div', { class: 'embed' }, [bar, body]));
  }
  return root;
}

AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markPlaceholders(messageCardMarkdownToHtml(text));
  result.didProcess = true;
};

function teamsAdaptive(view: Extract<ReceiverView, { kind: 'teams-adaptive' }>): HTMLElement {
  const root = el('div', { class: 'teams receiver' });
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig({ fontFamily: 'Segoe UI, Helvetica Neue, sans-serif' });
  // The preview never acts: a card's buttons would open URLs or post data.
  card.onExecuteAction = () => undefined;
  try {
    card.parse(view.card);
    const rendered = card.renderedElement ?? card.render();
    const holder = el('div', { class: 'card adaptive' });
    if (rendered) holder.appendChild(rendered);
    const events = card.validateProperties().validationEvents;
    root.appendChild(holder);
    if (events.length) {
      const list = el('ul', { class: 'problems' });
      for (const e of events) list.appendChild(el('li', { text: `Adaptive Card: ${e.message}` }));
      root.appendChild(list);
    }
  } catch (e) {
    root.appendChild(el('div', { class: 'problems', text: `Adaptive Card could not be rendered: ${(e as Error).message}` }));
  }
  return root;
}

function teamsMessageCard(view: Extract<ReceiverView, { kind: 'teams-messagecard' }>): HTMLElement {
  const card = el('div', { class: 'card messagecard' });
  if (view.color) card.style.borderTopColor = view.color;
  if (view.title) card.appendChild(el('h3', { html: plain(view.title) }));
  if (view.text) card.appendChild(el('div', { html: markPlaceholders(messageCardMarkdownToHtml(view.text)) }));
  if (view.facts.length) {
    const table = el('table', { class: 'facts' });
    for (const f of view.facts) table.appendChild(el('tr', {}, [el('td', { class: 'name', html: plain(f.name) }), el('td', { html: plain(f.value) })]));
    card.appendChild(table);
  }
  return el('div', { class: 'teams receiver' }, [card]);
}

function email(view: Extract<ReceiverView, { kind: 'email' }>): HTMLElement {
  const root = el('div', { class: 'email receiver' });
  const headers = el('div', { class: 'headers' });
  headers.appendChild(el('div', { class: 'subject', html: plain(view.subject || '(no subject)') }));
  headers.appendChild(el('div', { html: `<span class="muted">From</span> ${plain(view.from ?? '(SMTP from address)')}` }));
  headers.appendChild(el('div', { html: `<span class="muted">To</span> ${plain(view.to.join(', '))}` }));
  if (view.cc.length) headers.appendChild(el('div', { html: `<span class="muted">Cc</span> ${plain(view.cc.join(', '))}` }));
  if (view.bcc.length) headers.appendChild(el('div', { html: `<span class="muted">Bcc</span> ${plain(view.bcc.join(', '))}` }));
  root.appendChild(headers);
  if (view.html !== null) {
    root.appendChild(el('div', { class: 'part muted', text: 'HTML part (sandboxed: no scripts, no remote content)' }));
    const frame = el('iframe');
    frame.setAttribute('sandbox', '');
    frame.setAttribute('title', 'Email HTML part');
    frame.srcdoc = view.html;
    root.appendChild(frame);
  }
  if (view.text !== null) {
    if (view.html !== null) root.appendChild(el('div', { class: 'part muted', text: 'Text part' }));
    root.appendChild(el('div', { class: 'part' }, [el('pre', { html: plain(view.text) })]));
  }
  return root;
}

function receiver(view: ReceiverView): HTMLElement {
  switch (view.kind) {
    case 'slack':
      return slack(view);
    case 'discord':
      return discord(view);
    case 'teams-adaptive':
      return teamsAdaptive(view);
    case 'teams-messagecard':
      return teamsMessageCard(view);
    case 'email':
      return email(view);
    case 'webhook':
      return el('p', { class: 'muted', text: 'A webhook receiver is a program: it gets the request shown beside this.' });
    case 'unreadable':
      return el('div', { class: 'problems', text: `The service would not understand this message: ${view.reason}.` });
  }
}

function raw(view: RawView): HTMLElement {
  const root = el('div', { class: 'raw' });
  const table = el('table');
  for (const [name, value] of view.headers) {
    table.appendChild(el('tr', {}, [el('td', { class: 'name', text: name + ':' }), el('td', { html: plain(value) })]));
  }
  if (view.kind === 'http') {
    root.appendChild(el('div', { class: 'request-line', html: `${escapeHtml(view.method)} ${plain(view.url)}` }));
    root.appendChild(table);
    if (view.body !== null) root.appendChild(el('pre', { class: 'body', html: plain(view.body) }));
    else root.appendChild(el('p', { class: 'muted', text: '(no body)' }));
  } else {
    root.appendChild(table);
    if (view.text !== null) root.appendChild(el('pre', { class: 'body', html: plain(view.text) }));
    if (view.html !== null) root.appendChild(el('pre', { class: 'body', html: plain(view.html) }));
  }
  return root;
}

function delivery(d: DeliveryView): HTMLElement {
  const example = d.sample !== null ? `sample "${d.sample}"` : 'catalog example';
  const heading = el('h2', {}, [
    el('span', { class: 'badge', text: d.channel }),
    el('span', { text: d.notifier }),
    el('span', { class: 'muted', text: `${d.event} · ${d.part ? `${d.part} · ` : ''}${example}${d.scope ? ` · scope ${d.scope}` : ''}` }),
  ]);
  const left = el('div', {}, [el('h3', { text: 'What the receiver sees' }), receiver(d.receiver)]);
  const right = el('div', {}, [el('h3', { text: d.raw.kind === 'http' ? 'HTTP request' : 'Email message' }), raw(d.raw)]);
  const section = el('section', { class: `delivery channel-${d.channel}` }, [heading, el('div', { class: 'columns' }, [left, right])]);
  section.dataset.notifier = d.notifier;
  section.dataset.channel = d.channel;
  if (d.part) section.dataset.part = d.part;
  return section;
}

function draw(model: PreviewModel): void {
  drawToolbar(model);
  const nodes: HTMLElement[] = [];
  if (model.restricted) {
    nodes.push(el('div', { class: 'restricted', text: 'Restricted mode: the preview works, but sending, secrets and $Env are off until you trust this folder.' }));
  }
  if (model.problems.length) {
    const list = el('ul');
    for (const p of model.problems) {
      const where = [p.where, p.line !== undefined ? `line ${p.line}` : undefined].filter(Boolean).join(', ');
      list.appendChild(el('li', { text: where ? `${where}: ${p.message}` : p.message }));
    }
    nodes.push(el('div', { class: 'problems', html: '<strong>Cannot render everything:</strong>' }, [list]));
  }
  for (const d of model.deliveries) nodes.push(delivery(d));
  for (const s of model.skipped) nodes.push(el('p', { class: 'skipped', text: s }));
  if (!model.deliveries.length && !model.problems.length) nodes.push(el('p', { class: 'muted', text: 'Nothing to preview: this file has no notifier with a channel.' }));
  content.replaceChildren(...nodes);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type === 'model') draw(message.model);
});
vscode.postMessage({ type: 'ready' });
