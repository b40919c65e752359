import type { RenderedDelivery } from '../render/delivery';

/**
 * What the preview shows as the receiver sees it: each channel's `preview`
 * reads the body the dispatcher would send (so the preview shows exactly what
 * goes out) into a plain, serialisable view the webview draws. The readers
 * are forgiving: a missing or odd value shows as empty, never throws.
 */

/** The body is not what the service expects (not JSON): shown raw, with why. */
export interface UnreadableView {
  readonly kind: 'unreadable';
  readonly reason: string;
}

/** The view of a channel's JSON body, or why the body cannot be read. */
export function fromJsonBody<V>(d: RenderedDelivery, read: (body: unknown) => V | UnreadableView): V | UnreadableView {
  const parsed = parseJson(d.request?.body ?? null);
  return parsed.ok ? read(parsed.value) : { kind: 'unreadable', reason: parsed.reason };
}

export function parseJson(body: string | null): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body === null) return { ok: false, reason: 'the request has no body' };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    return { ok: false, reason: `the body is not JSON (${(e as Error).message})` };
  }
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

export function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
