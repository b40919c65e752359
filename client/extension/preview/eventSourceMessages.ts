/** The preview's event-source actions, webview → extension (no imports: the webview bundles it too). */
export type EventSourceMessage =
  | { readonly type: 'useEventFile' }
  | { readonly type: 'useFixture'; readonly fixture: 'empty' | 'many' | 'long' | 'special' }
  | { readonly type: 'clearSource' };

export function isEventSourceMessage(m: Record<string, unknown>): m is EventSourceMessage {
  if (m.type === 'useEventFile' || m.type === 'clearSource') return true;
  return m.type === 'useFixture' && (m.fixture === 'empty' || m.fixture === 'many' || m.fixture === 'long' || m.fixture === 'special');
}
