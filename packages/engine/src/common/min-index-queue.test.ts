import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinIndexQueue } from './min-index-queue';

describe('min index queue', () => {
  it('pops what was pushed, smallest first, each once', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(99), { maxLength: 300 }), (xs) => {
        const q = new MinIndexQueue(100);
        for (const x of xs) q.push(x);
        const popped: number[] = [];
        while (q.size > 0) popped.push(q.pop());
        expect(popped).toEqual([...new Set(xs)].sort((a, b) => a - b));
      }),
    );
  });

  it('takes an index again once it was popped', () => {
    const q = new MinIndexQueue(10);
    q.push(3);
    q.push(3);
    expect(q.pop()).toBe(3);
    expect(q.size).toBe(0);
    q.push(3);
    q.push(1);
    expect([q.pop(), q.pop()]).toEqual([1, 3]);
  });
});
