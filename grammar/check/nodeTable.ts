import type { Span } from '../syntax/ast';

/**
 * A map from syntax nodes to facts, keyed by the node's start offset and
 * then by identity. Keying a `Map` by the node objects themselves makes V8
 * give every node an identity hash, which costs more than the whole check on
 * large files; offsets are plain numbers, and few nodes share a start.
 */
export class NodeTable<K extends { readonly span: Span }, V> {
  // Two levels: a dense array of small maps, one per 256 characters. One map of
  // millions of offsets (a 10 MB file) spends more in rehashing and cache misses
  // than the check itself; small maps stay in the young generation and in cache.
  private readonly chunks: (Map<number, (K | V)[]> | undefined)[] = [];

  private chunk(start: number, create: boolean): Map<number, (K | V)[]> | undefined {
    const index = start >>> 8;
    let chunk = this.chunks[index];
    if (chunk || !create) return chunk;
    // Filled up to the index so that the array stays dense (no dictionary mode).
    while (this.chunks.length < index) this.chunks.push(undefined);
    this.chunks[index] = chunk = new Map();
    return chunk;
  }

  set(node: K, value: V): void {
    const byStart = this.chunk(node.span.start, true)!;
    const bucket = byStart.get(node.span.start);
    if (!bucket) {
      byStart.set(node.span.start, [node, value]);
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
    const bucket = this.chunk(node.span.start, false)?.get(node.span.start);
    if (!bucket) return undefined;
    for (let i = 0; i < bucket.length; i += 2) if (bucket[i] === node) return bucket[i + 1] as V;
    return undefined;
  }
}
