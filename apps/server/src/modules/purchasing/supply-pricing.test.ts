import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveOrderQuantity, type PriceBreak, priceBreakProblems, priceFor } from './supply-pricing';

const breaks: PriceBreak[] = [
  { fromQuantity: 250, unitPrice: 200 },
  { fromQuantity: 500, unitPrice: 185 },
  { fromQuantity: 2000, unitPrice: 170 },
];

describe('priceFor', () => {
  it('picks the break with the largest starting quantity not above the order', () => {
    expect(priceFor(breaks, 250)).toBe(200);
    expect(priceFor(breaks, 499.5)).toBe(200);
    expect(priceFor(breaks, 500)).toBe(185);
    expect(priceFor(breaks, 1999)).toBe(185);
    expect(priceFor(breaks, 2000)).toBe(170);
    expect(priceFor(breaks, 1_000_000)).toBe(170);
  });

  it('charges the first price below the first break', () => {
    expect(priceFor(breaks, 10)).toBe(200);
  });

  it('uses the one price of a single break for every quantity', () => {
    expect(priceFor([{ fromQuantity: 0, unitPrice: 42 }], 7)).toBe(42);
  });

  it('always answers the price of the last break starting at or below the quantity', () => {
    const ascending = fc
      .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 })
      .map((qs) =>
        qs.sort((a, b) => a - b).map((fromQuantity, i) => ({ fromQuantity, unitPrice: 1000 - i })),
      );
    fc.assert(
      fc.property(ascending, fc.integer({ min: 0, max: 12_000 }), (bs, quantity) => {
        const applicable = bs.filter((b) => b.fromQuantity <= quantity).at(-1) ?? bs[0];
        expect(priceFor(bs, quantity)).toBe(applicable.unitPrice);
      }),
    );
  });
});

describe('effectiveOrderQuantity', () => {
  it('rounds a need up to the minimum order quantity', () => {
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 0 }, 80)).toBe(250);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 0 }, 312.5)).toBe(312.5);
  });

  it('rounds up to whole order multiples, after the minimum', () => {
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 100 }, 80)).toBe(300);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 100 }, 310)).toBe(400);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 0, orderMultiple: 6 }, 12)).toBe(12);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 0, orderMultiple: 6 }, 13)).toBe(18);
  });

  it('keeps float noise out of decimal multiples', () => {
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 0, orderMultiple: 0.1 }, 0.3)).toBe(0.3);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 0, orderMultiple: 0.25 }, 1.01)).toBe(1.25);
  });

  it('orders nothing for no need', () => {
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 100 }, 0)).toBe(0);
  });

  it('orders the least quantity that covers the need, the minimum and the multiple', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 500 }),
        (needed, minimumOrderQuantity, orderMultiple) => {
          const q = effectiveOrderQuantity({ minimumOrderQuantity, orderMultiple }, needed);
          expect(q).toBeGreaterThanOrEqual(needed);
          expect(q).toBeGreaterThanOrEqual(minimumOrderQuantity);
          if (orderMultiple > 0) {
            expect(q % orderMultiple).toBe(0);
            expect(q - orderMultiple).toBeLessThan(Math.max(needed, minimumOrderQuantity));
          } else expect(q).toBe(Math.max(needed, minimumOrderQuantity));
        },
      ),
    );
  });
});

describe('priceBreakProblems', () => {
  it('accepts strictly increasing breaks starting at or below the minimum', () => {
    expect(priceBreakProblems(breaks, 250)).toEqual([]);
    expect(priceBreakProblems(breaks, 300)).toEqual([]);
  });

  it('names each break whose quantity does not increase', () => {
    const bad = [
      { fromQuantity: 0, unitPrice: 9 },
      { fromQuantity: 100, unitPrice: 8 },
      { fromQuantity: 100, unitPrice: 7 },
      { fromQuantity: 50, unitPrice: 6 },
    ];
    expect(priceBreakProblems(bad, 0).map(([i]) => i)).toEqual([2, 3]);
  });

  it('names the first break when it starts above the minimum order quantity', () => {
    expect(priceBreakProblems(breaks, 100).map(([i]) => i)).toEqual([0]);
  });
});
