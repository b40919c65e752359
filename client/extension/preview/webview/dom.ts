/**
 * The preview page's two ways of making DOM: elements from props, and
 * outside text made safe for `html` (escaped, secret placeholders marked).
 */
import { escapeHtml, markPlaceholders } from '../markup';

/** `html` must only ever be markup built by ../markup (which escapes all text) or `plain`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; text?: string; html?: string } = {}, children: (Node | null)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.html !== undefined) node.innerHTML = props.html;
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** Escaped text with secret placeholders marked. */
export function plain(text: string): string {
  return markPlaceholders(escapeHtml(text));
}
