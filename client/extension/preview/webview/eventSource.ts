/**
 * The preview toolbar's event sources (runs in the webview): "Use event
 * from file…" and the four edge-case fixtures, one click each, and what is
 * in use with a button to go back to the example. The extension does the
 * work (eventSource.ts); this only posts the choice.
 */
import type { EventSourceMessage } from '../eventSourceMessages';
import type { PreviewModel } from '../model';

/** Button captions; the tooltips say what each fixture does (LANGUAGE.md 10.6). */
const FIXTURES: readonly { fixture: 'empty' | 'many' | 'long' | 'special'; caption: string; title: string }[] = [
  { fixture: 'empty', caption: 'Empty lists', title: 'Every list and map empty' },
  { fixture: 'many', caption: '500 items', title: '500 items in every list' },
  { fixture: 'long', caption: 'Long strings', title: 'Every string at its maximum length (1,000 characters)' },
  { fixture: 'special', caption: 'Special characters', title: 'Quotes, a line break, emoji, < and & in every string' },
];

function button(caption: string, title: string, onClick: () => void, pressed?: boolean): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = caption;
  b.title = title;
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  b.addEventListener('click', onClick);
  return b;
}

export function eventSourceControls(model: PreviewModel, post: (message: EventSourceMessage) => void): HTMLElement {
  const group = document.createElement('span');
  group.className = 'event-source';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Values');
  group.appendChild(button('Use event from file…', 'Fill the variables from a captured event (JSON); values that do not fit the catalog are reported', () => post({ type: 'useEventFile' })));
  const fixtures = document.createElement('span');
  fixtures.className = 'fixtures';
  fixtures.appendChild(document.createTextNode('Fixture'));
  for (const f of FIXTURES) {
    const active = model.source?.kind === 'fixture' && model.source.name === f.fixture;
    fixtures.appendChild(button(f.caption, f.title, () => post({ type: 'useFixture', fixture: f.fixture }), active));
  }
  group.appendChild(fixtures);
  if (model.source) {
    const using = document.createElement('span');
    using.className = 'source-in-use';
    using.textContent = `Using ${model.source.label}`;
    using.appendChild(button('✕', 'Back to the example', () => post({ type: 'clearSource' })));
    group.appendChild(using);
  }
  return group;
}

/** Inline styles for the group (the page's CSP allows inline styles). */
export const EVENT_SOURCE_CSS = `
.event-source { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.event-source .fixtures { display: flex; gap: 4px; align-items: center; }
.event-source button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 0; border-radius: 2px; padding: 2px 8px; cursor: pointer; }
.event-source button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.event-source button[aria-pressed="true"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.event-source .source-in-use { font-style: italic; display: flex; gap: 4px; align-items: center; }
`;
