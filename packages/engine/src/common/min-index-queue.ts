/**
 * A min-heap of distinct integers in [0, capacity): the pending positions of a replay in
 * topological order, popped smallest first, each held at most once. No allocation after
 * construction; `clear` is O(size).
 */
export class MinIndexQueue {
  private readonly heap: Int32Array;
  private readonly held: Uint8Array;
  private length = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.held = new Uint8Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Adds x unless it is already held. */
  push(x: number): void {
    if (this.held[x]) return;
    this.held[x] = 1;
    const a = this.heap;
    let c = this.length++;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (a[parent] <= x) break;
      a[c] = a[parent];
      c = parent;
    }
    a[c] = x;
  }

  pop(): number {
    const a = this.heap;
    const top = a[0];
    this.held[top] = 0;
    const last = a[--this.length];
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.length) break;
      const m = l + 1 < this.length && a[l + 1] < a[l] ? l + 1 : l;
      if (a[m] >= last) break;
      a[c] = a[m];
      c = m;
    }
    if (this.length > 0) a[c] = last;
    return top;
  }
}
