import type { Span } from '../syntax/ast';

/**
 * A map from syntax nodes to facts, keyed by the node's start offset and
 * then by identity. Keying a `Map` by the node objects themselves makes V8
 * give every node an identity hash, which costs more than the whole check on
 * large files; offsets are plain numbers, and few nodes share a start.
 */
export class NodeTable<K extends { readonly span: Span }, V> {
  private readonly byStart = new Map<number, (K | V)[]>();

  set(node: K, value: V): void {
    const bucket = this.byStart.get(node.span.start);
    if (!bucket) {
      this.byStart.set(node.span.start, [node, value]);
      return;
    }
    for (let i = 0; i < bucket.length; i += 2) {
      if (bucket[i] === node) {
        bucket[i + 1] = value;
        return;
      }
    }
    bucket.push(node, value);
  }

  get(node: K): V | undefined {
    const bucket = this.byStart.get(node.span.start);
    if (!bucket) return undefined;
    for (let i = 0; i < bucket.length; i += 2) if (bucket[i] === node) return bucket[i + 1] as V;
    return undefined;
  }
}
