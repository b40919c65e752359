/**
 * The preview panel's script (bundled to dist/webview.js, runs in the
 * webview). It only draws what the extension posts (`{type: 'model'}`) and
 * posts the user's choices back (`{type: 'select'}`); it has no network
 * access (see the page's CSP) and never sees a secret value.
 */
import * as AdaptiveCards from 'adaptivecards';
import 'adaptivecards/lib/adaptivecards.css';
import type { DeliveryView, PreviewModel, PreviewSelection, RawView, ReceiverView } from '../model';
import { discordMarkdownToHtml, escapeHtml, markPlaceholders, messageCardMarkdownToHtml, slackBlocksToHtml, slackMrkdwnToHtml } from '../markup';
import type { FromWebview, ToWebview } from '../messages';
import { el, plain } from './dom';
import { drawInspector, initInspector, pacingNote } from './inspector';
import { EVENT_SOURCE_CSS, eventSourceControls } from './eventSource';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();

const toolbar = document.getElementById('toolbar')!;
const content = document.getElementById('content')!;

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
    { value: '', label: choices.defaultLabel },
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
  styleOnce('event-source-css', EVENT_SOURCE_CSS);
  toolbar.appendChild(eventSourceControls(model, (m) => vscode.postMessage(m)));
  toolbar.appendChild(el('span', { class: 'muted', text: 'Preview only: nothing is sent.' }));
}

function post(selection: PreviewSelection): void {
  vscode.postMessage({ type: 'select', selection });
}

// ---------------------------------------------------------------- receivers

