import type { Span } from '../syntax/ast';

/**
 * A map from syntax nodes to facts. Keying a `Map` by the node objects
 * themselves makes V8 give every node an identity hash, which costs more
 * than the whole check on large files; so nodes are found by identity among
 * the few recorded near their start offset.
 */
export class NodeTable<K extends { readonly span: Span }, V> {
  // One flat array per 64 characters of text, of node, value, node, value…
  // in the order they were set: a set appends two slots (no entry object, no
  // hashing: this is done for every expression of a check), a get scans its
  // window from the end, so the latest value of a node set twice wins. A
  // window holds a dozen nodes or so; a long left-deep `&&` chain puts all
  // its nodes at one start, as a map keyed by offset did.
  private readonly windows: ((K | V)[] | undefined)[] = [];

  set(node: K, value: V): void {
    const index = node.span.start >>> 6;
    const window = this.windows[index];
    if (window) {
      window.push(node, value);
      return;
    }
    // Filled up to the index so that the array stays dense (no dictionary mode).
    while (this.windows.length < index) this.windows.push(undefined);
    this.windows[index] = [node, value];
  }

  get(node: K): V | undefined {
    const window = this.windows[node.span.start >>> 6];
    if (!window) return undefined;
    for (let i = window.length - 2; i >= 0; i -= 2) if (window[i] === node) return window[i + 1] as V;
    return undefined;
  }
}
