import type { RenderedDelivery } from '../../render/delivery';

/** An ntfy notification as the phone shows it: title, message, priority, tags, and where a tap goes. */
export interface NtfyView {
  readonly kind: 'ntfy';
  readonly topic: string;
  readonly title: string;
  readonly message: string;
  readonly priority: string;
  readonly tags: readonly string[];
  readonly click: string | null;
  readonly markdown: boolean;
}

/** ntfy reads headers, not a JSON body: the view comes from the request's headers and body. */
export function ntfyView(d: RenderedDelivery): NtfyView {
  const r = d.request;
  const header = (name: string) => decodeHeader(Object.entries(r?.headers ?? {}).find(([n]) => n.toLowerCase() === name)?.[1] ?? '');
  let topic = '';
  try {
    topic = decodeURIComponent(new URL(r?.url ?? '').pathname.replace(/^\//, ''));
  } catch {
    topic = r?.url ?? '';
  }
  return {
    kind: 'ntfy',
    topic,
    title: header('title'),
    message: r?.body ?? '',
    priority: header('priority') || 'default',
    tags: header('tags').split(',').map((t) => t.trim()).filter(Boolean),
    click: header('click') || null,
    markdown: header('markdown') === 'yes',
  };
}

/** Undoes the renderer's RFC 2047 encoded word (`=?UTF-8?B?…?=`). */
function decodeHeader(value: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(value);
  if (!m) return value;
  const binary = atob(m[1]!);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