function slack(view: Extract<ReceiverView, { kind: 'slack' }>): HTMLElement {
  const root = el('div', { class: 'slack receiver' });
  root.appendChild(el('div', { class: 'who', html: 'Notify<span class="app">APP</span>' }));
  // With blocks, Slack shows the blocks; `text` is what the notification says.
  if (view.blocks.length) {
    root.appendChild(el('div', { class: 'blocks', html: markPlaceholders(slackBlocksToHtml(view.blocks)) }));
    root.appendChild(el('div', { class: 'notification muted', html: `Notification: ${markPlaceholders(slackMrkdwnToHtml(view.text))}` }));
  } else root.appendChild(el('div', { class: 'text', html: markPlaceholders(slackMrkdwnToHtml(view.text)) }));
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

/** Adds a channel view's styles to the page the first time it is drawn (the page's CSP allows inline styles). */
function styleOnce(id: string, css: string): void {
  if (document.getElementById(id)) return;
  const style = el('style', { text: css });
  style.id = id;
  document.head.appendChild(style);
}

const MATTERMOST_CSS = `
.mattermost { background: #fff; color: #3f4350; font-family: "Open Sans", sans-serif; font-size: 14px; padding: 10px 12px; border-radius: 6px; }
.mattermost .who { font-weight: 600; margin-bottom: 2px; }
.mattermost .who .app { font-weight: normal; font-size: 10px; background: #e8e9ed; padding: 1px 4px; border-radius: 3px; margin-left: 4px; }
.mattermost code { background: #f4f4f6; border-radius: 3px; padding: 0 3px; }
.mattermost a { color: #1c58d9; }
.mattermost .attachment { display: flex; margin-top: 6px; border: 1px solid #e0e0e4; border-radius: 4px; }
.mattermost .bar { width: 4px; background: #ddd; flex: none; border-radius: 4px 0 0 4px; }
.mattermost .attachment-body { padding: 6px 10px; }
.mattermost .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
.mattermost .field.long { grid-column: 1 / span 2; }
.mattermost .field .title { font-weight: 600; }
`;

function mattermost(view: Extract<ReceiverView, { kind: 'mattermost' }>): HTMLElement {
  styleOnce('mattermost-css', MATTERMOST_CSS);
  const root = el('div', { class: 'mattermost receiver' });
  root.appendChild(el('div', { class: 'who', html: `${plain(view.username || 'Notify')}<span class="app">BOT</span>` }));
  root.appendChild(el('div', { class: 'text', html: markPlaceholders(discordMarkdownToHtml(view.text)) }));
  for (const a of view.attachments) {
    if (!a.fields.length) continue;
    const bar = el('div', { class: 'bar' });
    if (a.color) bar.style.background = a.color;
    const fields = el('div', { class: 'fields' });
    for (const f of a.fields) {
      fields.appendChild(
        el('div', { class: f.short ? 'field' : 'field long' }, [
          el('div', { class: 'title', html: plain(f.title) }),
          el('div', { class: 'value', html: markPlaceholders(discordMarkdownToHtml(f.value)) }),
        ]),
      );
    }
    root.appendChild(el('div', { class: 'attachment' }, [bar, el('div', { class: 'attachment-body' }, [fields])]));
  }
  return root;
}

const NTFY_CSS = `
.ntfy { background: #f0f0f0; color: #202124; font-family: Roboto, "Segoe UI", sans-serif; font-size: 14px; padding: 10px 12px; border-radius: 6px; }
.ntfy .note { background: #fff; border-radius: 12px; padding: 10px 14px; box-shadow: 0 1px 2px rgba(0,0,0,0.2); max-width: 420px; }
.ntfy .meta { color: #5f6368; font-size: 12px; margin-bottom: 2px; }
.ntfy .title { font-weight: 600; }
.ntfy .tags { color: #5f6368; font-size: 12px; margin-top: 4px; }
.ntfy .priority-high, .ntfy .priority-urgent { border-left: 4px solid #d93025; }
.ntfy .priority-min, .ntfy .priority-low { opacity: 0.8; }
`;

function ntfy(view: Extract<ReceiverView, { kind: 'ntfy' }>): HTMLElement {
  styleOnce('ntfy-css', NTFY_CSS);
  const note = el('div', { class: `note priority-${view.priority}` }, [
    el('div', { class: 'meta', text: `ntfy · ${view.topic} · priority ${view.priority}` }),
    view.title ? el('div', { class: 'title', html: plain(view.title) }) : null,
    el('div', { class: 'message', html: view.markdown ? markPlaceholders(discordMarkdownToHtml(view.message)) : plain(view.message) }),
    view.tags.length ? el('div', { class: 'tags', text: view.tags.map((t) => `#${t}`).join(' ') }) : null,
    view.click ? el('div', { class: 'meta', html: `Tap opens ${plain(view.click)}` }) : null,
  ]);
  return el('div', { class: 'ntfy receiver' }, [note]);
}

const PAGERDUTY_CSS = `
.pagerduty { background: #f4f4f4; color: #232323; font-family: "Helvetica Neue", Arial, sans-serif; font-size: 14px; padding: 10px 12px; border-radius: 6px; }
.pagerduty .alert { background: #fff; border-left: 6px solid #9aa0a6; border-radius: 4px; padding: 10px 14px; box-shadow: 0 1px 2px rgba(0,0,0,0.15); }
.pagerduty .alert.critical { border-left-color: #c21f1f; }
.pagerduty .alert.error { border-left-color: #e36f00; }
.pagerduty .alert.warning { border-left-color: #f2c01f; }
.pagerduty .meta { color: #6b6b6b; font-size: 12px; }
.pagerduty .summary { font-weight: 600; font-size: 15px; margin: 2px 0 6px; }
.pagerduty table td { padding: 1px 10px 1px 0; vertical-align: top; }
.pagerduty table td.name { color: #6b6b6b; }
`;

function pagerDuty(view: Extract<ReceiverView, { kind: 'pagerduty' }>): HTMLElement {
  styleOnce('pagerduty-css', PAGERDUTY_CSS);
  const details = el('table');
  for (const [name, value] of view.details) details.appendChild(el('tr', {}, [el('td', { class: 'name', html: plain(name) }), el('td', { html: plain(value) })]));
  const alert = el('div', { class: `alert ${view.severity}` }, [
    el('div', { class: 'meta', html: `${plain(view.action)}${view.severity ? ` · ${plain(view.severity)}` : ''} · dedup_key ${plain(view.dedupKey)}` }),
    view.summary ? el('div', { class: 'summary', html: plain(view.summary) }) : null,
    view.source ? el('div', { class: 'meta', html: `source: ${plain(view.source)}` }) : null,
    view.details.length ? details : null,
  ]);
  return el('div', { class: 'pagerduty receiver' }, [alert]);
}

/** Google Chat's look; kept beside its view so a channel's preview is one place. */
const GOOGLE_CHAT_CSS = `
.googlechat { background: #fff; color: #1f1f1f; font-family: "Google Sans", Roboto, Arial, sans-serif; font-size: 14px; padding: 10px 12px; border-radius: 6px; }
.googlechat .who { font-weight: 500; margin-bottom: 2px; }
.googlechat .who .app { font-size: 10px; background: #e8eaed; padding: 1px 4px; border-radius: 3px; margin-left: 4px; }
.googlechat code { background: #f1f3f4; border-radius: 3px; padding: 0 3px; }
.googlechat a { color: #0b57d0; }
.googlechat .card { border: 1px solid #dadce0; border-radius: 8px; margin-top: 6px; max-width: 480px; overflow: hidden; }
.googlechat .card .header { padding: 12px 16px; border-bottom: 1px solid #dadce0; }
.googlechat .card .header .title { font-size: 16px; font-weight: 500; }
.googlechat .card .header .subtitle { color: #5f6368; }
.googlechat .card .row { padding: 8px 16px; }
.googlechat .card .row .label { color: #5f6368; font-size: 12px; }
`;

/** Card text is a subset of HTML: shown as the text it stands for (tags as written). */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

function googleChat(view: Extract<ReceiverView, { kind: 'googlechat' }>): HTMLElement {
  styleOnce('googlechat-css', GOOGLE_CHAT_CSS);
  const root = el('div', { class: 'googlechat receiver' });
  root.appendChild(el('div', { class: 'who', html: 'Notify<span class="app">App</span>' }));
  if (view.text) root.appendChild(el('div', { class: 'text', html: markPlaceholders(slackMrkdwnToHtml(view.text)) }));
  for (const card of view.cards) {
    const box = el('div', { class: 'card' });
    if (card.title || card.subtitle) {
      box.appendChild(
        el('div', { class: 'header' }, [
          el('div', { class: 'title', html: plain(decodeEntities(card.title)) }),
          card.subtitle ? el('div', { class: 'subtitle', html: plain(decodeEntities(card.subtitle)) }) : null,
        ]),
      );
    }
    for (const row of card.rows) {
      box.appendChild(el('div', { class: 'row' }, [el('div', { class: 'label', html: plain(decodeEntities(row.label)) }), el('div', { html: plain(decodeEntities(row.text)) })]));
    }
    root.appendChild(box);
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
  for (const s of view.sections) {
    const section = el('div', { class: 'section' });
    if (s.activityTitle) section.appendChild(el('div', { class: 'activity-title', html: plain(s.activityTitle) }));
    if (s.activitySubtitle) section.appendChild(el('div', { class: 'muted', html: plain(s.activitySubtitle) }));
    if (s.text) section.appendChild(el('div', { html: markPlaceholders(messageCardMarkdownToHtml(s.text)) }));
    card.appendChild(section);
  }
  if (view.actions.length) card.appendChild(el('div', { class: 'actions' }, view.actions.map((name) => el('span', { class: 'button', html: plain(name) }))));
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
    case 'googlechat':
      return googleChat(view);
    case 'mattermost':
      return mattermost(view);
    case 'ntfy':
      return ntfy(view);
    case 'pagerduty':
      return pagerDuty(view);
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
  const warnings = (d.warnings ?? []).map((w) => el('div', { class: 'render-warning', text: `Warning: ${w}` }));
  const section = el('section', { class: `delivery channel-${d.channel}` }, [heading, ...warnings, el('div', { class: 'columns' }, [left, right])]);
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
  const pacing = pacingNote(model.pacing);
  if (pacing) nodes.push(pacing);
  for (const d of model.deliveries) nodes.push(delivery(d));
  for (const s of model.skipped) nodes.push(el('p', { class: 'skipped', text: s }));
  if (!model.deliveries.length && !model.problems.length) nodes.push(el('p', { class: 'muted', text: 'Nothing to preview: this file has no notifier with a channel.' }));
  content.replaceChildren(...nodes);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type === 'model') draw(message.model);
  if (message?.type === 'inspector') drawInspector(message.inspector);
});
initInspector();
vscode.postMessage({ type: 'ready' });
