import type { InspectorModel } from './inspector';
import { isEventSourceMessage, type EventSourceMessage } from './eventSourceMessages';
import type { PreviewModel, PreviewSelection } from './model';

/** Extension → preview webview. */
export type ToWebview = { readonly type: 'model'; readonly model: PreviewModel } | { readonly type: 'inspector'; readonly inspector: InspectorModel };

/**
 * Preview webview → extension. Never a send: the page shows what it is
 * given, and a send is always the user's command (CodeLens, palette).
 */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'select'; readonly selection: PreviewSelection }
  | EventSourceMessage;

export function isFromWebview(message: unknown): message is FromWebview {
  if (message === null || typeof message !== 'object') return false;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready') return true;
  if (isEventSourceMessage(m)) return true;
  if (m.type !== 'select' || m.selection === null || typeof m.selection !== 'object') return false;
  const s = m.selection as Record<string, unknown>;
  return ['notifier', 'sample', 'event'].every((k) => s[k] === undefined || typeof s[k] === 'string');
}
